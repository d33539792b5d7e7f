#!/usr/bin/env node
// Lays out one action as a standalone repository (e.g. org/session-check) in a directory:
// action.yml and dist/ at the root, plus README.md from the generated action reference.
//   node scripts/split-action.mjs session-check ../session-check
// Then, in that directory: git init, commit, tag vX.Y.Z and move vX (see docs/releasing.md).
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [name, outArg] = process.argv.slice(2);
if (!name || !outArg) {
  console.error('usage: node scripts/split-action.mjs <action> <out-dir>');
  process.exit(2);
}
const src = join(root, 'actions', name);
if (!existsSync(join(src, 'action.yml')) || !existsSync(join(src, 'dist', 'index.js'))) {
  console.error(`actions/${name} has no action.yml or dist/index.js (run npm run build first)`);
  process.exit(1);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
cpSync(join(src, 'action.yml'), join(out, 'action.yml'));
cpSync(join(src, 'dist'), join(out, 'dist'), { recursive: true });
const docs = join(root, 'action-docs', `${name}.md`);
const readme = existsSync(docs) ? readFileSync(docs, 'utf8').replace(/<org>\/auto-pr-sessions\/actions\//g, '<org>/') : `# ${name}\n`;
writeFileSync(join(out, 'README.md'), `${readme}\nBuilt from the auto-pr-sessions monorepo (actions/${name}); do not edit here.\n`);
console.log(`wrote ${name} to ${out}: action.yml, dist/, README.md`);

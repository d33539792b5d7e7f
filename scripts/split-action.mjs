#!/usr/bin/env node
// Lays out one action as a standalone repository (e.g. org/session-check) in a directory:
//   action.yml   copied unchanged (runs.main: main.mjs)
//   main.mjs     the action's entry, importing ./dist/index.js instead of the monorepo's ../dist/index.js
//   dist/        the shared bundle (actions/dist), every chunk: run('<name>') loads only what it needs
//   README.md    from the generated action reference
//   node scripts/split-action.mjs session-check ../session-check
// Then, in that directory: git init, commit, tag vX.Y.Z and move vX (see docs/releasing.md).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [name, outArg] = process.argv.slice(2);
if (!name || !outArg) {
  console.error('usage: node scripts/split-action.mjs <action> <out-dir>');
  process.exit(2);
}
const src = join(root, 'actions', name);
const bundle = join(root, 'actions', 'dist');
if (!existsSync(join(src, 'action.yml')) || !existsSync(join(src, 'main.mjs'))) {
  console.error(`actions/${name} has no action.yml or main.mjs: is "${name}" one of the actions in actions/?`);
  process.exit(1);
}
if (!existsSync(join(bundle, 'index.js'))) {
  console.error('actions/dist/index.js is missing: run npm run build first');
  process.exit(1);
}
const entry = readFileSync(join(src, 'main.mjs'), 'utf8');
if (!entry.includes("'../dist/index.js'")) {
  console.error(`actions/${name}/main.mjs does not import '../dist/index.js'; update scripts/split-action.mjs with the new layout`);
  process.exit(1);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
rmSync(join(out, 'dist'), { recursive: true, force: true });
cpSync(join(src, 'action.yml'), join(out, 'action.yml'));
writeFileSync(join(out, 'main.mjs'), entry.replace("'../dist/index.js'", "'./dist/index.js'").replace('(actions/dist)', '(dist/)'));
cpSync(bundle, join(out, 'dist'), { recursive: true });
const docs = join(root, 'action-docs', `${name}.md`);
const readme = existsSync(docs) ? readFileSync(docs, 'utf8').replace(/<org>\/auto-pr-sessions\/actions\//g, '<org>/') : `# ${name}\n`;
writeFileSync(join(out, 'README.md'), `${readme}\nBuilt from the auto-pr-sessions monorepo (actions/${name} and the shared bundle actions/dist); do not edit here.\n`);
console.log(`wrote ${name} to ${out}: action.yml, main.mjs, dist/, README.md`);

#!/usr/bin/env node
// Builds the one shared bundle of the four actions, actions/dist/, with @vercel/ncc.
// Run after `tsc -b` (the entry is the compiled packages/core/dist/actions-entry.js).
//
// Layout (like github/codeql-action: one bundle, a tiny entry per action):
//   actions/dist/index.js          shared entry: run(name) loads only that action's code
//   actions/dist/<n>.index.js      lazy chunks (one per action and per heavy dependency), one copy each,
//                                  minified (names kept) with terser
//   actions/<name>/main.mjs        two lines: import run from ../dist/index.js, run('<name>')
//   actions/<name>/action.yml      runs.main: main.mjs
// scripts/split-action.mjs lays one action out as its own repository from these files.
//
//   node scripts/bundle-actions.mjs --out DIR   builds into DIR/dist instead and copies each
//                                               actions/<name>/{action.yml,main.mjs} to DIR/<name>/,
//                                               leaving actions/ untouched (an experiment to bench with
//                                               BENCH_ACTIONS_DIR=DIR npm run bench -- cold)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { minify } from 'terser';

const root = new URL('..', import.meta.url).pathname;
const entry = join(root, 'packages/core/dist/actions-entry.js');
const outFlag = process.argv.indexOf('--out');
if (outFlag !== -1 && !process.argv[outFlag + 1]) {
  console.error('--out needs a directory');
  process.exit(1);
}
/** The actions/ tree written: the committed one, or a copy elsewhere (--out DIR). */
const outRoot = outFlag === -1 ? join(root, 'actions') : resolve(process.argv[outFlag + 1]);
const out = join(outRoot, 'dist');
mkdirSync(outRoot, { recursive: true });
if (!existsSync(entry)) {
  console.error(`${entry} is missing: run npm run build:ts (tsc -b packages/cli) first, or npm run build`);
  process.exit(1);
}

/**
 * ncc minifies only index.js, and the actions' cold start is mostly compiling chunks: whitespace,
 * comments and local names go (about 7 MB → 3 MB), which cuts session-start's CPU by about 15 %
 * (npm run bench -- cold). Function and class names are kept so that a stack trace in the debug log
 * still names where it failed; no compression pass, so the code stays the code ncc emitted.
 */
async function minifyChunks(dir) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const path = join(dir, file);
    try {
      const result = await minify(readFileSync(path, 'utf8'), { module: true, compress: false, mangle: { keep_fnames: true, keep_classnames: true }, format: { comments: false } });
      writeFileSync(path, result.code ?? '');
    } catch (err) {
      throw new Error(`minifying actions/dist/${file} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

const started = Date.now();
// build beside the old bundle and swap at the end, so actions running meanwhile (tests, benchmarks)
// never find actions/dist half-written or missing for the length of a build
const staging = `${out}.building-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  execFileSync(process.execPath, [join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', entry, '-o', staging, '--license', 'licenses.txt', '-q'], {
    cwd: root,
    stdio: 'inherit',
  });
  await minifyChunks(staging);
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}

// The per-action bundles of the old layout (actions/<name>/dist) must not linger beside the shared one.
const actions = readdirSync(join(root, 'actions'), { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'action.yml')));
for (const { name } of actions) {
  if (outRoot !== join(root, 'actions')) {
    mkdirSync(join(outRoot, name), { recursive: true });
    for (const f of ['action.yml', 'main.mjs']) copyFileSync(join(root, 'actions', name, f), join(outRoot, name, f));
    continue;
  }
  rmSync(join(root, 'actions', name, 'dist'), { recursive: true, force: true });
  const yml = readFileSync(join(root, 'actions', name, 'action.yml'), 'utf8');
  const main = /^\s+main:\s*'?([^'\s]+)'?/m.exec(yml)?.[1];
  if (!main || !existsSync(join(root, 'actions', name, main))) {
    console.error(`actions/${name}/action.yml: runs.main (${main ?? 'missing'}) does not name a file in actions/${name}; expected main.mjs`);
    process.exit(1);
  }
}
const total = readdirSync(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
console.log(`bundled ${out} (${actions.map((a) => a.name).join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${(total / 1024 / 1024).toFixed(2)} MB`);

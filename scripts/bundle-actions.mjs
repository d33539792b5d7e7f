#!/usr/bin/env node
// Bundles every actions/<name>/src/main.ts into actions/<name>/dist with @vercel/ncc.
// Run after `tsc -b` (the entries import the compiled @auto-pr-sessions/core).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, 'actions', d.name, 'src', 'main.ts')))
  .map((d) => d.name)
  .filter((name) => only.length === 0 || only.includes(name));

for (const name of actions) {
  const dir = join(root, 'actions', name);
  const started = Date.now();
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', join(dir, 'src', 'main.ts'), '-o', join(dir, 'dist'), '--license', 'licenses.txt', '-q'], {
    cwd: dir,
    stdio: 'inherit',
  });
  console.log(`bundled actions/${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

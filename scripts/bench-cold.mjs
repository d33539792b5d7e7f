#!/usr/bin/env node
// Cold start plus work of the bundled actions against the floor: a restore-only script built on
// @actions/cache (the library actions/cache uses) restoring one small entry, bundled with ncc like the
// actions, and actions/cache's released restore-only dist (vendored in scripts/fixtures, run as the
// runner runs actions/cache/restore). All run as a runner runs them (a fresh node process per step)
// against the local runtime. Run `npm run build` first.
//   node scripts/bench-cold.mjs          (also: npm run bench -- cold)
//   COLD_RUNS=15 GROWTH_PUSHES=100 node scripts/bench-cold.mjs
//   BENCH_ACTIONS_DIR=DIR                 bench another actions/ tree (DIR/<name>/main.mjs, DIR/dist)
//   BENCH_CONFIG=none                     without the config file `init` writes (default: with it, as in a
//                                         repository set up by `auto-pr-sessions init`)
//   BENCH_NODE=24                         run every step (floor included) under the node of runs.using
//                                         node24, as GitHub's runners do (packages/runtime node-binary.ts)
//   BENCH_ACTIONS_DIR_B=DIR               ratios: also bench a second tree, interleaved run by run with
//                                         the first (their order alternates), e.g. the committed tree
//                                         against one built by `node scripts/bundle-actions.mjs --out DIR`
//
// 1. ratios: restore | released restore | session-start | session-check after that session-start (same job, hand-off),
//    interleaved run by run so machine noise hits all three alike; medians of wall time and of the
//    child's CPU time (user+sys, from /proc/self/stat: cutime+cstime of waited-for children).
// 2. growth: session-start on one stream push after push (1..GROWTH_PUSHES prior pushes), with
//    `actions: write` (superseded cache keys deleted) and `actions: read` (keys pile up), the two
//    interleaved; prints the time at 1, 20 and 100 prior pushes, the per-push growth (Theil–Sen
//    slope over all runs) and the cache entries restored per run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const rt = await import(join(root, 'packages/runtime/dist/index.js'));
const RUNS = Number(process.env.COLD_RUNS ?? 15);
const PUSHES = Number(process.env.GROWTH_PUSHES ?? 100);
// another actions/ tree (e.g. a copy built elsewhere, to compare layouts): <dir>/<name>/main.mjs
const ACTIONS = process.env.BENCH_ACTIONS_DIR ?? join(root, 'actions');
const ACTIONS_B = process.env.BENCH_ACTIONS_DIR_B || null;
const entry = (name, tree = ACTIONS) => join(tree, name, 'main.mjs');
const VENDORED = join(root, 'scripts/fixtures/actions-cache-restore-only/index.js');
const only = process.argv.slice(2);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// The floor: restore one key, set the cache-hit output (what actions/cache/restore does).
const PROBE_SRC = `import * as cache from '@actions/cache';
import * as core from '@actions/core';
const paths = [core.getInput('path')];
const key = core.getInput('key');
if (core.getInput('mode') === 'save') await cache.saveCache(paths, key);
else {
  const hit = await cache.restoreCache(paths, key);
  core.setOutput('cache-hit', String(hit === key));
}
`;
function buildProbe() {
  const dir = join(root, '.tmp/bench-cold');
  const out = join(dir, 'probe');
  const src = join(dir, 'probe-src', 'main.mjs');
  // ncc names an ES module entry's output index.mjs
  if (existsSync(join(out, 'index.mjs')) && existsSync(src) && readFileSync(src, 'utf8') === PROBE_SRC) return join(out, 'index.mjs');
  mkdirSync(join(dir, 'probe-src'), { recursive: true });
  writeFileSync(src, PROBE_SRC);
  execFileSync(process.execPath, [join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', src, '-o', out, '-q'], { cwd: root, stdio: 'inherit' });
  return join(out, 'index.mjs');
}

/** CPU seconds of this process's waited-for children (Linux), in ms; null elsewhere. */
function childCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): cutime and cstime are fields 16 and 17
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return null;
  }
}

const T0 = Date.parse('2025-11-19T12:00:00Z');
const at = (i) => new Date(T0 + i * 60_000).toISOString();
let seq = 0;
const push = (runtime, branch, i) => ({
  ref: `refs/heads/${branch}`, after: `${(seq += 1).toString(16).padStart(8, '0')}${'0'.repeat(32)}`, deleted: false,
  repository: { full_name: runtime.repo, default_branch: 'main', pushed_at: Math.floor(T0 / 1000) + i * 60 },
  sender: { login: 'agent' }, pusher: { name: 'agent' },
  commits: [{ id: 'c'.repeat(40), message: `Auto-PR: step ${i}`, timestamp: at(i), added: [], modified: ['a.ts'], removed: [] }],
});

// the config file `init` writes: a repository set up as the README says has one, and every action reads it
const { configFile } = await import(join(root, 'packages/cli/dist/init/templates.js'));
const CONFIG = process.env.BENCH_CONFIG === 'none' ? null : configFile({ usesPrefix: 'bench/auto-pr-sessions/actions', ref: 'v1', scope: 'branch', testCommand: 'true', junit: 'junit.xml', lcov: 'lcov.info', healthCron: '*/15 * * * *', defaultBranch: 'main' });
async function withConfig(job) {
  if (!CONFIG) return job;
  mkdirSync(join(job.workspace, '.github'), { recursive: true });
  writeFileSync(join(job.workspace, '.github/auto-pr-sessions.yml'), CONFIG);
  return job;
}

// the node the steps run under: the current one, or BENCH_NODE's major (e.g. 24, the runners')
const NODE = process.env.BENCH_NODE ? rt.nodeFor(`node${process.env.BENCH_NODE}`) : null;
if (NODE?.fallback) throw new Error(NODE.fallback);

async function timed(runtime, spec) {
  const cpu = childCpuMs();
  const t = performance.now();
  const r = await rt.runActionProcess(runtime, NODE ? { ...spec, node: NODE.path } : spec);
  const ms = performance.now() - t;
  if (r.code !== 0) throw new Error(`${spec.script ?? spec.action} failed (${r.code}): ${(r.stdout + r.stderr).slice(-800)}`);
  const after = childCpuMs();
  return { ms, cpu: cpu === null || after === null ? NaN : after - cpu, r };
}

const twirp = (stats, prefix) => Object.entries(stats.twirp).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);

async function ratios(probe) {
  const runtime = await rt.startRuntime();
  try {
    // seed the small entry the floor restores (one 1 KiB file, like a state snapshot)
    const seedJob = await rt.newJob(runtime);
    writeFileSync(join(seedJob.workspace, 'small.json'), JSON.stringify({ pad: 'x'.repeat(1000) }));
    await timed(runtime, { action: 'session-start', script: probe, eventName: 'push', payload: {}, ref: 'refs/heads/main', job: seedJob, inputs: { mode: 'save', path: 'small.json', key: 'floor-small' } });
    const trees = ACTIONS_B ? [ACTIONS, ACTIONS_B] : [ACTIONS];
    const rows = { restore: [], vendored: [], start: trees.map(() => []), check: trees.map(() => []) };
    for (let i = 0; i <= RUNS; i++) {
      const restoreJob = await rt.newJob(runtime);
      const restore = await timed(runtime, { action: 'session-start', script: probe, eventName: 'push', payload: {}, ref: 'refs/heads/main', job: restoreJob, inputs: { mode: 'restore', path: 'small.json', key: 'floor-small' } });
      if (restore.r.outputs['cache-hit'] !== 'true') throw new Error('the floor script missed its cache entry');
      if (i > 0) rows.restore.push(restore); // run 0 is a warm-up (file system caches, first zstd probe)
      // the released actions/cache restore-only dist, vendored (scripts/fixtures/actions-cache-restore-only)
      const vendoredJob = await rt.newJob(runtime);
      const vendored = await timed(runtime, { action: 'session-start', script: VENDORED, eventName: 'push', payload: {}, ref: 'refs/heads/main', job: vendoredJob, inputs: { path: 'small.json', key: 'floor-small' } });
      if (vendored.r.outputs['cache-hit'] !== 'true') throw new Error('the vendored actions/cache restore missed its cache entry');
      if (i > 0) rows.vendored.push(vendored);
      // with two trees, their order alternates run by run (each gets a fresh stream)
      const order = trees.map((_, t) => t);
      if (i % 2 === 1) order.reverse();
      for (const t of order) {
        const job = await withConfig(await rt.newJob(runtime));
        const branch = `cold-${t}-${i}`;
        const payload = push(runtime, branch, i);
        const start = await timed(runtime, { action: 'session-start', script: entry('session-start', trees[t]), eventName: 'push', payload, ref: `refs/heads/${branch}`, job, inputs: { now: at(i) } });
        const check = await timed(runtime, { action: 'session-check', script: entry('session-check', trees[t]), eventName: 'push', payload, ref: `refs/heads/${branch}`, job, inputs: { now: at(i) } });
        if (i === 0) continue;
        rows.start[t].push(start);
        rows.check[t].push(check);
      }
    }
    const m = (xs, k) => median(xs.map((x) => x[k]));
    const floor = { ms: m(rows.restore, 'ms'), cpu: m(rows.restore, 'cpu') };
    const released = { ms: m(rows.vendored, 'ms'), cpu: m(rows.vendored, 'cpu') };
    console.log(`\n## Cold start + work against the floor: ${RUNS} interleaved runs after one warm-up (steps under node ${NODE ? execFileSync(NODE.path, ['--version'], { encoding: 'utf8' }).trim() : process.version})`);
    console.log('floor: a restore-only script on @actions/cache (bundled with ncc) restoring one 1 KiB entry; the ratios in brackets are against it');
    console.log(CONFIG ? 'the actions read the config file `auto-pr-sessions init` writes (BENCH_CONFIG=none: without it)' : 'no config file (the defaults)');
    console.log('also: actions/cache\'s released restore-only dist (5.0.4, vendored in scripts/fixtures) restoring the same entry');
    if (ACTIONS_B) console.log(`trees: [A] ${ACTIONS}  [B] ${ACTIONS_B}`);
    const line = (label, rs, target) => {
      const ms = m(rs, 'ms');
      const cpu = m(rs, 'cpu');
      const ratio = ms / floor.ms;
      const verdict = target === null ? '' : `  target ≤ ${target}× ${ratio <= target ? 'met' : 'MISSED'}`;
      const vsReleased = target === null ? '' : `; against the released dist ${(ms / released.ms).toFixed(2)}× wall, ${(cpu / released.cpu).toFixed(2)}× CPU`;
      console.log(`${label.padEnd(38)} median ${ms.toFixed(0).padStart(4)} ms wall (${ratio.toFixed(2)}×), ${cpu.toFixed(0).padStart(4)} ms CPU (${(cpu / floor.cpu).toFixed(2)}×)${verdict}${vsReleased}`);
    };
    line('restore-only (@actions/cache)', rows.restore, null);
    line('actions/cache restore-only (released)', rows.vendored, null);
    for (let t = 0; t < trees.length; t++) {
      const tag = ACTIONS_B ? ` [${'AB'[t]}]` : '';
      line(`session-start (push)${tag}`, rows.start[t], 1.5);
      line(`session-check after session-start${tag}`, rows.check[t], 0.5);
    }
    const bare = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      execFileSync(NODE?.path ?? process.execPath, ['-e', '0']);
      bare.push(performance.now() - t);
    }
    console.log(`${'node -e 0 (process start)'.padEnd(38)} median ${median(bare).toFixed(0).padStart(4)} ms wall`);
  } finally {
    await runtime.close();
  }
}

/** Theil–Sen slope (median of pairwise slopes): robust to the load spikes of a shared machine. */
function slope(ys) {
  const s = [];
  for (let i = 0; i < ys.length; i++) for (let j = i + 1; j < ys.length; j++) s.push((ys[j] - ys[i]) / (j - i));
  return median(s);
}

/** session-start push after push on one stream per permission, the two streams interleaved. */
async function growth() {
  const perms = ['write', 'read'];
  const runtimes = await Promise.all(perms.map(() => rt.startRuntime()));
  const times = perms.map(() => []);
  const restores = perms.map(() => []);
  try {
    for (let i = 0; i <= PUSHES; i++) {
      for (let p = 0; p < perms.length; p++) {
        const runtime = runtimes[p];
        const before = runtime.stats();
        const job = await withConfig(await rt.newJob(runtime));
        const spec = { action: 'session-start', script: entry('session-start'), eventName: 'push', payload: push(runtime, 'growth', i), ref: 'refs/heads/growth', job, inputs: { now: at(i) }, actionsPermission: perms[p] };
        const { ms } = await timed(runtime, spec);
        times[p].push(ms);
        restores[p].push(twirp(runtime.stats(), 'CacheService/GetCacheEntryDownloadURL') - twirp(before, 'CacheService/GetCacheEntryDownloadURL'));
      }
    }
  } finally {
    await Promise.all(runtimes.map((r) => r.close()));
  }
  for (let p = 0; p < perms.length; p++) {
    // times[k] is the run with k prior pushes; a median of nine around k smooths slow runs
    const ts = times[p];
    const around = (k) => median(ts.slice(Math.max(1, k - 4), Math.min(ts.length, k + 5)));
    const marks = [1, 20, 100].filter((k) => k < ts.length);
    const rs = restores[p].slice(1);
    console.log(
      `actions: ${perms[p].padEnd(5)}  ${marks.map((k) => `${k} prior: ${around(k).toFixed(0).padStart(4)} ms`).join('  ')}` +
        `  growth ${slope(ts.slice(1)).toFixed(2)} ms/push (Theil–Sen)  cache restores per run: median ${median(rs)}, max ${Math.max(...rs)}`,
    );
  }
}

/** The committed JavaScript of the actions: the shared bundle and the per-action entries. */
function sizes() {
  const mb = (b) => `${(b / 1024 / 1024).toFixed(2)} MB`;
  const dist = join(ACTIONS, 'dist');
  if (!existsSync(dist)) return console.log(`\n## Bundle: ${dist} missing (run npm run build)`);
  const files = readdirSync(dist).map((f) => ({ f, size: statSync(join(dist, f)).size }));
  const js = files.filter((x) => x.f.endsWith('.js'));
  const entries = readdirSync(ACTIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ACTIONS, d.name, 'main.mjs')))
    .map((d) => ({ name: d.name, size: statSync(join(ACTIONS, d.name, 'main.mjs')).size }));
  const jsTotal = js.reduce((n, x) => n + x.size, 0) + entries.reduce((n, x) => n + x.size, 0);
  console.log('\n## Bundle: one shared bundle (actions/dist) for all actions, a main.mjs per action');
  console.log(`actions/dist/index.js ${mb(js.find((x) => x.f === 'index.js')?.size ?? 0)} (loaded by every action), ${js.length - 1} lazy chunks, dist/ total ${mb(files.reduce((n, x) => n + x.size, 0))}`);
  console.log(`entries: ${entries.map((e) => `${e.name}/main.mjs ${e.size} B`).join(', ')}`);
  console.log(`committed JavaScript: ${mb(jsTotal)} (target < 10 MB; four per-action bundles were 28.62 MB)`);
}

if (only.length === 0 || only.includes('sizes')) sizes();
if (only.length === 0 || only.includes('ratios')) await ratios(buildProbe());
if (only.length === 0 || only.includes('growth')) {
  console.log(`\n## Steady-state load: session-start on one stream after 1..${PUSHES} pushes, actions: write and read interleaved (median of 9 runs around each mark)`);
  await growth();
}

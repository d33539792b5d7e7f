#!/usr/bin/env node
// Benchmarks (figures, not tests). Run `npm run build` first so the bundles are current.
//   npm run bench              all sections
//   npm run bench -- actions   only the action runs (also: parsers, sweep, simulate, trust)
//   npm run bench -- cold      cold start against an @actions/cache restore, per-push growth, bundle size
// Prints medians of repeated runs measured side by side in one process; machines here are noisy.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const core = { ...(await import(join(root, 'packages/core/dist/index.js'))), ...(await import(join(root, 'packages/runtime/dist/index.js'))) };
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const dirSize = (dir) => readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
const mb = (b) => `${(b / 1024 / 1024).toFixed(2)} MB`;

function sumTwirp(stats, prefix) {
  return Object.entries(stats.twirp).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
}

async function measure(runtime, label, runOnce) {
  const times = [];
  const rest = [];
  const cache = [];
  const artifact = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const before = runtime.stats();
    const { ms } = await runOnce(i);
    const after = runtime.stats();
    if (i === 0) continue; // warm-up (file system caches, first zstd probe)
    times.push(ms);
    rest.push(after.rest - before.rest);
    cache.push(sumTwirp(after, 'CacheService') - sumTwirp(before, 'CacheService'));
    artifact.push(sumTwirp(after, 'ArtifactService') - sumTwirp(before, 'ArtifactService'));
  }
  console.log(
    `${label.padEnd(46)} median ${median(times).toFixed(0).padStart(5)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})` +
      `  REST ${median(rest)}  cache ops ${median(cache)}  artifact ops ${median(artifact)}`,
  );
}

async function benchActions() {
  console.log(`\n## Actions: cold start + work, ${RUNS} runs each after one warm-up (node ${process.version})`);
  // one shared bundle for the four actions (scripts/bundle-actions.mjs); details: npm run bench -- cold
  const dist = join(root, 'actions', 'dist');
  if (existsSync(dist)) console.log(`bundle actions/dist (shared) index.js ${mb(statSync(join(dist, 'index.js')).size)}, dist/ total ${mb(dirSize(dist))}`);
  const runtime = await core.startRuntime();
  const T0 = Date.parse('2025-11-19T12:00:00Z');
  let n = 0;
  const push = (branch, i) => ({
    ref: `refs/heads/${branch}`, after: `${(n += 1).toString(16).padStart(8, '0')}${'0'.repeat(32)}`, deleted: false,
    repository: { full_name: runtime.repo, default_branch: 'main', pushed_at: Math.floor(T0 / 1000) + i * 60 },
    sender: { login: 'agent' }, pusher: { name: 'agent' },
    commits: [{ id: 'c'.repeat(40), message: `Auto-PR: step ${i}`, timestamp: new Date(T0 + i * 60_000).toISOString(), added: [], modified: ['a.ts'], removed: [] }],
  });
  const at = (i) => new Date(T0 + i * 60_000).toISOString();
  const timed = async (spec) => {
    const t = performance.now();
    const r = await core.runActionProcess(runtime, spec);
    if (r.code !== 0) throw new Error(`${spec.action} failed: ${r.stdout.slice(-500)}`);
    return { ms: performance.now() - t, r };
  };
  try {
    await measure(runtime, 'session-start (push, branch scope)', async (i) => {
      const job = await core.newJob(runtime);
      return timed({ action: 'session-start', eventName: 'push', payload: push('bench-start', i), ref: 'refs/heads/bench-start', job, inputs: { now: at(i) } });
    });
    // the common case: session-check after session-start in the same job (hand-off, no I/O)
    const jobs = [];
    for (let i = 0; i <= RUNS; i++) {
      const job = await core.newJob(runtime);
      const payload = push('bench-check', i);
      await core.runActionProcess(runtime, { action: 'session-start', eventName: 'push', payload, ref: 'refs/heads/bench-check', job, inputs: { now: at(i) } });
      jobs.push({ job, payload });
    }
    await measure(runtime, 'session-check after session-start (common)', async (i) =>
      timed({ action: 'session-check', eventName: 'push', payload: jobs[i].payload, ref: 'refs/heads/bench-check', job: jobs[i].job, inputs: { now: at(i) } }),
    );
    await measure(runtime, 'session-check alone (records the event)', async (i) => {
      const job = await core.newJob(runtime);
      return timed({ action: 'session-check', eventName: 'push', payload: push('bench-alone', i), ref: 'refs/heads/bench-alone', job, inputs: { now: at(i) } });
    });
    await measure(runtime, 'session-check, scheduled sweep of one stream', async () => {
      const job = await core.newJob(runtime);
      return timed({ action: 'session-check', eventName: 'schedule', payload: {}, ref: 'refs/heads/main', job, inputs: { 'session-id': 'b-bench-alone', now: at(RUNS + 2) } });
    });
    const bare = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      bare.push(performance.now() - t);
    }
    console.log(`${'node -e 0 (process start, for reference)'.padEnd(46)} median ${median(bare).toFixed(0).padStart(5)} ms`);
  } finally {
    await runtime.close();
  }
}

if (want('actions')) await benchActions();
if (want('parsers') && existsSync(join(root, 'scripts/bench-parsers.mjs'))) {
  console.log('\n## Report parsers');
  execFileSync(process.execPath, [join(root, 'scripts/bench-parsers.mjs')], { stdio: 'inherit' });
}
if (want('cold') && existsSync(join(root, 'scripts/bench-cold.mjs'))) execFileSync(process.execPath, [join(root, 'scripts/bench-cold.mjs')], { stdio: 'inherit' });
if (want('sweep') && existsSync(join(root, 'scripts/bench-sweep.mjs'))) {
  execFileSync(process.execPath, [join(root, 'scripts/bench-sweep.mjs')], { stdio: 'inherit' });
}
if (want('simulate') && existsSync(join(root, 'scripts/bench-sim.mjs'))) execFileSync(process.execPath, [join(root, 'scripts/bench-sim.mjs')], { stdio: 'inherit' });
if (want('trust') && existsSync(join(root, 'scripts/bench-trust.mjs'))) execFileSync(process.execPath, [join(root, 'scripts/bench-trust.mjs')], { stdio: 'inherit' });

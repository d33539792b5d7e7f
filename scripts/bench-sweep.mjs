#!/usr/bin/env node
// Benchmark of the session-health sweep over 1 000 sessions in the local runtime: wall time and REST
// calls of the bundled action, as a runner runs it. Run `npm run build` first.
//   node scripts/bench-sweep.mjs            (also: npm run bench -- sweep)
//   SWEEP_SESSIONS=1000 SWEEP_COLD_RUNS=40 node scripts/bench-sweep.mjs
//
// The repository: SWEEP_SESSIONS streams (one session each, spread over 30 days), every stream with a
// state cache and one state artifact per write that touched it (1-3), like session-start,
// session-check and compute-reward-batched leave them. Scenarios:
//   cold      no index yet, request-budget 60: what one sweep covers, and how many sweeps converge
//   full      no index, unlimited budget: the cost of reading everything once
//   warm      the steady state: index from the previous sweep, a few streams changed since
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const core = { ...(await import(join(root, 'packages/core/dist/index.js'))), ...(await import(join(root, 'packages/runtime/dist/index.js'))) };
const N = Number(process.env.SWEEP_SESSIONS ?? 1000);
const COLD_RUNS = Number(process.env.SWEEP_COLD_RUNS ?? 40);
const NOW = Date.parse('2025-11-20T12:00:00.000Z');
const iso = (t) => new Date(t).toISOString();
const MIN = 60_000;

let clock = NOW - 31 * 24 * 60 * MIN;
const rt = await core.startRuntime({ now: () => clock });

let seq = 0;
function push(branch, author, at) {
  seq += 1;
  const sha = seq.toString(16).padStart(40, '0');
  return {
    id: `push:${sha}`, kind: 'push', at: iso(at), repo: rt.repo, author, actor: author, branch, prNumber: null, headSha: sha, title: null, body: null,
    commits: [{ sha, message: `Auto-PR: step ${seq}`, at: iso(at), added: [], modified: ['src/a.ts'], removed: [] }], draft: null, association: null, inputs: {}, sessionId: null, fork: false,
  };
}

/** One stream's successive snapshots (each a complete state, as every write leaves one). */
function streamSnapshots(i) {
  const branch = `auto-pr-${i}`;
  const key = core.streamKey({ scope: 'branch', name: branch });
  const author = `agent-${i % 17}`;
  const kind = i % 20 === 0 ? 'active' : i % 25 === 1 ? 'waiting' : i % 33 === 2 ? 'abandoned' : 'scored';
  // active sessions pushed in the last quarter hour (none goes idle during the bench); the rest spread over 29 days
  const start = kind === 'active' ? NOW - 12 * MIN - (i % 5) * MIN : NOW - 60 * MIN - ((i * 37) % (29 * 24 * 60)) * MIN;
  const pushes = kind === 'active' ? 1 + (i % 3) : 1 + (i % 4);
  const events = Array.from({ length: pushes }, (_, p) => push(branch, author, start + p * (kind === 'active' ? 2 : 6) * MIN));
  const last = start + (pushes - 1) * 6 * MIN;
  const sessionId = core.sessionIdFor(key, events[0].at);
  const marks = [];
  if (kind === 'waiting') marks.push(core.markEvent({ kind: 'score_requested', sessionId, at: iso(NOW - 10 * MIN), repo: rt.repo, runId: `h${i}` }));
  if (kind === 'scored') {
    marks.push(core.markEvent({ kind: 'score_requested', sessionId, at: iso(last + 31 * MIN), repo: rt.repo, runId: `h${i}` }));
    marks.push(core.markEvent({ kind: 'scored', sessionId, at: iso(last + 40 * MIN), repo: rt.repo, runId: `${9_000_000 + i}`, detail: JSON.stringify({ score: ((i * 7) % 90) / 10 - 2, decision: 'approve' }) }));
  }
  if (kind === 'abandoned') marks.push(core.markEvent({ kind: 'abandoned', sessionId, at: iso(last + 25 * 60 * MIN), repo: rt.repo, runId: `a${i}`, detail: 'orphaned: branch deleted' }));
  // writes: the pushes (up to two snapshots kept), then the marks
  const snaps = [];
  let state = core.emptyState(key);
  const writes = [events.slice(0, Math.ceil(pushes / 2)), [...events.slice(Math.ceil(pushes / 2)), ...marks]].filter((w) => w.length > 0);
  for (const evs of writes) {
    state = core.addEvents(state, evs);
    snaps.push(state);
  }
  return { key, branch, kind, snaps };
}

async function asRun(ref, fn) {
  const dir = await mkdtemp(join(tmpdir(), 'aps-bench-seed-'));
  const runId = rt.newRunId();
  const env = rt.envFor({ ref, runId, workspace: dir, tempDir: dir, eventName: 'push' });
  Object.assign(process.env, env);
  const unmute = core.muteStdout();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await fn(dir, runId);
  } finally {
    process.chdir(cwd);
    unmute();
    await rm(dir, { recursive: true, force: true });
  }
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  }));
}

/** Uploads snapshot `w` of every stream (one workflow run per 100 streams) and a cache entry for the last one. */
async function seedWrites(streams, w) {
  for (let b = 0; b < streams.length; b += 100) {
    const batch = streams.slice(b, b + 100).filter((s) => s.snaps[w]);
    if (batch.length === 0) continue;
    await asRun('refs/heads/main', async (dir, runId) => {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const cache = await import('@actions/cache');
      const client = new DefaultArtifactClient();
      await pool(batch, 8, async (s, i) => {
        const sub = join(dir, String(i));
        await rm(sub, { recursive: true, force: true });
        const { mkdir } = await import('node:fs/promises');
        await mkdir(sub, { recursive: true });
        // a snapshot names the runs folded into it: its own and those of the earlier snapshots
        s.runs = [...(s.runs ?? []), `${runId}-1`];
        await writeFile(join(sub, 'state.json'), JSON.stringify({ ...s.snaps[w], writers: [...s.runs].sort() }));
        await client.uploadArtifact(`aps-state-${s.key}`, [join(sub, 'state.json')], sub, { retentionDays: 90 });
        if (w === s.snaps.length - 1) await cache.saveCache([join(sub, 'state.json')], `aps1-${s.key}-${runId}-1-${i.toString(16)}`);
      });
    });
    clock += 60_000;
  }
}

function sweep(now, inputs = {}) {
  return (async () => {
    const before = rt.stats();
    const started = performance.now();
    const run = await core.runActionProcess(rt, { action: 'session-health', eventName: 'schedule', payload: { schedule: '*/15 * * * *' }, ref: 'refs/heads/main', inputs: { now: iso(now), ...inputs } });
    const ms = performance.now() - started;
    if (run.code !== 0) throw new Error(`session-health failed:\n${run.stdout.slice(-3000)}`);
    const after = rt.stats();
    const report = JSON.parse(await (await import('node:fs/promises')).readFile(run.outputs['report-path'], 'utf8'));
    return { ms, rest: after.rest - before.rest, outputs: run.outputs, report, byRoute: diffRoutes(before.restByRoute, after.restByRoute) };
  })();
}

function diffRoutes(a, b) {
  const out = {};
  for (const [k, v] of Object.entries(b)) if (v - (a[k] ?? 0) > 0) out[k.replace(' /repos/{owner}/{repo}/', ' ')] = v - (a[k] ?? 0);
  return out;
}

const line = (label, r) =>
  console.log(`${label.padEnd(44)} ${r.ms.toFixed(0).padStart(6)} ms  REST ${String(r.rest).padStart(4)}  read ${String(r.report.sweep.streamsReadThisRun).padStart(4)}  stale ${String(r.report.sweep.streamsStale).padStart(4)}  sessions ${r.outputs.sessions}  dispatched ${r.outputs.dispatched}  status ${r.outputs.status}`);

try {
  console.log(`\n## session-health sweep over ${N} sessions (local runtime, bundled action; node ${process.version})`);
  const t0 = performance.now();
  const streams = Array.from({ length: N }, (_, i) => streamSnapshots(i));
  for (const s of streams) rt.github.addCommit({ branch: s.branch });
  const maxWrites = Math.max(...streams.map((s) => s.snaps.length));
  for (let w = 0; w < maxWrites; w++) await seedWrites(streams, w);
  const artifacts = streams.reduce((n, s) => n + s.snaps.length, 0);
  console.log(`seeded ${N} streams: ${artifacts} state artifacts, ${N} state caches, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  clock = NOW;

  // cold, default budget: one sweep, then back-to-back sweeps until every stream was read
  const cold = await sweep(NOW);
  line('cold sweep, request-budget 60 (first run)', cold);
  let runs = 1;
  let last = cold;
  let total = cold.rest;
  let ms = cold.ms;
  while (last.outputs['budget-exhausted'] === 'true' && runs < COLD_RUNS) {
    clock += 10_000;
    last = await sweep(clock);
    runs += 1;
    total += last.rest;
    ms += last.ms;
  }
  console.log(`${'  … until every stream was read'.padEnd(44)} ${runs} runs, ${(ms / 1000).toFixed(1)} s and ${total} REST calls in all (${last.outputs['budget-exhausted'] === 'true' ? 'NOT converged' : 'converged'}; ${last.report.sweep.streamsKnown} streams)`);

  // the steady state: 20 streams got a push, 10 their score, 3 new ones went idle with no hand-off
  clock = NOW + 5 * MIN;
  const changed = [];
  for (let i = 0; i < 33; i++) {
    const s = streams[(i * 29 + 3) % N];
    const prev = s.snaps.at(-1);
    let key = s.key;
    let next;
    if (i < 20) next = core.addEvents(prev, [push(s.branch, 'agent-0', clock - MIN)]);
    else if (i < 30) next = core.addEvents(prev, [core.markEvent({ kind: 'scored', sessionId: core.sessionIdFor(s.key, prev.events[0].at), at: iso(clock - MIN), repo: rt.repo, runId: `${8_000_000 + i}` })]);
    else {
      const branch = `fresh-${i}`;
      rt.github.addCommit({ branch });
      key = core.streamKey({ scope: 'branch', name: branch });
      next = core.addEvents(core.emptyState(key), [push(branch, 'agent-1', clock - 50 * MIN), push(branch, 'agent-1', clock - 45 * MIN)]);
    }
    changed.push({ key, snaps: [next], runs: [...(s.runs ?? [])] });
  }
  await seedWrites(changed, 0);
  clock = NOW + 10 * MIN;
  const warm = await sweep(clock);
  line('warm sweep, request-budget 60 (33 changed)', warm);
  console.log(`  REST by route: ${Object.entries(warm.byRoute).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  alerts: ${warm.report.alerts.join('; ') || 'none'}`);
  console.log(`  goal ≤ 60 REST calls and ≤ 10 s for a sweep of ${N} sessions: ${warm.rest <= 60 && warm.ms <= 10_000 ? 'met' : 'NOT met'} in the steady state`);
  clock += 10_000;
  const idle = await sweep(clock);
  line('warm sweep, nothing changed', idle);
} finally {
  await rt.close();
}

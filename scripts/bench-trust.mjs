#!/usr/bin/env node
// Benchmarks of the trust boundary (figures, not tests). Run `npm run build` first.
//   node scripts/bench-trust.mjs            (also: npm run bench -- trust)
//   TRUST_BOMB_MB=200 TRUST_STREAMS=20 node scripts/bench-trust.mjs
//
// 1. The session fold of 100 000 events (one stream, many sessions, marks), and parsing plus schema
//    validation of a snapshot at the per-stream cap (10 000 events).
// 2. The session-health sweep (the bundled action, as a runner runs it) over TRUST_STREAMS real
//    streams, without and with a fork's hostile uploads: zip archives that inflate to TRUST_BOMB_MB
//    each (into victim streams and into the fork's own), a 25 000-event snapshot, an oversize archive,
//    a forged health index and invented streams. Wall time and peak RSS of the action process.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const core = { ...(await import(join(root, 'packages/core/dist/index.js'))), ...(await import(join(root, 'packages/runtime/dist/index.js'))) };
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BOMB_MB = Number(process.env.TRUST_BOMB_MB ?? 200);
const STREAMS = Number(process.env.TRUST_STREAMS ?? 20);
const MIN = 60_000;
const iso = (t) => new Date(t).toISOString();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

function push(branch, at, n, repo = 'octo-org/octo-repo') {
  const sha = n.toString(16).padStart(40, '0');
  return {
    ...core.baseEvent(`push:${sha}`, 'push', iso(at), repo), author: 'agent', actor: 'agent', branch, headSha: sha,
    commits: [{ sha, message: `Auto-PR: step ${n}`, at: iso(at), added: [], modified: ['src/a.ts', 'test/a.test.ts'], removed: [] }],
  };
}

// ---- 1. the fold

function foldBench() {
  console.log(`\n## Session fold (node ${process.version}), median of ${RUNS}`);
  const config = core.defaultConfig();
  const T0 = Date.parse('2025-01-01T00:00:00Z');
  const key = 'b-bench-fold';
  const events = [];
  // bursts of 10 pushes a minute apart, 45 minutes between bursts: one session per burst, each handed out and scored
  for (let i = 0; events.length < 100_000; i++) {
    const burst = Math.floor(i / 10);
    const at = T0 + burst * 55 * MIN + (i % 10) * MIN;
    events.push(push('bench-fold', at, i));
    if (i % 10 === 9) {
      const sid = core.sessionIdFor(key, iso(T0 + burst * 55 * MIN));
      events.push(core.markEvent({ kind: 'score_requested', sessionId: sid, at: iso(at + 31 * MIN), repo: 'octo-org/octo-repo', runId: `${burst}` }));
      events.push(core.markEvent({ kind: 'scored', sessionId: sid, at: iso(at + 40 * MIN), repo: 'octo-org/octo-repo', runId: `${burst}` }));
    }
  }
  const sorted = events.slice(0, 100_000).sort(core.compareEvents);
  const state = { version: 1, streamKey: key, events: sorted, writers: [] };
  const times = [];
  let sessions = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const t = performance.now();
    sessions = core.foldSessions(state, config).length;
    if (r > 0) times.push(performance.now() - t);
  }
  console.log(`fold of ${sorted.length} events (${sessions} sessions)`.padEnd(64) + `median ${median(times).toFixed(0).padStart(5)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);

  const capped = { ...state, events: sorted.slice(-core.MAX_EVENTS_PER_STREAM) };
  const text = JSON.stringify(capped);
  const parse = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const t = performance.now();
    core.parseStateJson(text, 'bench', key);
    if (r > 0) parse.push(performance.now() - t);
  }
  console.log(`parse + schema-validate a ${capped.events.length}-event snapshot (${mb(text.length)})`.padEnd(64) + `median ${median(parse).toFixed(0).padStart(5)} ms`);
  const hostile = JSON.stringify({ ...state, events: sorted.slice(0, 25_000) });
  const t = performance.now();
  let refused = '';
  try {
    core.parseStateJson(hostile, 'bench', key);
  } catch (err) {
    refused = err.message.replace(/^bench: /, '');
  }
  console.log(`refuse a 25 000-event snapshot (${mb(hostile.length)})`.padEnd(64) + `${(performance.now() - t).toFixed(0).padStart(12)} ms  (${refused.slice(0, 90)})`);
}

// ---- 2. the sweep

async function asRun(rt, ctx, fn) {
  const dir = await mkdtemp(join(tmpdir(), 'aps-bench-trust-'));
  const env = rt.envFor({ ...ctx, runId: rt.newRunId(), workspace: dir, tempDir: dir });
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const unmute = core.muteStdout();
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await fn(dir);
  } finally {
    process.chdir(cwd);
    unmute();
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await rm(dir, { recursive: true, force: true });
  }
}

async function upload(rt, ctx, name, content) {
  await asRun(rt, ctx, async (dir) => {
    await writeFile(join(dir, 'state.json'), content);
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().uploadArtifact(name, [join(dir, 'state.json')], dir, { retentionDays: 30 });
  });
}

async function world(hostile) {
  const rt = await core.startRuntime({ now: () => Date.parse('2026-11-01T00:00:00Z') });
  rt.github.setWorkflows(['.github/workflows/reward.yml']);
  const NOW = Date.parse('2025-11-20T12:00:00Z');
  const main = { ref: 'refs/heads/main', eventName: 'push' };
  for (let i = 0; i < STREAMS; i++) {
    const branch = `real-${i}`;
    rt.github.addCommit({ branch, message: 'work' });
    const key = core.streamKey({ scope: 'branch', name: branch });
    const start = NOW - (60 + i * 7) * MIN;
    const state = core.addEvents(core.emptyState(key), [0, 1, 2].map((p) => push(branch, start + p * 2 * MIN, i * 10 + p)));
    await upload(rt, main, `aps-state-${key}`, JSON.stringify(state));
  }
  if (hostile) {
    const pr = rt.github.addPull({ head: 'evil', headRepo: 'mallory/octo-repo', title: 'Auto-PR: evil', user: 'mallory' }).number;
    const forkId = rt.github.repoIdOf('mallory/octo-repo');
    const fork = { ref: `refs/pull/${pr}/merge`, baseRef: 'main', eventName: 'pull_request', actionsPermission: 'read', permissions: { actions: 'read', contents: 'read', issues: 'read', pull_requests: 'read', checks: 'read', metadata: 'read' } };
    const bomb = `{"version":1,"streamKey":"x","events":[${' '.repeat(BOMB_MB * 1024 * 1024)}]}`;
    for (let i = 0; i < 3; i++) await upload(rt, fork, `aps-state-b-real-${i}`, bomb);
    for (let i = 0; i < 3; i++) await upload(rt, fork, `aps-state-f-${forkId}-bomb-${i}`, bomb);
    const many = Array.from({ length: 25_000 }, (_, n) => push('many', NOW - 2 * 24 * 60 * MIN + n * 1000, n));
    await upload(rt, fork, `aps-state-f-${forkId}-many`, JSON.stringify({ version: 1, streamKey: `f-${forkId}-many`, events: many, writers: [] }));
    await upload(rt, fork, `aps-state-f-${forkId}-big`, randomBytes(3 * 1024 * 1024));
    for (let i = 0; i < 20; i++) await upload(rt, fork, `aps-state-b-invented-${i}`, JSON.stringify({ version: 1, streamKey: `b-invented-${i}`, events: [push(`invented-${i}`, NOW - 90 * MIN, 10_000 + i)], writers: [] }));
    await upload(rt, fork, 'aps-health-index', JSON.stringify({ version: 1, streams: {}, dispatches: {} }));
  }
  return { rt, now: iso(NOW) };
}

async function sweepOnce(rt, now) {
  const job = await core.newJob(rt);
  const rssFile = join(job.tempDir, 'rss');
  // the action's own main.mjs, wrapped to report its peak resident set size when it exits
  const wrapper = join(job.tempDir, 'wrap.mjs');
  await writeFile(wrapper, `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS * 1024)));\nawait import(${JSON.stringify(join(root, 'actions', 'session-health', 'main.mjs'))});\n`);
  const t = performance.now();
  const run = await core.runActionProcess(rt, { action: 'session-health', eventName: 'schedule', payload: {}, ref: 'refs/heads/main', job, inputs: { now }, script: wrapper });
  const ms = performance.now() - t;
  const rss = Number(await readFile(rssFile, 'utf8').catch(() => '0'));
  const report = run.outputs['report-path'] ? JSON.parse(await readFile(run.outputs['report-path'], 'utf8')) : null;
  return { code: run.code, ms, rss, report };
}

async function sweepBench() {
  console.log(`\n## session-health sweep, ${STREAMS} real streams; hostile: 6 archives inflating to ${BOMB_MB} MB, 25 000 events, 3 MB archive, 20 invented streams, forged index`);
  for (const hostile of [false, true]) {
    const { rt, now } = await world(hostile);
    try {
      const r = await sweepOnce(rt, now);
      const handed = (r.report?.actions ?? []).filter((a) => a.result === 'dispatched').length;
      const closed = (r.report?.actions ?? []).filter((a) => a.result === 'closed-out').length;
      console.log(`${hostile ? 'with the attack' : 'without'}`.padEnd(18) + `exit ${r.code}  ${r.ms.toFixed(0).padStart(6)} ms  peak RSS ${mb(r.rss)}  dispatched ${handed}  closed out ${closed}  unreadable ${r.report?.sweep.unreadable.length ?? '?'}  status ${r.report?.status ?? '?'}`);
    } finally {
      await rt.close();
    }
  }
}

foldBench();
await sweepBench();

import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsReport, HealthReport } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { buildStates } from '../analytics/fixture.js';
import type { SessionSpec } from '../analytics/fixture.js';
import { rest, seedStream, uploadRaw } from '../health/seed.js';
import { newJob, runActionProcess } from './harness.js';

// The session-health bundle run as a runner does (schedule on the default branch) against the local
// runtime; session state seeded through the real state store (cache in the branch's scope + artifact).

const NOW = '2025-11-20T12:00:00.000Z';
let clock = Date.parse(NOW) - 3_600_000;
let rt: LocalRuntime;

async function seed(specs: ReadonlyArray<Omit<SessionSpec, 'author'>>, branchesThatExist: readonly string[]): Promise<void> {
  for (const b of branchesThatExist) rt.github.addCommit({ branch: b, message: `work on ${b}` });
  for (const [i, state] of buildStates(specs.map((s) => ({ author: 'agent', ...s }))).entries()) await seedStream(rt, state, specs[i]!.branch);
}

async function sweep(now: string, inputs: Record<string, string> = {}, config?: string) {
  const job = await newJob(rt);
  if (config) {
    await mkdir(join(job.workspace, '.github'), { recursive: true });
    await writeFile(join(job.workspace, '.github', 'auto-pr-sessions.yml'), config);
  }
  const before = rt.stats().rest;
  const run = await runActionProcess(rt, { action: 'session-health', eventName: 'schedule', payload: { schedule: '0 * * * *' }, ref: 'refs/heads/main', job, inputs: { now, ...inputs } });
  const report = run.outputs['report-path'] ? (JSON.parse(await readFile(run.outputs['report-path'], 'utf8')) as HealthReport) : null;
  return { ...run, report, rest: rt.stats().rest - before, job };
}

async function check(stream: string, now: string) {
  return runActionProcess(rt, { action: 'session-check', eventName: 'schedule', payload: { schedule: '*/5 * * * *' }, ref: 'refs/heads/main', inputs: { now, 'session-id': stream } });
}

describe('session-health sweep: every case, end to end', () => {
  beforeAll(async () => {
    rt = await startRuntime({ now: () => clock });
    rt.github.setWorkflows(['.github/workflows/reward.yml']);
    // two finished scoring runs (6 and 8 min): the CI minutes saved are measured from them
    for (const minutes of [6, 8]) {
      const createdAt = Date.parse(NOW) - 5 * 3_600_000;
      rt.github.addWorkflowRun({ name: 'reward', path: '.github/workflows/reward.yml', event: 'workflow_dispatch', status: 'completed', conclusion: 'success', createdAt, updatedAt: createdAt + minutes * 60_000 });
    }
    const at = (m: number) => plus(NOW, m);
    await seed(
      [
        { branch: 'idle-1', start: at(-60), pushes: [0, 5] }, // idle past the timeout, never handed out
        { branch: 'pending-1', start: at(-90), pushes: [0, 5], handOffAfter: 31 }, // handed out 54 min ago
        { branch: 'retry-1', start: at(-200), pushes: [0, 5], handOffAfter: 31 }, // handed out 164 min ago, no score
        { branch: 'failed-1', start: at(-400), pushes: [0, 5], handOffAfter: [31, 100, 170] }, // three hand-offs, no score
        { branch: 'gone-1', start: at(-120), pushes: [0, 5] }, // due, but its branch was deleted
        { branch: 'scored-1', start: at(-300), pushes: [0, 5, 9], scored: { after: 35, score: 4 } },
        { branch: 'active-1', start: at(-6), pushes: [0, 3] },
        { branch: 'corrupt-1', start: at(-20), pushes: [0, 2] },
      ],
      ['idle-1', 'pending-1', 'retry-1', 'failed-1', 'scored-1', 'active-1', 'corrupt-1'],
    );
    // a newer snapshot of corrupt-1 that is not JSON (a truncated upload, a bad writer)
    await uploadRaw(rt, 'aps-state-b-corrupt-1', { 'state.json': '{"version":1,"streamKey":"b-corrupt-1","events":[{"id":' });
    clock = Date.parse(NOW);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('dispatches idle and retried sessions, closes out failed and orphaned ones, waits for a pending hand-off, rebuilds corrupted state', async () => {
    const run = await sweep(NOW);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    const r = run.report!;
    const by = (kind: string) => r.actions.filter((a) => a.kind === kind);
    expect(by('unscored').map((a) => [a.streamKey, a.result])).toEqual([['b-idle-1', 'dispatched']]);
    expect(by('scoring-retry').map((a) => [a.streamKey, a.result])).toEqual([['b-retry-1', 'dispatched']]);
    expect(by('scoring-failed').map((a) => [a.streamKey, a.result])).toEqual([['b-failed-1', 'closed-out']]);
    expect(by('orphaned').map((a) => [a.streamKey, a.result, a.reason])).toEqual([['b-gone-1', 'closed-out', 'orphaned: branch gone-1 was deleted before the session was scored']]);
    expect(r.waiting.map((w) => w.sessionId)).toEqual([expect.stringMatching(/^b-pending-1-/)]);
    expect(r.actions.filter((a) => a.streamKey === 'b-scored-1' || a.streamKey === 'b-active-1')).toEqual([]);
    // the scoring workflow was dispatched on each session's own branch, with its session id
    const dispatches = rt.github.dispatches();
    expect(dispatches.map((d) => [d.workflow, d.ref, String(d.inputs['session-id']).replace(/-\d{8}T\d{6}Z$/, '')]).sort()).toEqual([
      ['reward.yml', 'idle-1', 'b-idle-1'],
      ['reward.yml', 'retry-1', 'b-retry-1'],
    ]);
    // the corrupted snapshot is reported and a readable one rebuilt from what could be read
    expect(r.sweep.unreadable).toEqual([{ streamKey: 'b-corrupt-1', problem: expect.stringMatching(/not valid JSON/), rebuilt: true }]);
    expect(by('corrupted-state')).toMatchObject([{ streamKey: 'b-corrupt-1', result: 'rebuilt' }]);
    // status from the thresholds: 1 orphan and 1 failed scoring in 24 h are degraded, not unhealthy
    expect(run.outputs).toMatchObject({ status: 'degraded', dispatched: '2', 'closed-out': '2', sessions: '8', 'budget-exhausted': 'false' });
    expect(r.alerts).toEqual(['Orphaned sessions: 1 (threshold: 5)', 'Sessions whose scoring failed: 1 (threshold: 2)']);
    expect(r.cache.count).toBeGreaterThanOrEqual(8); // the seeded streams' caches, listed and measured against the cap
    expect(r.checks.find((c) => c.name === 'cache pressure')?.level).toBe('ok');
    expect(Number(run.outputs['rest-calls'])).toBeLessThanOrEqual(60);
    expect(run.rest).toBeLessThanOrEqual(60);
    // job summary, analytics and the dashboard, uploaded as an artifact
    expect(run.summary).toContain('Auto-PR session health: degraded');
    expect(run.summary).toContain('```mermaid');
    expect(existsSync(run.outputs['dashboard-path']!)).toBe(true);
    const analytics = JSON.parse(await readFile(run.outputs['analytics-path']!, 'utf8')) as AnalyticsReport;
    expect(analytics.summary).toMatchObject({ totalSessions: 8, scored: 1, abandoned: 2 });
    expect(analytics.ciMinutes).toMatchObject({ source: 'measured', perScoringRunMinutes: 7, sampleRuns: 2 });
    const uploaded = await rest<{ artifacts: Array<{ name: string }> }>(rt, '/actions/artifacts?name=auto-pr-sessions-dashboard');
    expect(uploaded.artifacts).toHaveLength(1);
  });

  it('the close-outs are visible to the other actions, and the rebuilt stream reads cleanly', async () => {
    const gone = await check('b-gone-1', plus(NOW, 2));
    expect(gone.outputs).toMatchObject({ status: 'abandoned', 'should-score': 'false' });
    expect(gone.outputs['reason']).toBe('orphaned: branch gone-1 was deleted before the session was scored');
    const failed = await check('b-failed-1', plus(NOW, 2));
    expect(failed.outputs['reason']).toMatch(/^scoring failed: 3 hand-offs/);
    const corrupt = await check('b-corrupt-1', plus(NOW, 2));
    expect(corrupt.outputs).toMatchObject({ status: 'idle-warning', pushes: '2' });
  });

  it('the next sweep is incremental: one page of listing, the index from the cache, nothing handed out twice', async () => {
    clock += 5 * 60_000;
    const run = await sweep(plus(NOW, 5), { 'cache-warn-percent': '0.00001' });
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    const r = run.report!;
    // cache pressure against the repository cap (a tiny threshold here, to see it fire)
    expect(r.checks.find((c) => c.name === 'cache pressure')?.level).toBe('degraded');
    expect(r.alerts.some((a) => a.startsWith('Cache usage:'))).toBe(true);
    expect(r.sweep.indexSource).toMatch(/^cache:aps-health-index-/);
    expect(r.sweep.artifactPages).toBe(1);
    expect(r.actions.filter((a) => a.result === 'dispatched' || a.result === 'closed-out')).toEqual([]);
    expect(r.waiting.map((w) => w.sessionId.replace(/-\d{8}T\d{6}Z$/, '')).sort()).toEqual(['b-idle-1', 'b-pending-1', 'b-retry-1']);
    expect(rt.github.dispatches()).toHaveLength(2);
    expect(run.rest).toBeLessThanOrEqual(12);
  });

  it('with the cache evicted, the index comes back from its artifact', async () => {
    clock += 8 * 24 * 3_600_000; // unused for more than 7 days: the runtime evicts every cache
    await rt.sweep();
    const run = await sweep(plus(NOW, 10));
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    expect(run.report!.sweep.indexSource).toMatch(/^artifact:\d+$/);
    expect(run.report!.sweep.streamsKnown).toBe(8);
  });
});

describe('session-health sweep: stuck and idle-orphaned sessions (timeouts off)', () => {
  const CONFIG = 'version: 1\nenable_timeout_completion: false\ntriggers:\n  max_duration_minutes: 0\n';
  beforeAll(async () => {
    clock = Date.parse(NOW) - 3_600_000;
    rt = await startRuntime({ now: () => clock });
    const at = (m: number) => plus(NOW, m);
    await seed(
      [
        { branch: 'stuck-1', start: at(-26 * 60 - 10), pushes: Array.from({ length: 14 }, (_, i) => i * 120) }, // a push every 2 h for 26 h
        { branch: 'quiet-1', start: at(-25 * 60), pushes: [0] }, // one push, idle 25 h, nothing can complete it
        { branch: 'live-1', start: at(-30), pushes: [0, 20] },
      ],
      ['stuck-1', 'quiet-1', 'live-1'],
    );
    clock = Date.parse(NOW);
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('closes out the stuck and the orphaned session with their reasons, leaves the live one', async () => {
    const run = await sweep(NOW, {}, CONFIG);
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    const r = run.report!;
    expect(r.actions.map((a) => [a.streamKey, a.kind, a.result]).sort()).toEqual([
      ['b-quiet-1', 'orphaned', 'closed-out'],
      ['b-stuck-1', 'stuck', 'closed-out'],
    ]);
    expect(r.actions.find((a) => a.kind === 'stuck')?.reason).toMatch(/^stuck: active for 26 h with no completion trigger/);
    expect(r.actions.find((a) => a.kind === 'orphaned')?.reason).toMatch(/^orphaned: idle 25 h \(over orphan_hours 24\)/);
    expect(rt.github.dispatches()).toEqual([]);
  });
});

// The sweep against a fork that forges the health index, invents streams, marks a real session
// abandoned, and uploads hostile snapshots (a zip that inflates to 120 MB, 12 000 events (over the cap, under the byte limit), oversize
// archives). The same repository without the attack is the control: the sweep must act exactly as
// there (same hand-outs, no close-outs), stay green, and keep within a heap bound and a time bound.
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { baseEvent, markEvent } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { newJob, runActionProcess } from '../e2e/harness.js';
import { plus } from '../helpers/events.js';
import { FORK, forkAction, forkPayload, forkPull, forkUpload, pushJob, shaOf } from './attacker.js';

const T0 = '2025-11-20T09:00:00.000Z';
const NOW = plus(T0, 120);
/** Heap the sweep gets (a runner has GBs; this bounds what hostile input may cost it). */
const HEAP_MB = 160;
/** Wall time one sweep may take here (a loaded 2-core machine; it takes a few seconds). */
const SWEEP_MS = 90_000;

const runtimes: LocalRuntime[] = [];
afterAll(async () => {
  for (const rt of runtimes) await rt.close();
});

async function world(): Promise<LocalRuntime> {
  const rt = await startRuntime({ now: () => Date.parse('2026-11-01T00:00:00.000Z') });
  runtimes.push(rt);
  rt.github.setWorkflows(['.github/workflows/reward.yml']);
  for (const b of ['real-due', 'real-active']) rt.github.addCommit({ branch: b, message: `work on ${b}` });
  for (let i = 0; i < 3; i++) await pushJob(rt, 'real-due', `rd${i}`, plus(T0, i * 2), `Auto-PR: step ${i}`);
  await pushJob(rt, 'real-active', 'ra0', plus(NOW, -5), 'Auto-PR: just now');
  return rt;
}

async function sweep(rt: LocalRuntime, inputs: Record<string, string> = {}) {
  const job = await newJob(rt);
  const started = Date.now();
  const run = await runActionProcess(rt, {
    action: 'session-health', eventName: 'schedule', payload: { schedule: '0 * * * *' }, ref: 'refs/heads/main', job,
    inputs: { now: NOW, ...inputs }, env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
  });
  const ms = Date.now() - started;
  const report = run.outputs['report-path'] ? (JSON.parse(await readFile(run.outputs['report-path'], 'utf8')) as HealthReport) : null;
  return { run, report, ms };
}

const ours = (r: HealthReport | null) =>
  (r?.actions ?? []).filter((a) => !a.streamKey.startsWith('f-')).map((a) => [a.kind, a.streamKey, a.sessionId, a.result, a.detail]).sort();

function forgedState(stream: string, events: unknown[]): string {
  return JSON.stringify({ version: 1, streamKey: stream, events, writers: [] });
}

function push(branch: string, at: string, label: string) {
  const sha = shaOf(label);
  return { ...baseEvent(`push:${sha}`, 'push', at, 'octo-org/octo-repo'), author: 'mallory', actor: 'mallory', branch, headSha: sha, commits: [{ sha, message: 'Auto-PR: x', at, added: [], modified: ['a.ts'], removed: [] }] };
}

describe('the sweep under a fork\'s forged index, invented streams and hostile snapshots', { timeout: 600_000 }, () => {
  let control: Awaited<ReturnType<typeof sweep>>;
  beforeAll(async () => {
    control = await sweep(await world());
  }, 300_000);

  it('acts exactly as without the attack: the real due session handed out once, nothing invented, nothing closed out; green within the heap and time bounds', async () => {
    const rt = await world();
    const forkId = rt.github.repoIdOf(FORK);
    const pr = forkPull(rt, 'evil');
    const realSid = 'b-real-due-20251120T090000Z';
    // a forged index: the real session already handed out many times, an invented due one
    const index = {
      version: 1, updatedAt: plus(NOW, -10), runId: '1', artifacts: null, caches: null, lastStatus: 'healthy',
      streams: { 'b-invented': { state: JSON.parse(forgedState('b-invented', [push('invented', T0, 'inv')])), foldedId: 10 ** 9, unread: [], newestSize: 1, newestAt: NOW, cacheAt: '', problem: null } },
      dispatches: { [realSid]: { at: plus(NOW, -1), runId: '1', attempts: 99, mode: 'dispatch' } },
    };
    await forkUpload(rt, pr, 'aps-health-index', { 'index.json': JSON.stringify(index) });
    // invented streams and a forged close-out of the real session
    await forkUpload(rt, pr, 'aps-state-b-invented', { 'state.json': forgedState('b-invented', [push('invented', T0, 'inv2')]) });
    const abandon = markEvent({ kind: 'abandoned', sessionId: realSid, at: plus(T0, 30), repo: 'octo-org/octo-repo', runId: '1', detail: 'forged' });
    await forkUpload(rt, pr, 'aps-state-b-real-due', { 'state.json': forgedState('b-real-due', [abandon]) });
    // hostile snapshots: into the victim's stream (refused before download) and into the fork's own
    // streams (allowed to be read, so bounded by size, inflation and the schema)
    const inflating = `{"version":1,"streamKey":"x","events":[${' '.repeat(120 * 1024 * 1024)}]}`;
    const many = (stream: string) => forgedState(stream, Array.from({ length: 12_000 }, (_, i) => push('many', new Date(Date.parse(T0) + i * 1000).toISOString(), `m${i}`)));
    await forkUpload(rt, pr, 'aps-state-b-real-due', { 'state.json': inflating });
    await forkUpload(rt, pr, `aps-state-f-${forkId}-bomb`, { 'state.json': inflating });
    await forkUpload(rt, pr, `aps-state-f-${forkId}-many`, { 'state.json': many(`f-${forkId}-many`) });
    await forkUpload(rt, pr, `aps-state-f-${forkId}-big`, { 'state.json': randomBytes(3 * 1024 * 1024) });

    const attacked = await sweep(rt);
    expect(attacked.run.code, attacked.run.stdout.slice(-3000)).toBe(0);
    expect(control.run.code).toBe(0);
    expect(ours(attacked.report)).toEqual(ours(control.report));
    expect(ours(attacked.report)).toEqual([['unscored', 'b-real-due', realSid, 'dispatched', 'reward.yml dispatched on real-due']]);
    expect(rt.github.dispatches().map((d) => d.inputs['session-id'])).toEqual([realSid]);
    expect(attacked.report?.sweep.indexSource).toBe('none'); // the forged index was not loaded
    const warnings = attacked.report?.warnings.join('\n') ?? '';
    expect(warnings).toMatch(/health index: 1 newer aps-health-index artifact ignored/);
    expect(warnings).toMatch(/state artifacts? ignored \(not written by a run allowed to write that stream\)/);
    // the fork's own streams are the fork's business: reported, never a health problem of this repository
    expect(attacked.report?.status).toBe(control.report?.status);
    expect(attacked.report?.sweep.unreadable).toEqual([]);
    const problems = warnings;
    // the bomb: inflation stops at the snapshot limit, the archive is never unpacked (bounded-unzip.ts)
    expect(problems).toMatch(/inflates to more than 8388608 bytes; stopped there and skipped it/);
    expect(problems).toMatch(/\/events must NOT have more than 10000 items/);
    expect(problems).toMatch(/bytes zipped, over the 2097152-byte limit; skipped undownloaded/);
    expect(attacked.ms).toBeLessThan(SWEEP_MS);
    console.log(`sweep with hostile snapshots: ${attacked.ms} ms (control ${control.ms} ms), heap bound ${HEAP_MB} MB`);
  });

  it('forty streams a fork adds (one artifact each) cannot spend the budget this repository\'s due session needs', async () => {
    const rt = await world();
    const forkId = rt.github.repoIdOf(FORK);
    const pr = forkPull(rt, 'flood');
    for (let i = 0; i < 40; i++) {
      const key = `f-${forkId}-flood-${i}`;
      await forkUpload(rt, pr, `aps-state-${key}`, { 'state.json': forgedState(key, [push(`flood-${i}`, T0, `fl${i}`)]) });
    }
    const r = await sweep(rt, { 'request-budget': '20' });
    expect(r.run.code, r.run.stdout.slice(-3000)).toBe(0);
    expect(ours(r.report)).toEqual(ours(control.report));
  });

  it('a fork\'s own due session is live, not orphaned for its branch: handed out on the default branch', async () => {
    const rt = await world();
    const pr = forkPull(rt, 'fork-feature');
    const payload = forkPayload(rt, 'opened', { number: pr, branch: 'fork-feature', title: 'Auto-PR: from a fork', at: T0 });
    const job = await newJob(rt);
    expect((await forkAction(rt, pr, { action: 'session-start', payload, job, inputs: { now: T0 } })).code).toBe(0);
    const r = await sweep(rt);
    expect(r.run.code, r.run.stdout.slice(-3000)).toBe(0);
    const forkActions = (r.report?.actions ?? []).filter((a) => a.streamKey.startsWith('f-'));
    expect(forkActions.map((a) => [a.kind, a.result, a.detail])).toEqual([['unscored', 'dispatched', 'reward.yml dispatched on main']]);
    expect(ours(r.report)).toEqual(ours(control.report));
  });
});

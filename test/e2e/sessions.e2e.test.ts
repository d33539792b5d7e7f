import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { prCommentPayload, pullRequestPayload, pushPayload } from '../helpers/payloads.js';
import type { JobDirs } from './harness.js';
import { newJob, runActionProcess } from './harness.js';

// Every scenario runs the committed bundles (`node actions/<name>/main.mjs` over the shared actions/dist) as a runner does,
// against the local runtime, through the real @actions/cache and @actions/artifact clients.

const T0 = '2025-11-19T12:00:00.000Z';
let clock = Date.parse('2026-11-01T00:00:00.000Z');
let runtime: LocalRuntime;

beforeAll(async () => {
  runtime = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await runtime?.close();
});

/** One job of a workflow: session-start then session-check, sharing RUNNER_TEMP and the run id. */
async function pushJob(branch: string, sha: string, at: string, message: string, inputs: Record<string, string> = {}) {
  const job = await newJob(runtime);
  const payload = pushPayload({ branch, sha, at, messages: [message] });
  const spec = { eventName: 'push', payload, ref: `refs/heads/${branch}`, job, inputs: { now: at, ...inputs } };
  const start = await runActionProcess(runtime, { ...spec, action: 'session-start' });
  const check = await runActionProcess(runtime, { ...spec, action: 'session-check' });
  return { start, check, job };
}

/** A scheduled sweep's check of one stream (runs on the default branch). */
async function sweepCheck(stream: string, now: string, job?: JobDirs) {
  return runActionProcess(runtime, {
    action: 'session-check', eventName: 'schedule', payload: { schedule: '*/5 * * * *' }, ref: 'refs/heads/main',
    inputs: { now, 'session-id': stream }, ...(job ? { job } : {}),
  });
}

describe('session-start + session-check bundles against the local runtime', () => {
  it('a burst of 6 pushes, then silence: should-score is true exactly once, at the first check after the idle timeout', async () => {
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { start, check } = await pushJob('burst-1', `b1${i}`, plus(T0, i * 2), `Auto-PR: scripts (${i + 1} files)`);
      expect(start.code, start.stdout).toBe(0);
      expect(check.outputs['status']).toBe('active');
      expect(check.outputs['pushes']).toBe(String(i + 1));
      answers.push(check.outputs['should-score']!);
    }
    const last = plus(T0, 10);
    for (const minutes of [20, 30, 31, 36, 41]) {
      const out = await sweepCheck('b-burst-1', plus(last, minutes));
      expect(out.code, out.stderr).toBe(0);
      answers.push(out.outputs['should-score']!);
      if (minutes === 31) {
        expect(out.outputs).toMatchObject({ 'should-score': 'true', trigger: 'idle_timeout', pushes: '6', status: 'due' });
        expect(out.summary).toContain('Auto-PR session check');
      }
    }
    expect(answers.filter((a) => a === 'true')).toHaveLength(1);
    expect(answers.indexOf('true')).toBe(6 + 2);
  });

  it('a completion marker makes the session due at once; /complete-session from a non-collaborator is ignored', async () => {
    const marker = await pushJob('marker-1', 'm1', T0, 'Auto-PR: final step [session-complete]');
    expect(marker.check.outputs).toMatchObject({ 'should-score': 'true', trigger: 'marker' });

    const inputs = { scope: 'author' };
    const open = pullRequestPayload('opened', { number: 41, branch: 'cmd-1', title: 'Auto-PR: api (2 files)', at: T0, author: 'cmd-agent' });
    const opened = await runActionProcess(runtime, { action: 'session-check', eventName: 'pull_request', payload: open, ref: 'refs/pull/41/merge', baseRef: 'main', inputs: { ...inputs, now: T0 } });
    expect(opened.outputs['status']).toBe('active');
    const comment = (commenter: string, association: string, minute: number) =>
      runActionProcess(runtime, {
        action: 'session-check', eventName: 'issue_comment', ref: 'refs/heads/main',
        payload: prCommentPayload({ number: 41, body: '/complete-session', commenter, association, at: plus(T0, minute), prAuthor: 'cmd-agent' }),
        inputs: { ...inputs, now: plus(T0, minute) },
      });
    const outsider = await comment('mallory', 'NONE', 2);
    expect(outsider.outputs).toMatchObject({ 'should-score': 'false', status: 'active' });
    const member = await comment('maintainer', 'MEMBER', 3);
    expect(member.outputs).toMatchObject({ 'should-score': 'true', trigger: 'complete_command' });
  });

  it('20 session-start processes racing on one session lose no event', async () => {
    const branch = 'race-1';
    const runs = Array.from({ length: 20 }, (_, i) => {
      const at = plus(T0, i * 0.1);
      return newJob(runtime).then((job) =>
        runActionProcess(runtime, { action: 'session-start', eventName: 'push', ref: `refs/heads/${branch}`, job, payload: pushPayload({ branch, sha: `r${i}`, at, messages: [`Auto-PR: race ${i}`] }), inputs: { now: at } }),
      );
    });
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const after = await sweepCheck(`b-${branch}`, plus(T0, 5));
    expect(after.outputs['pushes']).toBe('20');
  });

  it('the cache evicted mid-session: the state is rebuilt from artifacts', async () => {
    await pushJob('evict-1', 'e1', T0, 'Auto-PR: one');
    await pushJob('evict-1', 'e2', plus(T0, 1), 'Auto-PR: two');
    clock += 8 * 24 * 3600 * 1000; // unused for more than 7 days: the runtime evicts the caches
    await runtime.sweep();
    const { check } = await pushJob('evict-1', 'e3', plus(T0, 2), 'Auto-PR: three');
    expect(check.outputs['pushes']).toBe('3');
  });

  it('every cache call failing: the run succeeds with a warning and nothing recorded is lost', async () => {
    const fault = runtime.faults.set({ target: 'cache', kind: '4xx', status: 400 });
    try {
      const first = await pushJob('nocache-1', 'n1', T0, 'Auto-PR: one');
      expect(first.start.code).toBe(0);
      expect(first.start.warnings.join('\n')).toMatch(/cache/i);
      const second = await pushJob('nocache-1', 'n2', plus(T0, 1), 'Auto-PR: two');
      expect(second.check.code).toBe(0);
      expect(second.check.outputs['pushes']).toBe('2');
    } finally {
      fault.remove();
    }
    const later = await pushJob('nocache-1', 'n3', plus(T0, 2), 'Auto-PR: three');
    expect(later.check.outputs['pushes']).toBe('3');
  });

  it('REST rate-limited: the request is retried after the reset the answer names', async () => {
    // its own runtime on the real clock: x-ratelimit-reset is an absolute instant
    const realTime = await startRuntime();
    try {
      const fault = realTime.faults.set({ target: 'rest', kind: 'rate-limit-403', count: 1, resetAfterSec: 2 });
      const job = await newJob(realTime);
      const started = Date.now();
      const payload = pushPayload({ branch: 'ratelimit-1', sha: 'q1', at: T0, messages: ['Auto-PR: one'] });
      const spec = { eventName: 'push', payload, ref: 'refs/heads/ratelimit-1', job, inputs: { now: T0 } };
      const start = await runActionProcess(realTime, { ...spec, action: 'session-start' });
      const elapsed = Date.now() - started;
      const check = await runActionProcess(realTime, { ...spec, action: 'session-check' });
      expect(fault.hits).toBe(1);
      expect(start.code).toBe(0);
      // the first REST call of a load is the cache or the artifact listing (they run side by side)
      expect(start.warnings.join('\n')).toMatch(/rate limit on GET .*actions\/(caches|artifacts); retrying in [1-3] s/);
      expect(elapsed).toBeGreaterThanOrEqual(1000);
      expect(start.warnings.join('\n')).not.toMatch(/could not (list caches|read state artifacts)/);
      expect(check.outputs['pushes']).toBe('1');
    } finally {
      await realTime.close();
    }
  });

  it('author scope across three PRs of one author (three cache scopes) makes one session', async () => {
    const inputs = { scope: 'author' };
    const outs = [];
    for (let i = 0; i < 3; i++) {
      const at = plus(T0, i * 3);
      const payload = pullRequestPayload('opened', { number: 60 + i, branch: `auto-pr-${60 + i}`, title: `Auto-PR: part ${i}`, at, author: 'multi-agent', sha: `pr${i}` });
      const job = await newJob(runtime);
      const spec = { eventName: 'pull_request', payload, ref: `refs/pull/${60 + i}/merge`, baseRef: 'main', job, inputs: { ...inputs, now: at } };
      await runActionProcess(runtime, { ...spec, action: 'session-start' });
      outs.push(await runActionProcess(runtime, { ...spec, action: 'session-check' }));
    }
    const ids = new Set(outs.map((o) => o.outputs['session-id']));
    expect(ids.size).toBe(1);
    expect(outs[2]!.outputs['pushes']).toBe('3');
  });

  it('a read-only token (fork PR, actions: read): superseded caches are kept with a notice, the run stays green', async () => {
    const runOnce = async (sha: string, minute: number) => {
      const at = plus(T0, minute);
      const payload = pullRequestPayload('synchronize', { number: 77, branch: 'fork-1', title: 'Auto-PR: from a fork', at, sha });
      return runActionProcess(runtime, {
        action: 'session-check', eventName: 'pull_request', payload, ref: 'refs/pull/77/merge', baseRef: 'main',
        actionsPermission: 'read', inputs: { now: at },
      });
    };
    const first = await runOnce('f1', 0);
    const second = await runOnce('f2', 1);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/superseded state caches are kept: grant `actions: write`/);
    expect(second.outputs['pushes']).toBe('2');
  });

  it('fail-on-error makes an infrastructure fault fatal; without it the same fault is a warning', async () => {
    const faults = [runtime.faults.set({ target: 'cache', kind: '4xx' }), runtime.faults.set({ target: 'artifact', kind: '4xx' })];
    try {
      const lenient = await pushJob('faulty-1', 'x1', T0, 'Auto-PR: one');
      expect(lenient.start.code).toBe(0);
      expect(lenient.start.warnings.join('\n')).toMatch(/not stored durably/);
      const strict = await pushJob('faulty-1', 'x2', plus(T0, 1), 'Auto-PR: two', { 'fail-on-error': 'true' });
      expect(strict.start.code).toBe(1);
      expect(strict.start.stdout).toMatch(/::error::session-start: .*not stored durably/);
    } finally {
      for (const f of faults) f.remove();
    }
  });

  it('json-logs writes one JSON object per line with message, operation, traceId, spanId, severity and context', async () => {
    const { start } = await pushJob('json-1', 'j1', T0, 'Auto-PR: json', { 'json-logs': 'true' });
    const lines = start.stdout.split('\n').filter((l) => l.startsWith('{'));
    const recorded = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((r) => String(r['message']).startsWith('recorded push'));
    expect(recorded).toMatchObject({ operation: 'session-start', severity: 'info' });
    expect(recorded?.['traceId']).toBe(start.outputs['trace-id']);
    expect(recorded?.['spanId']).toMatch(/^[0-9a-f]{16}$/);
    // the REST token appears only in the runner's masking command, never in a log line
    const leaking = start.stdout.split('\n').filter((l) => l.includes('ghs_fake.') && !l.startsWith('::add-mask::'));
    expect(leaking).toEqual([]);
  });
});

import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEnv, StateStore } from '@auto-pr-sessions/core';
import { FsStateStore, memoryIO, runSessionCheck, runSessionStart } from '@auto-pr-sessions/core';
import { plus } from '../helpers/events.js';
import { prCommentPayload, pullRequestPayload, pushPayload } from '../helpers/payloads.js';

const T0 = '2025-11-19T12:00:00.000Z';

async function setup() {
  const base = await mkdtemp(join(tmpdir(), 'aps-flow-'));
  const workspace = join(base, 'ws');
  const tempDir = join(base, 'tmp');
  await mkdir(workspace, { recursive: true });
  await mkdir(tempDir, { recursive: true });
  const store: StateStore = new FsStateStore(join(base, 'state'));
  let run = 100;
  const env = (eventName: string, payload: unknown, now: string, ref = 'refs/heads/auto-pr-1'): RunEnv => ({
    eventName, payload, owner: 'octo-org', repo: 'octo-repo', ref, baseRef: '', defaultRef: 'refs/heads/main', runId: String((run += 1)), runAttempt: '1',
    workspace, tempDir, actor: 'agent-bot', apiUrl: 'http://127.0.0.1:1', now,
  });
  /** One job: session-start then session-check, as a workflow runs them. */
  const job = async (eventName: string, payload: unknown, now: string, inputs: Record<string, string> = {}) => {
    const e = env(eventName, payload, now);
    await runSessionStart(memoryIO(inputs), e, { store });
    const io = memoryIO(inputs);
    await runSessionCheck(io, e, { store });
    return io.outputs;
  };
  const check = async (eventName: string, payload: unknown, now: string, inputs: Record<string, string> = {}) => {
    const io = memoryIO(inputs);
    await runSessionCheck(io, env(eventName, payload, now), { store });
    return io.outputs;
  };
  return { job, check };
}

describe('session-start + session-check over real webhook payloads (filesystem store)', () => {
  it('a burst of 6 pushes scores exactly once, at the first check after the idle timeout', async () => {
    const { job, check } = await setup();
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const out = await job('push', pushPayload({ branch: 'auto-pr-1', sha: `a${i}`, at: plus(T0, i * 2), messages: [`Auto-PR: scripts (${i} files)`] }), plus(T0, i * 2));
      answers.push(out['should-score']!);
      expect(out['status']).toBe('active');
    }
    const last = plus(T0, 10);
    const sweep = { 'session-id': 'b-auto-pr-1' };
    const early = await check('schedule', { schedule: '*/5 * * * *' }, plus(last, 25), sweep);
    expect(early['status']).toBe('idle-warning');
    const due = await check('schedule', { schedule: '*/5 * * * *' }, plus(last, 31), sweep);
    const again = await check('schedule', { schedule: '*/5 * * * *' }, plus(last, 36), sweep);
    answers.push(due['should-score']!, again['should-score']!);
    expect(answers.filter((a) => a === 'true')).toHaveLength(1);
    expect(due).toMatchObject({ 'should-score': 'true', trigger: 'idle_timeout', pushes: '6', status: 'due' });
    expect(again['reason']).toMatch(/already handed/);
    expect(due['trace-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a push that is not an auto-PR is scored per push, as without the suite', async () => {
    const { job } = await setup();
    const out = await job('push', pushPayload({ branch: 'feature', sha: 'f1', at: T0, messages: ['Add login form'] }), T0);
    expect(out).toMatchObject({ 'should-score': 'true', trigger: 'per_push' });
  });

  it('a completion marker in a commit makes the session due at once', async () => {
    const { job } = await setup();
    await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'm1', at: T0, messages: ['Auto-PR: step 1'] }), T0);
    const out = await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'm2', at: plus(T0, 1), messages: ['Auto-PR: step 2 [session-complete]'] }), plus(T0, 1));
    expect(out).toMatchObject({ 'should-score': 'true', trigger: 'marker', pushes: '2' });
  });

  it('/complete-session from a non-collaborator is ignored; from a member it completes (author scope)', async () => {
    const { job } = await setup();
    const inputs = { scope: 'author' };
    await job('pull_request', pullRequestPayload('opened', { number: 7, branch: 'auto-pr-1', title: 'Auto-PR: api (2 files)', at: T0 }), T0, inputs);
    const outsider = await job('issue_comment', prCommentPayload({ number: 7, body: '/complete-session', commenter: 'mallory', association: 'NONE', at: plus(T0, 2) }), plus(T0, 2), inputs);
    expect(outsider['should-score']).toBe('false');
    expect(outsider['status']).toBe('active');
    const member = await job('issue_comment', prCommentPayload({ number: 7, body: '/complete-session', commenter: 'maintainer', association: 'MEMBER', at: plus(T0, 3) }), plus(T0, 3), inputs);
    expect(member).toMatchObject({ 'should-score': 'true', trigger: 'complete_command' });
  });

  it('a push after the session was handed out opens a new session', async () => {
    const { job, check } = await setup();
    await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'n1', at: T0, messages: ['Auto-PR: a'] }), T0);
    const due = await check('schedule', {}, plus(T0, 31), { 'session-id': 'b-auto-pr-1' });
    expect(due['should-score']).toBe('true');
    const next = await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'n2', at: plus(T0, 40), messages: ['Auto-PR: b'] }), plus(T0, 40));
    expect(next['session-id']).not.toBe(due['session-id']);
    expect(next).toMatchObject({ status: 'active', pushes: '1' });
  });

  it('a tag push is ignored with a reason', async () => {
    const { check } = await setup();
    const payload = pushPayload({ branch: 'x', sha: 't1', at: T0, messages: ['Auto-PR: x'] });
    payload['ref'] = 'refs/tags/v1.0.0';
    const out = await check('push', payload, T0);
    expect(out['should-score']).toBe('false');
    expect(out['reason']).toMatch(/not a session event/);
  });

  it('a session left due when the next burst started before any sweep is still handed out (no session missed)', async () => {
    const { job, check } = await setup();
    const inputs = { 'timeout-minutes': '15' };
    const a = await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'g1', at: T0, messages: ['Auto-PR: a'] }), T0, inputs);
    const b = await job('push', pushPayload({ branch: 'auto-pr-1', sha: 'g2', at: plus(T0, 16), messages: ['Auto-PR: b'] }), plus(T0, 16), inputs);
    expect(b['session-id']).not.toBe(a['session-id']);
    expect(JSON.parse(b['other-due']!)).toEqual([a['session-id']]);
    const sweep = await check('schedule', {}, plus(T0, 17), { ...inputs, 'session-id': 'b-auto-pr-1' });
    expect(sweep).toMatchObject({ 'should-score': 'true', 'session-id': a['session-id'], trigger: 'idle_timeout' });
    const later = await check('schedule', {}, plus(T0, 40), { ...inputs, 'session-id': 'b-auto-pr-1' });
    expect(later).toMatchObject({ 'should-score': 'true', 'session-id': b['session-id'] });
  });

  it('the worked example of docs/agents.md: a Session-Id trailer names the session, a marker closes it, the next push opens a new one', async () => {
    const { job, check } = await setup();
    const msg = (subject: string) => `${subject}\n\nSession-Id: agent-run-4711`;
    const branch = 'auto-pr-1763746481';
    const outs = [];
    for (let i = 0; i < 3; i++) {
      outs.push(await job('push', pushPayload({ branch, sha: `w${i}`, at: plus(T0, i * 2), messages: [msg(`Auto-PR: step ${i}`)] }), plus(T0, i * 2)));
    }
    expect(outs.map((o) => o['status'])).toEqual(['active', 'active', 'active']);
    const last = await job('push', pushPayload({ branch, sha: 'w3', at: plus(T0, 6), messages: [msg('Auto-PR: tests (2 files) [session-complete]')] }), plus(T0, 6));
    expect(last).toMatchObject({ 'should-score': 'true', trigger: 'marker', pushes: '4' });
    expect(last['session-id']).toMatch(/^s-agent-run-4711-\d{8}T\d{6}Z$/);
    await check('schedule', {}, plus(T0, 7), { 'session-id': 's-agent-run-4711' });
    const fifth = await job('push', pushPayload({ branch: 'other-branch', sha: 'w4', at: plus(T0, 8), messages: [msg('Auto-PR: more')] }), plus(T0, 8));
    expect(fifth['session-id']).not.toBe(last['session-id']);
    expect(fifth['session-id']).toMatch(/^s-agent-run-4711-/);
    expect(fifth).toMatchObject({ status: 'active', pushes: '1' });
  });
});

// A fork's pull request is a session of its own: it never joins a session of this repository (same
// branch name, `[session: ID]`, a session-id input) and cannot record a score on one. The fork's
// runs are the bundled actions run as GitHub runs a fork's pull_request workflow: refs/pull/N/merge,
// read-only GITHUB_TOKEN, the fork as head repository.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { newJob, runActionProcess } from '../e2e/harness.js';
import { plus } from '../helpers/events.js';
import { prCommentPayload, shaOf } from '../helpers/payloads.js';
import { rest } from '../health/seed.js';
import { FORK, forkAction, forkPayload, forkPull, pushJob, sweepCheck, view } from './attacker.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const T0 = '2025-11-19T12:00:00.000Z';
const clock = Date.parse('2026-11-01T00:00:00.000Z');
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await rt?.close();
});

async function pushes(branch: string, n: number, message = (i: number) => `Auto-PR: step ${i}`) {
  let last;
  for (let i = 0; i < n; i++) last = await pushJob(rt, branch, `${branch}-${i}`, plus(T0, i * 2), message(i));
  return last!;
}

/** Opens a PR from the fork's branch and runs session-start + session-check on it, as the fork's workflow would. */
async function forkOpens(branch: string, at: string, body = '', inputs: Record<string, string> = {}) {
  const pr = forkPull(rt, branch, { body });
  const payload = forkPayload(rt, 'opened', { number: pr, branch, title: `Auto-PR: ${branch} from the fork`, body, at, sha: `fork-${branch}` });
  const job = await newJob(rt);
  const start = await forkAction(rt, pr, { action: 'session-start', payload, job, inputs: { now: at, ...inputs } });
  const check = await forkAction(rt, pr, { action: 'session-check', payload, job, inputs: { now: at, ...inputs } });
  return { pr, start, check };
}

async function timeline(stream: string, name: string) {
  const runs = [await sweepCheck(rt, stream, plus(T0, 10)), await sweepCheck(rt, stream, plus(T0, 45)), await sweepCheck(rt, stream, plus(T0, 50))];
  return runs.map((r) => view(r, name));
}

describe('fork pull requests are sessions of their own', { timeout: 240_000 }, () => {
  it('a fork branch named like a branch of this repository gets its own stream (f-<fork id>-…); the victim is exactly the control', async () => {
    await pushes('shared-1', 3);
    await pushes('shared-ctl', 3);
    const fork = await forkOpens('shared-1', plus(T0, 5));
    expect(fork.start.code, fork.start.stdout.slice(-2000)).toBe(0);
    expect(fork.start.outputs['recorded']).toBe('true');
    expect(fork.start.outputs['stream-key']).toMatch(new RegExp(`^f-${rt.github.repoIdOf(FORK)}-mallory-octo-repo-shared-1-[0-9a-f]{8}$`));
    expect(fork.check.outputs).toMatchObject({ status: 'active', pushes: '1' }); // recorded, and shown as a session
    expect(await timeline('b-shared-1', 'shared-1')).toEqual(await timeline('b-shared-ctl', 'shared-ctl'));
    expect((await sweepCheck(rt, 'b-shared-1', plus(T0, 10))).outputs['pushes']).toBe('3');
  });

  it('[session: ID] in a fork PR body, and a session-id input in its workflow, do not join an explicit session of this repository', async () => {
    const trailer = (id: string) => (i: number) => `Auto-PR: step ${i}\n\nSession-Id: ${id}`;
    await pushes('agent-x', 3, trailer('agent-run-7'));
    await pushes('agent-y', 3, trailer('agent-run-8'));
    const fork = await forkOpens('agent-z', plus(T0, 5), 'Continuing [session: agent-run-7]', { 'session-id': 's-agent-run-7' });
    expect(fork.start.outputs['stream-key']).toMatch(/^f-\d+-mallory-octo-repo-agent-z-/);
    expect(await timeline('s-agent-run-7', 'agent-run-7')).toEqual(await timeline('s-agent-run-8', 'agent-run-8'));
  });

  it('/complete-session by a member on a fork PR whose branch is named like a branch here completes the fork\'s session only', async () => {
    await pushes('shared-2', 3);
    await pushes('shared-2c', 3);
    const fork = await forkOpens('shared-2', plus(T0, 5));
    const comment = await runActionProcess(rt, {
      action: 'session-check', eventName: 'issue_comment', ref: 'refs/heads/main',
      payload: prCommentPayload({ number: fork.pr, body: '/complete-session', commenter: 'maintainer', association: 'MEMBER', at: plus(T0, 7), prAuthor: 'mallory' }),
      inputs: { now: plus(T0, 7) },
    });
    expect(comment.outputs).toMatchObject({ 'should-score': 'true', trigger: 'complete_command' });
    expect(comment.outputs['session-id']).toMatch(/^f-\d+-mallory-octo-repo-shared-2-/);
    expect(await timeline('b-shared-2', 'shared-2')).toEqual(await timeline('b-shared-2c', 'shared-2c'));
  });

  it('the fork\'s own compute-reward-batched (read-only token) cannot record `scored` on a session here: the trusted run scores it, once', async () => {
    const branch = 'score-victim';
    await pushes(branch, 3);
    const due = await sweepCheck(rt, `b-${branch}`, plus(T0, 4 + 31));
    expect(due.outputs).toMatchObject({ 'should-score': 'true', pushes: '3' });
    const sid = due.outputs['session-id']!;
    const reward = async (run: (job: Awaited<ReturnType<typeof newJob>>) => ReturnType<typeof runActionProcess>) => {
      const job = await newJob(rt);
      mkdirSync(join(job.workspace, 'reports'), { recursive: true });
      cpSync(join(FIXTURES, 'vitest/junit.xml'), join(job.workspace, 'reports', 'junit.xml'));
      return run(job);
    };
    const inputs = { 'session-id': sid, now: plus(T0, 40), junit: 'reports/junit.xml' };
    const pr = forkPull(rt, 'mallory-scorer');
    const payload = forkPayload(rt, 'synchronize', { number: pr, branch: 'mallory-scorer', title: 'Auto-PR: x', at: plus(T0, 40) });
    const forkRun = await reward((job) => forkAction(rt, pr, { action: 'compute-reward-batched', payload, job, inputs }));
    expect(forkRun.code, forkRun.stdout.slice(-2000)).toBe(0);
    // it does not even write the mark (and readers would ignore it: provenance)
    expect(forkRun.stdout).toMatch(/suite mark not recorded: this run is a pull request from a fork/);
    const written = await rest<{ artifacts: Array<{ workflow_run: { head_repository_id: number } }> }>(rt, `/actions/artifacts?name=aps-state-b-${branch}`);
    expect(written.artifacts.filter((a) => a.workflow_run.head_repository_id === rt.github.repoIdOf(FORK))).toEqual([]);

    const trusted = await reward((job) => runActionProcess(rt, { action: 'compute-reward-batched', eventName: 'workflow_dispatch', payload: { inputs: {} }, ref: 'refs/heads/main', job, inputs }));
    expect(trusted.code, trusted.stdout.slice(-2000)).toBe(0);
    expect(trusted.outputs['status']).toBe('scored');
    expect(rt.github.checkRuns(shaOf(`${branch}-2`)).map((c) => c.name)).toEqual(['reward-score']);
    const later = await sweepCheck(rt, `b-${branch}`, plus(T0, 90));
    expect(later.outputs).toMatchObject({ status: 'scored', 'should-score': 'false' });
    const again = await reward((job) => runActionProcess(rt, { action: 'compute-reward-batched', eventName: 'workflow_dispatch', payload: { inputs: {} }, ref: 'refs/heads/main', job, inputs: { ...inputs, now: plus(T0, 95) } }));
    expect(again.outputs['status']).toBe('already-scored');
    expect(rt.github.checkRuns(shaOf(`${branch}-2`))).toHaveLength(1);
  });
});

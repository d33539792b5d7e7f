// Provenance decisions on listing answers, and report discovery against the local runtime's REST
// answers: a fork's run on the same commit as a branch here is not evidence for that branch's score.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { createGitHubClient } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { listCommitRuns } from '../../packages/core/src/adapters/github/ci-reports.js';
import { admit, originOf, restrictToFork, trustFor, trustedOnBranch } from '../../packages/core/src/adapters/store/provenance.js';
import { addEvents, emptyState, markEvent } from '../../packages/core/src/index.js';
import { push } from '../helpers/events.js';
import { FORK } from './attacker.js';

const run = (id: number, repo: number | undefined, head: number | undefined, branch: string | null = 'main') => ({ workflow_run: { id, repository_id: repo, head_repository_id: head, head_branch: branch } });

describe('trustFor', () => {
  it('a run of this repository writes any stream; a fork only its own f- stream; the rest is refused', () => {
    expect(trustFor('b-x', originOf(run(1, 10, 10)))).toEqual({ kind: 'trusted' });
    expect(trustFor('f-77-mallory-x', originOf(run(2, 10, 77)))).toEqual({ kind: 'fork', runId: 2 });
    expect(trustFor('b-x', originOf(run(3, 10, 77)))).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/run 3 of another repository \(head repository id 77/) });
    expect(trustFor('f-78-other', originOf(run(4, 10, 77)))).toMatchObject({ kind: 'refused' });
    expect(trustFor('b-x', originOf(run(5, 10, undefined)))).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/does not say/) });
    expect(trustFor('b-x', originOf({}))).toMatchObject({ kind: 'refused' });
  });

  it('the index counts only from this repository on the default branch', () => {
    expect(trustedOnBranch(originOf(run(1, 10, 10, 'main')), 'main')).toBe(true);
    expect(trustedOnBranch(originOf(run(1, 10, 10, 'feature')), 'main')).toBe(false);
    expect(trustedOnBranch(originOf(run(1, 10, 77, 'main')), 'main')).toBe(false);
  });

  it('a fork snapshot keeps its activity, loses its suite marks and every writer but its own run', () => {
    const p = push('2025-11-19T12:00:00.000Z');
    const marks = (['scored', 'abandoned', 'score_requested'] as const).map((kind) => markEvent({ kind, sessionId: 's', at: '2025-11-19T12:05:00.000Z', repo: 'o/r', runId: '1' }));
    const state = { ...addEvents(emptyState('f-77-x'), [p, ...marks]), writers: ['9-1-ab', '42-1', '42-2-cd'] };
    const r = restrictToFork(state, 42);
    expect(r.state.events.map((e) => e.kind)).toEqual(['push']);
    expect(r.state.writers).toEqual(['42-1', '42-2-cd']);
    const warnings: string[] = [];
    admit(state, { kind: 'fork', runId: 42 }, 'artifact #5', warnings);
    expect(warnings).toEqual(['artifact #5: 3 suite marks ignored (uploaded by a fork\'s run; only this repository\'s runs record scores, hand-offs and close-outs)']);
  });
});

describe('report discovery', () => {
  let rt: LocalRuntime;
  beforeAll(async () => {
    rt = await startRuntime();
  });
  afterAll(async () => {
    await rt?.close();
  });

  it('lists only runs of this repository\'s code for a commit, unless the session is the fork\'s own', async () => {
    const sha = 'a'.repeat(40);
    const ours = rt.github.addWorkflowRun({ headSha: sha, status: 'completed', conclusion: 'success', name: 'CI' });
    const theirs = rt.github.addWorkflowRun({ headSha: sha, status: 'completed', conclusion: 'success', name: 'CI', event: 'pull_request', headRepositoryId: rt.github.repoIdOf(FORK), headRepo: FORK });
    const github = createGitHubClient({ token: rt.restToken(), baseUrl: rt.url });
    const q = { github, owner: 'octo-org', repo: 'octo-repo', headSha: sha, ownRunId: '0' };
    const now = new Date().toISOString();
    expect((await listCommitRuns(q, now)).finished.map((r) => r.id)).toEqual([ours.id]);
    expect((await listCommitRuns({ ...q, allowForkRuns: true }, now)).finished.map((r) => r.id).sort()).toEqual([ours.id, theirs.id].sort());
  });
});

// mode: batch in-process: the plan of due sessions, reports found among the CI runs' artifacts of
// each head commit, one session's failure isolated from the others, sessions whose CI still runs left
// for later.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_REF_PREFIX, FsStateStore } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { plus, push } from '../helpers/events.js';
import { shaOf } from '../helpers/payloads.js';
import { FIXTURES, copyFixtures, newJobDirs, runReward } from './compute-reward-helpers.js';

const T0 = '2025-11-19T12:00:00.000Z';
let rt: LocalRuntime;
let store: FsStateStore;

let upload: (name: string, files: string[], root: string) => Promise<unknown>;

beforeAll(async () => {
  rt = await startRuntime();
  // @actions/github (behind the artifact client's cross-run downloads) reads GITHUB_API_URL once,
  // when first imported: point it at the runtime before anything imports it, as a runner would
  process.env['GITHUB_API_URL'] = rt.url;
  const { DefaultArtifactClient } = await import('@actions/artifact');
  upload = (name, files, root) => new DefaultArtifactClient().uploadArtifact(name, files, root);
  store = new FsStateStore(mkdtempSync(join(tmpdir(), 'aps-batch-state-')));
});
afterAll(async () => {
  await rt?.close();
});

/** A completed session on `branch` (2 pushes, the last with a completion marker); returns its head sha. */
async function dueSession(branch: string, minute: number): Promise<string> {
  const shas = [shaOf(`${branch}/0`), shaOf(`${branch}/1`)];
  rt.github.setBranch(branch, rt.github.branchSha('main') as string);
  for (const sha of shas) rt.github.addCommit({ branch, sha, message: 'Auto-PR: step' });
  await store.append(`b-${branch}`, [
    push(plus(T0, minute), 'Auto-PR: step 0', { headSha: shas[0], id: `push:${shas[0]}`, branch }),
    push(plus(T0, minute + 1), 'Auto-PR: done [session-complete]', { headSha: shas[1], id: `push:${shas[1]}`, branch }),
  ]);
  return shas[1] as string;
}

/** A CI run of `sha` that uploaded `files` (fixture paths, or [name, content] pairs) as one artifact. */
async function ciRun(sha: string, branch: string, artifact: string, files: Array<string | [string, string]>, status = 'completed'): Promise<void> {
  const run = rt.github.addWorkflowRun({ headSha: sha, headBranch: branch, status, conclusion: status === 'completed' ? 'success' : null, name: 'CI' });
  const job = newJobDirs(rt);
  const dir = join(job.workspace, 'out');
  copyFixtures(dir, files.filter((f): f is string => typeof f === 'string'));
  for (const f of files) if (typeof f !== 'string') writeFileSync(join(dir, f[0]), f[1]);
  Object.assign(process.env, rt.envFor({ ref: `refs/heads/${branch}`, runId: run.id, sha, workspace: job.workspace, tempDir: job.tempDir }));
  process.chdir(job.workspace);
  const names = files.map((f) => (typeof f === 'string' ? (f.split('/').pop() as string) : f[0]));
  await upload(artifact, names.map((n) => join(dir, n)), dir);
  rt.github.updateWorkflowRun(run.id, { status, headSha: sha });
}

describe('compute-reward-batched, mode batch', () => {
  it('plans the due sessions, scores each from its CI artifacts, isolates a failure, and waits for running CI', async () => {
    const good1 = await dueSession('batch-one', 0);
    const good2 = await dueSession('batch-two', 5);
    const broken = await dueSession('batch-broken', 10);
    const waiting = await dueSession('batch-waiting', 15);
    await store.append('b-batch-active', [push(plus(T0, 58), 'Auto-PR: still going', { headSha: shaOf('active'), id: 'push:active', branch: 'batch-active' })]);
    const junit = readFileSync(join(FIXTURES, 'vitest/junit.xml'), 'utf8');
    await ciRun(good1, 'batch-one', 'test-reports', ['vitest/junit.xml', 'vitest/lcov.info', 'eslint/eslint.sarif', 'eslint/eslint-base.sarif']);
    await ciRun(good1, 'batch-one', 'build-output', [['app.js', 'console.log(1)']]);
    await ciRun(good2, 'batch-two', 'coverage-report', ['jest/jest-junit.xml', 'vitest/coverage-final.json']);
    await ciRun(broken, 'batch-broken', 'test-reports', [['junit.xml', junit.slice(0, 700)]]);
    await ciRun(waiting, 'batch-waiting', 'test-reports', ['vitest/junit.xml'], 'in_progress');
    const now = plus(T0, 60);

    const planned = await runReward(rt, { now, store, inputs: { mode: 'batch', 'plan-only': 'true' } });
    expect(planned.error).toBeNull();
    expect(planned.outputs['status']).toBe('planned');
    const plan = JSON.parse(planned.outputs['plan']!) as Array<{ id: string; stream: string; headSha: string }>;
    expect(plan.map((p) => p.stream)).toEqual(['b-batch-one', 'b-batch-two', 'b-batch-broken', 'b-batch-waiting']);
    expect(plan[0]).toMatchObject({ id: 'b-batch-one-20251119T120000Z', headSha: good1, prNumbers: [] });
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${plan[0]!.id}`)).toBeUndefined();

    const out = await runReward(rt, { now, store, inputs: { mode: 'batch' } });
    expect(out.outputs['status']).toBe('failed');
    expect(out.error?.message).toMatch(/1 of 4 sessions could not be scored \(the others were\): b-batch-broken-20251119T121000Z: .*junit\.xml/);
    const scored = JSON.parse(out.outputs['scored-sessions']!) as Array<{ id: string; score: number; reportPath: string }>;
    expect(scored.map((s) => s.id)).toEqual(['b-batch-one-20251119T120000Z', 'b-batch-two-20251119T120500Z']);
    expect(JSON.parse(out.outputs['failed-sessions']!)).toEqual([{ id: 'b-batch-broken-20251119T121000Z', error: expect.stringMatching(/claim .* released/) }]);
    const one = JSON.parse(readFileSync(scored[0]!.reportPath, 'utf8'));
    expect(one.reports).toEqual(expect.arrayContaining([expect.stringMatching(/^junit: test-reports \(run \d+\)\/junit\.xml$/), expect.stringMatching(/^sarif-baseline: test-reports/)]));
    expect(one.reports.join(' ')).not.toMatch(/app\.js/);
    expect(one.evaluated).toMatchObject({ tests: true, coverage: true, findings: true });
    const two = JSON.parse(readFileSync(scored[1]!.reportPath, 'utf8'));
    expect(two.tests.total).toBe(5);
    expect(out.summary.replace(/\\(.)/g, '$1')).toMatch(/waiting for CI: CI #\d+ \(in_progress\) on [0-9a-f]{12} may still upload reports/);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}b-batch-broken-20251119T121000Z`)).toBeUndefined();
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}b-batch-waiting-20251119T121500Z`)).toBeUndefined();
    expect(rt.github.checkRuns(good1).map((c) => c.name)).toEqual(['reward-score']);
    expect(rt.github.checkRuns(good2).map((c) => c.name)).toEqual(['reward-score']);

    // the next sweep: scored sessions are done; the failed one and the waiting one are still due
    const next = await runReward(rt, { now: plus(now, 5), store, inputs: { mode: 'batch', 'plan-only': 'true' } });
    expect(JSON.parse(next.outputs['plan']!).map((p: { stream: string }) => p.stream)).toEqual(['b-batch-broken', 'b-batch-waiting']);
  });
});

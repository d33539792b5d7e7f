import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommitFile, LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_REF_PREFIX, FsStateStore, createGitHubClient, markEvent, parseDiff, stickyMarker } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { publishCheckRun } from '../../packages/core/src/adapters/github/check-run.js';
import { discoverReports } from '../../packages/core/src/app/reward/reports.js';
import { plus, push } from '../helpers/events.js';
import { pullRequestPayload, pushPayload, shaOf } from '../helpers/payloads.js';
import { FIXTURES, copyFixtures, newJobDirs, runReward } from './compute-reward-helpers.js';

const T0 = '2025-11-19T12:00:00.000Z';
const clock = Date.parse('2026-11-01T00:00:00.000Z');
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
});
afterAll(async () => {
  await rt?.close();
});

/** The real git diff fixture as commit files with per-file patches (what the compare API returns). */
async function patchFiles(): Promise<CommitFile[]> {
  const raw = readFileSync(join(FIXTURES, 'git/git-diff.patch'), 'utf8');
  const unified = await parseDiff(join(FIXTURES, 'git/git-diff.patch'));
  const sections = raw.split(/^diff --git /m).slice(1);
  return unified.files.map((f, i) => {
    const section = sections[i] as string;
    const patch = section.slice(section.indexOf('\n@@') + 1).replace(/\n$/, '');
    return { filename: f.path, status: f.status === 'deleted' ? 'removed' : f.status === 'renamed' ? 'renamed' : f.status === 'added' ? 'added' : 'modified', additions: f.additions, deletions: f.deletions, patch };
  });
}

/** A branch with an open PR whose head commit carries the real diff; returns the session's pushes' shas. */
async function seedBranch(branch: string, title: string, pushes: number): Promise<string[]> {
  const files = await patchFiles();
  const shas: string[] = [];
  rt.github.setBranch(branch, rt.github.branchSha('main') as string);
  for (let i = 0; i < pushes; i++) {
    const sha = shaOf(`${branch}/${i}`);
    rt.github.addCommit({ branch, sha, message: `Auto-PR: step ${i}`, files: i === pushes - 1 ? files : [] });
    shas.push(sha);
  }
  rt.github.addPull({ head: branch, title });
  return shas;
}

/** A filesystem state store holding one completed session of `shas` on `branch`. */
async function seedState(branch: string, shas: string[]): Promise<FsStateStore> {
  const store = new FsStateStore(mkdtempSync(join(tmpdir(), 'aps-reward-state-')));
  const events = shas.map((sha, i) => push(plus(T0, i * 2), i === shas.length - 1 ? 'Auto-PR: last [session-complete]' : `Auto-PR: step ${i}`, { headSha: sha, id: `push:${sha}`, branch }));
  await store.append(`b-${branch}`, events);
  return store;
}

/** The job summary without Markdown escapes (untrusted and generated text is escaped alike). */
const plain = (md: string): string => md.replace(/\\(.)/g, '$1');

function mkdirp(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

const REPORTS = { junit: 'reports/junit.xml', lcov: 'reports/lcov.info', sarif: 'reports/*.sarif' };

// Cases use distinct sessions and state stores; they run at once because the REST client paces
// writes a second apart (GitHub's secondary limits), which would otherwise add up case after case.
describe.concurrent('compute-reward-batched, mode session (in-process, local runtime)', () => {
  it('scores a due session once: reward.json, sticky comment, check run, scored mark; a second run says already-scored', async () => {
    const shas = await seedBranch('reward-a', 'Auto-PR: add percent()', 3);
    const store = await seedState('reward-a', shas);
    // session-check handed it out (the hand-off keeps it from being handed out again, not from being scored)
    // and the agent already started the next session of the branch: the stream key still names the due one
    await store.append('b-reward-a', [
      markEvent({ kind: 'score_requested', sessionId: 'b-reward-a-20251119T120000Z', at: plus(T0, 5), repo: 'octo-org/octo-repo', runId: '77' }),
      push(plus(T0, 8), 'Auto-PR: next session', { headSha: shaOf('reward-a/next'), id: 'push:reward-a-next', branch: 'reward-a' }),
    ]);
    const job = newJobDirs(rt);
    copyFixtures(join(job.workspace, 'reports'), ['vitest/junit.xml', 'vitest/lcov.info', 'eslint/eslint.sarif']);
    const now = plus(T0, 10);
    const first = await runReward(rt, { now, job, store, inputs: { 'session-id': 'b-reward-a', ...REPORTS } });
    expect(first.error).toBeNull();
    expect(first.outputs).toMatchObject({ status: 'scored', 'session-id': 'b-reward-a-20251119T120000Z', decision: 'REQUEST_CHANGES' });
    const doc = JSON.parse(readFileSync(first.outputs['report-path']!, 'utf8'));
    expect(doc).toMatchObject({ sessionId: 'b-reward-a-20251119T120000Z', stream: 'b-reward-a', headSha: shas[2], prNumbers: [expect.any(Number)], traceId: first.outputs['trace-id'], scoredAt: now });
    expect(doc.score).toBe(Number(first.outputs['score']));
    expect(doc.evaluated).toMatchObject({ tests: true, coverage: true, findings: true, diff: true, changedLines: true });
    expect(doc.reports.join('\n')).toMatch(/diff: compare API main\.\.\./);
    const pr = rt.github.pulls().find((p) => p.pull?.head === 'reward-a')!;
    const comments = rt.github.comments(pr.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith(stickyMarker('reward', doc.sessionId))).toBe(true);
    const checks = rt.github.checkRuns(shas[2]);
    expect(checks.map((c) => [c.name, c.conclusion])).toEqual([['reward-score', 'neutral']]);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${doc.sessionId}`)).toBe(shas[2]);
    const state = await store.load('b-reward-a');
    expect(state.state.events.filter((e) => e.kind === 'scored')).toHaveLength(1);

    const again = await runReward(rt, { now, store, inputs: { 'session-id': 'b-reward-a-20251119T120000Z', ...REPORTS } });
    expect(again.outputs['status']).toBe('already-scored');
    expect(rt.github.comments(pr.number)).toHaveLength(1);
    expect(rt.github.checkRuns(shas[2])).toHaveLength(1);
    expect(existsSync(first.outputs['report-path']!)).toBe(true);
  });

  it('a report that cannot be parsed fails the run, names the file and releases the claim; a later run with good reports scores', async () => {
    const shas = await seedBranch('reward-bad', 'Auto-PR: broken reports', 2);
    const store = await seedState('reward-bad', shas);
    const job = newJobDirs(rt);
    const junit = readFileSync(join(FIXTURES, 'vitest/junit.xml'), 'utf8');
    mkdirp(join(job.workspace, 'reports'));
    writeFileSync(join(job.workspace, 'reports/junit.xml'), junit.slice(0, Math.floor(junit.length / 2))); // a truncated upload
    const now = plus(T0, 10);
    const bad = await runReward(rt, { now, job, store, inputs: { 'session-id': 'b-reward-bad', junit: 'reports/junit.xml' } });
    expect(bad.outputs['status']).toBe('failed');
    expect(bad.error?.message).toMatch(/reports\/junit\.xml.*\(given as junit\).*claim refs\/auto-pr-sessions\/claims\/b-reward-bad-20251119T120000Z released: a later run can score this session/s);
    expect(bad.outputs['failed-sessions']).toContain('b-reward-bad-20251119T120000Z');
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}b-reward-bad-20251119T120000Z`)).toBeUndefined();
    expect((await store.load('b-reward-bad')).state.events.some((e) => e.kind === 'scored')).toBe(false);

    copyFixtures(join(job.workspace, 'reports'), ['vitest/junit.xml']);
    const good = await runReward(rt, { now, store, job: { ...job, runId: rt.newRunId() }, inputs: { 'session-id': 'b-reward-bad', junit: 'reports/junit.xml' } });
    expect(good.error).toBeNull();
    expect(good.outputs['status']).toBe('scored');
  });

  it('a session that is not complete is not scored (not-due), and claims nothing', async () => {
    const shas = await seedBranch('reward-active', 'Auto-PR: still going', 1);
    const store = new FsStateStore(mkdtempSync(join(tmpdir(), 'aps-reward-state-')));
    await store.append('b-reward-active', [push(T0, 'Auto-PR: step 0', { headSha: shas[0], id: `push:${shas[0]}`, branch: 'reward-active' })]);
    const out = await runReward(rt, { now: plus(T0, 5), store, inputs: { 'session-id': 'b-reward-active' } });
    expect(out.error).toBeNull();
    expect(out.outputs).toMatchObject({ status: 'not-due', score: '' });
    expect(out.outputs['reason']).toMatch(/session active: 1 push, idle 5 min/);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}b-reward-active-20251119T120000Z`)).toBeUndefined();
  });

  it('a token without pull-requests/checks write on a same-repo run: the 403 answers become notices, not failures', async () => {
    const shas = await seedBranch('reward-ro', 'Auto-PR: read only', 1);
    const store = await seedState('reward-ro', shas);
    const token = rt.restToken({ pull_requests: 'read', issues: 'read', checks: 'read' });
    const out = await runReward(rt, { now: plus(T0, 10), store, token, inputs: { 'session-id': 'b-reward-ro', 'fail-on-error': 'true' } });
    expect(out.error).toBeNull();
    expect(out.outputs['status']).toBe('scored');
    expect(plain(out.summary)).toMatch(/PR comment skipped: the token cannot write to pull requests .*grant pull-requests: write/);
    expect(plain(out.summary)).toMatch(/check run skipped: the token cannot create check runs .*grant checks: write/);
  });

  it('the sticky comment is found past the first page of comments and updated in place', async () => {
    const shas = await seedBranch('reward-sticky', 'Auto-PR: sticky', 1);
    const store = await seedState('reward-sticky', shas);
    const pr = rt.github.pulls().find((p) => p.pull?.head === 'reward-sticky')!;
    const sid = 'b-reward-sticky-20251119T120000Z';
    for (let i = 0; i < 130; i++) rt.github.addComment(pr.number, `review note ${i}`, 'reviewer');
    // a human pasting the marker does not capture the score
    rt.github.addComment(pr.number, `${stickyMarker('reward', sid)} fake`, 'mallory');
    const own = rt.github.addComment(pr.number, `${stickyMarker('reward', sid)}\nold score from an earlier attempt`);
    for (let i = 0; i < 5; i++) rt.github.addComment(pr.number, `later note ${i}`, 'reviewer');
    const out = await runReward(rt, { now: plus(T0, 10), store, inputs: { 'session-id': sid } });
    expect(out.outputs['status']).toBe('scored');
    const comments = rt.github.comments(pr.number);
    expect(comments).toHaveLength(137);
    expect(rt.github.comment(own.id)!.body).toMatch(/Reward score: /);
    expect(comments.find((c) => c.user === 'mallory')!.body).toMatch(/fake$/);
  });

  it('an external scorer decides the score; the built-in figures stay in reward.json', async () => {
    const shas = await seedBranch('reward-ext', 'Auto-PR: external', 1);
    const store = await seedState('reward-ext', shas);
    const job = newJobDirs(rt);
    copyFixtures(join(job.workspace, 'reports'), ['vitest/junit.xml']);
    const scorer = join(job.workspace, 'score.mjs');
    writeFileSync(scorer, `let t='';process.stdin.on('data',d=>t+=d).on('end',()=>{const j=JSON.parse(t);const passed=j.inputs.tests.passed;console.log(JSON.stringify({score:passed,decision:'APPROVE',breakdown:[{category:'tests',points:passed,reason:passed+' passing tests in '+j.session.sessionId}]}));});`);
    chmodSync(scorer, 0o755);
    const out = await runReward(rt, { now: plus(T0, 10), job, store, inputs: { 'session-id': 'b-reward-ext', junit: 'reports/junit.xml', 'scorer-command': `node "${scorer}"` } });
    expect(out.error).toBeNull();
    expect(out.outputs).toMatchObject({ status: 'scored', score: '6', decision: 'APPROVE' });
    const doc = JSON.parse(readFileSync(out.outputs['report-path']!, 'utf8'));
    expect(doc.scorer).toBe(`command: node ${scorer}`);
    expect(doc.breakdown).toEqual([{ category: 'tests', points: 6, reason: '6 passing tests in b-reward-ext-20251119T120000Z', evidence: [] }]);
    expect(doc.tests.total).toBe(10);
    expect(doc.normalized).toBeGreaterThan(50);
  });

  it('a push that is not an auto-PR is scored on its own (per push), with no session state', async () => {
    rt.github.setBranch('feature-login', rt.github.branchSha('main') as string);
    const sha = shaOf('feature-login/1');
    rt.github.addCommit({ branch: 'feature-login', sha, message: 'Add login form' });
    const payload = pushPayload({ branch: 'feature-login', sha: 'feature-login/1', at: T0, messages: ['Add login form'] });
    const store = new FsStateStore(mkdtempSync(join(tmpdir(), 'aps-reward-state-')));
    const out = await runReward(rt, { now: T0, store, eventName: 'push', payload, ref: 'refs/heads/feature-login' });
    expect(out.error).toBeNull();
    expect(out.outputs).toMatchObject({ status: 'scored', 'session-id': `p-feature-login-${sha.slice(0, 12)}` });
    expect(await store.listStreams()).toEqual([]);
    expect(rt.github.checkRuns(sha).map((c) => c.name)).toEqual(['reward-score']);
  });
});

// These cases run alone: the fork case claims through the cache service, which resolves paths
// against the working directory, and injected faults apply to every request of the runtime.
describe('compute-reward-batched, cases that run alone', () => {
  it('infrastructure faults (artifact service, comment write) are warnings and lose nothing; fail-on-error makes them fatal', async () => {
    const shasA = await seedBranch('reward-fault-a', 'Auto-PR: fault a', 1);
    const shasB = await seedBranch('reward-fault-b', 'Auto-PR: fault b', 1);
    const storeA = await seedState('reward-fault-a', shasA);
    const storeB = await seedState('reward-fault-b', shasB);
    const faults = [rt.faults.set({ target: 'artifact', kind: '4xx' }), rt.faults.set({ target: /\/issues\/\d+\/comments$/, method: 'POST', kind: '4xx', status: 400 })];
    try {
      const lenient = await runReward(rt, { now: plus(T0, 10), store: storeA, inputs: { 'session-id': 'b-reward-fault-a' } });
      expect(lenient.error).toBeNull();
      expect(lenient.outputs['status']).toBe('scored');
      expect(plain(lenient.summary)).toMatch(/the reward artifact could not be uploaded: .*reward\.json stays at .*reward\.json for this job/);
      expect(plain(lenient.summary)).toMatch(/the PR comment could not be written/);
      expect(rt.github.checkRuns(shasA[0]).map((c) => c.name)).toEqual(['reward-score']);
      expect((await storeA.load('b-reward-fault-a')).state.events.filter((e) => e.kind === 'scored')).toHaveLength(1);

      const strict = await runReward(rt, { now: plus(T0, 10), store: storeB, inputs: { 'session-id': 'b-reward-fault-b', 'fail-on-error': 'true' } });
      expect(strict.error?.message).toMatch(/infrastructure faults \(fail-on-error is on\): b-reward-fault-b-20251119T120000Z: the reward artifact could not be uploaded/);
      expect(strict.outputs['status']).toBe('scored');
      expect((await storeB.load('b-reward-fault-b')).state.events.filter((e) => e.kind === 'scored')).toHaveLength(1);
    } finally {
      for (const f of faults) f.remove();
    }
  });

  it('a read-only token (fork PR): scores and writes the job summary, skips comment and check with a notice, never fails', async () => {
    const shas = await seedBranch('reward-fork', 'Auto-PR: from a fork', 2);
    const store = await seedState('reward-fork', shas);
    const token = rt.restToken({ contents: 'read', pull_requests: 'read', checks: 'read', issues: 'read', actions: 'read' });
    const payload = pullRequestPayload('synchronize', { number: 99, branch: 'reward-fork', title: 'Auto-PR: from a fork', at: T0 });
    payload['pull_request']['head']['repo'] = { ...payload['pull_request']['head']['repo'], full_name: 'someone/octo-repo', fork: true };
    const job = newJobDirs(rt);
    copyFixtures(join(job.workspace, 'reports'), ['vitest/junit.xml']);
    const out = await runReward(rt, { now: plus(T0, 10), job, store, token, eventName: 'pull_request', payload, ref: 'refs/pull/99/merge', inputs: { 'session-id': 'b-reward-fork', junit: 'reports/*.xml' } });
    expect(out.error).toBeNull();
    expect(out.outputs['status']).toBe('scored');
    expect(out.summary).toMatch(/Reward score: /);
    expect(plain(out.summary)).toMatch(/PR comment skipped: this run is a pull request from a fork, whose token is read-only/);
    expect(plain(out.summary)).toMatch(/check run skipped: this run is a pull request from a fork/);
    expect(plain(out.summary)).toMatch(/cache key aps-claim-b-reward-fork-20251119T120000Z.*atomic within one cache scope only/);
    const pr = rt.github.pulls().find((p) => p.pull?.head === 'reward-fork')!;
    expect(rt.github.comments(pr.number)).toHaveLength(0);
    expect(rt.github.checkRuns(shas[1])).toHaveLength(0);
  });

});

describe.concurrent('publishing pieces', () => {
  it('a check run with 120 annotations: 50 with the create, the rest in two updates', async () => {
    const github = createGitHubClient({ token: rt.restToken(), baseUrl: rt.url });
    const sha = shaOf('annotations');
    const annotations = Array.from({ length: 120 }, (_, i) => ({ path: `src/f${i}.ts`, start_line: i + 1, end_line: i + 1, annotation_level: 'failure' as const, message: `finding ${i}` }));
    const before = rt.stats();
    const res = await publishCheckRun(github, { owner: 'octo-org', repo: 'octo-repo', name: 'reward-score', headSha: sha, conclusion: 'failure', title: 't', summary: 's', annotations });
    const after = rt.stats();
    const count = (route: string) => (after.restByRoute[route] ?? 0) - (before.restByRoute[route] ?? 0);
    expect(res).toMatchObject({ requests: 3, annotations: 120 });
    expect(count('POST /repos/{owner}/{repo}/check-runs')).toBe(1);
    expect(count('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}')).toBe(2);
    expect(rt.github.checkRuns(sha)).toHaveLength(1);
  });

  it('batch discovery classifies real reports by extension and content', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aps-discover-'));
    copyFixtures(join(dir, 'a'), ['vitest/junit.xml', 'vitest/lcov.info', 'vitest/coverage-summary.json', 'vitest/coverage-final.json', 'vitest/cobertura-coverage.xml']);
    copyFixtures(join(dir, 'b'), ['eslint/eslint.sarif', 'eslint/eslint-base.sarif', 'git/git-diff.patch', 'surefire/TEST-sample.CalcTest.xml', 'pytest/pytest-junit.xml', 'README.md']);
    const found = await discoverReports(dir);
    expect(found.files).toEqual({
      junit: [join(dir, 'a/junit.xml'), join(dir, 'b/pytest-junit.xml'), join(dir, 'b/TEST-sample.CalcTest.xml')],
      lcov: join(dir, 'a/lcov.info'),
      istanbul: join(dir, 'a/coverage-final.json'),
      cobertura: join(dir, 'a/cobertura-coverage.xml'),
      sarif: [join(dir, 'b/eslint.sarif')],
      sarifBaseline: join(dir, 'b/eslint-base.sarif'),
      diff: join(dir, 'b/git-diff.patch'),
    });
  });
});

// REST fake: GitHub shapes, pagination, permissions and the rate budget, through Octokit (@actions/github)
// and plain fetch where headers matter.
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { seedCache } from './helpers/twirp.js';

type Octokit = ReturnType<typeof getOctokit>;

let rt: LocalRuntime;
let clock = Date.UTC(2026, 2, 1);
let owner: string;
let repo: string;
let gh: Octokit;
let token: string;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock, repo: 'acme/widgets' });
  [owner = '', repo = ''] = rt.repo.split('/');
  token = rt.restToken();
  gh = octokit(token);
});

afterAll(async () => {
  await rt?.close();
});

function octokit(t: string): Octokit {
  // retries off: every assertion should see the server's first answer
  return getOctokit(t, { baseUrl: rt.url, request: { retries: 0 } });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (err) {
    return (err as { status: number }).status;
  }
}

const get = (path: string, t = token): Promise<Response> => fetch(`${rt.url}${path}`, { headers: { authorization: `token ${t}` } });

describe('REST basics', () => {
  it('answers unknown routes and unknown repositories with 404 JSON and rate-limit headers', async () => {
    for (const path of ['/nope', `/repos/${rt.repo}/no/such/route`, '/repos/other/repo/pulls']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { message: string; documentation_url: string };
      expect(body.message).toBe('Not Found');
      expect(body.documentation_url).toMatch(/^https:\/\/docs\.github\.com/);
      expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
      expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d+$/);
      expect(res.headers.get('x-ratelimit-used')).toMatch(/^\d+$/);
    }
  });

  it('rejects bad credentials (401), anonymous writes (401) and writes without permission (403)', async () => {
    expect((await get(`/repos/${rt.repo}/pulls`, 'ghs_fake.bogus.sig')).status).toBe(401);
    const anon = await fetch(`${rt.url}/repos/${rt.repo}/issues`, { method: 'POST', body: '{"title":"x"}' });
    expect(anon.status).toBe(401);
    const readOnly = octokit(rt.restToken({ issues: 'read', pull_requests: 'read' }));
    const issue = await gh.rest.issues.create({ owner, repo, title: 'perm' });
    expect(await status(readOnly.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: 'no' }))).toBe(403);
    expect(await status(readOnly.rest.issues.listComments({ owner, repo, issue_number: issue.data.number }))).toBe(200);
  });

  it('spends a per-token budget and answers 403 with remaining 0 when it is exhausted', async () => {
    rt.setRestRateLimit(3);
    try {
      const t = rt.restToken();
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await get(`/repos/${rt.repo}/issues`, t);
        expect(res.status).toBe(200);
        remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const limited = await get(`/repos/${rt.repo}/issues`, t);
      expect(limited.status).toBe(403);
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(((await limited.json()) as { message: string }).message).toMatch(/rate limit/i);
      // /rate_limit is free and reports the same budget; another token has its own budget.
      const rl = (await (await get('/rate_limit', t)).json()) as { resources: { core: { remaining: number; used: number } } };
      expect(rl.resources.core).toMatchObject({ remaining: 0, used: 3 });
      expect((await get(`/repos/${rt.repo}/issues`, rt.restToken())).status).toBe(200);
      // The window resets after an hour on the runtime clock.
      clock += 3600 * 1000;
      expect((await get(`/repos/${rt.repo}/issues`, t)).status).toBe(200);
    } finally {
      rt.setRestRateLimit(1000);
    }
  });

  it('paginates with Link headers that Octokit follows; per_page is capped at 100', async () => {
    for (let i = 0; i < 75; i++) rt.github.addIssue({ title: `bulk ${i}`, labels: ['bulk'] });
    const first = await get(`/repos/${rt.repo}/issues?labels=bulk`);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    expect(link).toMatch(/page=3[^>]*>; rel="last"/);
    expect(((await first.json()) as unknown[]).length).toBe(30);
    const all = await gh.paginate(gh.rest.issues.listForRepo, { owner, repo, labels: 'bulk', per_page: 20 });
    expect(all).toHaveLength(75);
    expect(new Set(all.map((i) => i.number)).size).toBe(75);
    const big = await get(`/repos/${rt.repo}/issues?labels=bulk&per_page=500`);
    expect(((await big.json()) as unknown[]).length).toBe(75);
    const capped = await get(`/repos/${rt.repo}/issues?labels=bulk&per_page=500&page=1&state=all`);
    expect(capped.headers.get('link') ?? '').toBe('');
    for (let i = 0; i < 30; i++) rt.github.addIssue({ title: `more ${i}`, labels: ['bulk'] });
    const page = await get(`/repos/${rt.repo}/issues?labels=bulk&per_page=500`);
    expect(((await page.json()) as unknown[]).length).toBe(100);
  });
});

describe('repository routes', () => {
  it('serves pull requests with commits and files, filters by head, and refuses a duplicate PR', async () => {
    const pr = rt.github.addPull({
      head: 'auto/fix-1',
      title: 'Fix 1',
      user: 'agent-bot',
      commits: [
        { message: 'first', files: [{ filename: 'a.ts', status: 'added', additions: 3 }] },
        { message: 'second', files: [{ filename: 'a.ts', additions: 1, deletions: 1 }, { filename: 'b.ts', additions: 2 }] },
      ],
    });
    const got = await gh.rest.pulls.get({ owner, repo, pull_number: pr.number });
    expect(got.data).toMatchObject({ number: pr.number, state: 'open', head: { ref: 'auto/fix-1' }, base: { ref: 'main' }, user: { login: 'agent-bot' }, commits: 2 });
    expect(got.data.head.sha).toBe(rt.github.branchSha('auto/fix-1'));
    const commits = await gh.rest.pulls.listCommits({ owner, repo, pull_number: pr.number });
    expect(commits.data.map((c) => c.commit.message)).toEqual(['first', 'second']);
    const files = await gh.rest.pulls.listFiles({ owner, repo, pull_number: pr.number });
    expect(files.data.map((f) => [f.filename, f.status, f.additions])).toEqual([
      ['a.ts', 'added', 4],
      ['b.ts', 'modified', 2],
    ]);
    const byHead = await gh.rest.pulls.list({ owner, repo, head: `${owner}:auto/fix-1` });
    expect(byHead.data.map((p) => p.number)).toEqual([pr.number]);
    expect((await gh.rest.pulls.list({ owner, repo, head: `${owner}:other` })).data).toEqual([]);

    expect(await status(gh.rest.pulls.create({ owner, repo, head: 'auto/fix-1', base: 'main', title: 'again' }))).toBe(422);
    expect(await status(gh.rest.pulls.create({ owner, repo, head: 'no-such-branch', base: 'main', title: 'x' }))).toBe(422);
    rt.github.addCommit({ branch: 'auto/fix-2', parents: [rt.github.branchSha('main') ?? ''], message: 'fix 2' });
    const created = await gh.rest.pulls.create({ owner, repo, head: 'auto/fix-2', base: 'main', title: 'Fix 2' });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe('github-actions[bot]');
    // A new push moves the PR head.
    const pushed = rt.github.addCommit({ branch: 'auto/fix-2', message: 'fix 2b' });
    expect((await gh.rest.pulls.get({ owner, repo, pull_number: created.data.number })).data.head.sha).toBe(pushed.sha);
  });

  it('creates, lists, edits and filters issues, comments and labels', async () => {
    const issue = await gh.rest.issues.create({ owner, repo, title: 'Session report', labels: ['session', 'score'] });
    expect(issue.status).toBe(201);
    const c1 = await gh.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: 'first' });
    clock += 1000;
    await gh.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: 'second' });
    const edited = await gh.rest.issues.updateComment({ owner, repo, comment_id: c1.data.id, body: 'first (edited)' });
    expect(edited.data.body).toBe('first (edited)');
    const comments = await gh.rest.issues.listComments({ owner, repo, issue_number: issue.data.number });
    expect(comments.data.map((c) => c.body)).toEqual(['first (edited)', 'second']);
    expect(comments.data[0]?.user?.login).toBe('github-actions[bot]');
    expect(rt.github.comments(issue.data.number)).toHaveLength(2);

    const labelled = await gh.rest.issues.listForRepo({ owner, repo, labels: 'session,score' });
    expect(labelled.data.map((i) => i.number)).toEqual([issue.data.number]);
    await gh.rest.issues.update({ owner, repo, issue_number: issue.data.number, state: 'closed', labels: ['session'] });
    expect((await gh.rest.issues.listForRepo({ owner, repo, labels: 'session' })).data).toEqual([]);
    const closed = await gh.rest.issues.listForRepo({ owner, repo, labels: 'session', state: 'closed' });
    expect(closed.data.map((i) => [i.number, i.state, i.labels.length])).toEqual([[issue.data.number, 'closed', 1]]);
    expect(await status(gh.rest.issues.get({ owner, repo, issue_number: 99999 }))).toBe(404);
  });

  it('creates and completes check runs and lists them by sha or branch', async () => {
    const sha = rt.github.branchSha('main') ?? '';
    const created = await gh.rest.checks.create({ owner, repo, name: 'session-score', head_sha: sha, status: 'in_progress' });
    expect(created.status).toBe(201);
    expect(created.data.conclusion).toBeNull();
    const done = await gh.rest.checks.update({ owner, repo, check_run_id: created.data.id, conclusion: 'success', output: { title: 'Score 92', summary: 'ok' } });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'Score 92' } });
    const bySha = await gh.rest.checks.listForRef({ owner, repo, ref: sha, check_name: 'session-score' });
    expect(bySha.data.total_count).toBe(1);
    const byBranch = await gh.rest.checks.listForRef({ owner, repo, ref: 'main' });
    expect(byBranch.data.check_runs.map((c) => c.id)).toContain(created.data.id);
  });

  it('compares commits, reports branches (404 when gone) and collaborator permissions', async () => {
    const base = rt.github.branchSha('main') ?? '';
    rt.github.addCommit({ branch: 'topic', parents: [base], message: 't1', files: [{ filename: 'x.md', status: 'added', additions: 1 }] });
    rt.github.addCommit({ branch: 'topic', message: 't2' });
    const cmp = await gh.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: 'main...topic' });
    expect(cmp.data).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(cmp.data.commits.map((c) => c.commit.message)).toEqual(['t1', 't2']);
    expect(cmp.data.files?.map((f) => f.filename)).toEqual(['x.md']);
    expect(cmp.data.merge_base_commit.sha).toBe(base);
    expect((await gh.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: 'topic...main' })).data.status).toBe('behind');

    expect((await gh.rest.repos.getBranch({ owner, repo, branch: 'topic' })).data.commit.sha).toBe(rt.github.branchSha('topic'));
    rt.github.deleteBranch('topic');
    expect(await status(gh.rest.repos.getBranch({ owner, repo, branch: 'topic' }))).toBe(404);

    rt.github.setPermission('maintainer', 'admin');
    rt.github.setPermission('helper', 'triage');
    const perm = (u: string) => gh.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: u }).then((r) => [r.data.permission, r.data.role_name]);
    expect(await perm('maintainer')).toEqual(['admin', 'admin']);
    expect(await perm('helper')).toEqual(['read', 'triage']);
    expect(await perm('stranger')).toEqual(['none', 'none']);
  });

  it('makes git ref creation an atomic claim: one of 8 racing creates wins, the rest get 422', async () => {
    const sha = rt.github.branchSha('main') ?? '';
    const results = await Promise.all(
      Array.from({ length: 8 }, () => status(gh.rest.git.createRef({ owner, repo, ref: 'refs/claims/session-42', sha }))),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(1);
    expect(results.filter((s) => s === 422)).toHaveLength(7);
    try {
      await gh.rest.git.createRef({ owner, repo, ref: 'refs/claims/session-42', sha });
    } catch (err) {
      expect((err as { response: { data: { message: string } } }).response.data.message).toBe('Reference already exists');
    }
    expect((await gh.rest.git.getRef({ owner, repo, ref: 'claims/session-42' })).data.object.sha).toBe(sha);
    expect((await gh.rest.git.deleteRef({ owner, repo, ref: 'claims/session-42' })).status).toBe(204);
    expect(await status(gh.rest.git.getRef({ owner, repo, ref: 'claims/session-42' }))).toBe(404);
    expect(await status(gh.rest.git.deleteRef({ owner, repo, ref: 'claims/session-42' }))).toBe(422);
  });
});

describe('actions routes', () => {
  it('lists caches with key prefix, ref, sort and pages; deletes by key+ref and by id; reports usage', async () => {
    const main = rt.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' });
    const feat = rt.envFor({ ref: 'refs/heads/feat', workspace: '/tmp', tempDir: '/tmp' });
    for (let i = 0; i < 5; i++) {
      clock += 1000;
      await seedCache(rt, main, `sess-${i}`, 'x'.repeat(10 + i));
    }
    clock += 1000;
    const featId = await seedCache(rt, feat, 'sess-0', 'feat');
    await seedCache(rt, main, 'other-key');

    const all = await gh.rest.actions.getActionsCacheList({ owner, repo, key: 'sess-', per_page: 100 });
    expect(all.data.total_count).toBe(6);
    expect(all.data.actions_caches[0]).toMatchObject({ key: 'sess-0', ref: 'refs/heads/feat', id: featId });
    const onMain = await gh.rest.actions.getActionsCacheList({ owner, repo, key: 'sess-', ref: 'refs/heads/main', sort: 'created_at', direction: 'asc' });
    expect(onMain.data.actions_caches.map((c) => c.key)).toEqual(['sess-0', 'sess-1', 'sess-2', 'sess-3', 'sess-4']);
    const paged = await gh.paginate(gh.rest.actions.getActionsCacheList, { owner, repo, key: 'sess-', per_page: 2 });
    expect(paged).toHaveLength(6);

    const usage = await gh.rest.actions.getActionsCacheUsage({ owner, repo });
    expect(usage.data.active_caches_count).toBe(7);
    expect(usage.data.active_caches_size_in_bytes).toBe(10 + 11 + 12 + 13 + 14 + 4 + 'other-key'.length);

    const readOnly = octokit(rt.restToken({ actions: 'read' }));
    expect(await status(readOnly.rest.actions.deleteActionsCacheByKey({ owner, repo, key: 'sess-0' }))).toBe(403);
    expect(await status(readOnly.rest.actions.getActionsCacheList({ owner, repo }))).toBe(200);

    const byKey = await gh.rest.actions.deleteActionsCacheByKey({ owner, repo, key: 'sess-0', ref: 'refs/heads/main' });
    expect(byKey.data.actions_caches.map((c) => c.ref)).toEqual(['refs/heads/main']);
    expect((await gh.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: featId })).status).toBe(204);
    expect(await status(gh.rest.actions.deleteActionsCacheById({ owner, repo, cache_id: featId }))).toBe(404);
    expect(await status(gh.rest.actions.deleteActionsCacheByKey({ owner, repo, key: 'sess-0' }))).toBe(404);
    expect((await gh.rest.actions.getActionsCacheList({ owner, repo, key: 'sess-' })).data.total_count).toBe(4);
  });

  it('lists workflow runs with filters and records workflow dispatches', async () => {
    const runId = rt.newRunId();
    rt.envFor({ ref: 'refs/heads/dispatch-src', runId, eventName: 'push', workspace: '/tmp', tempDir: '/tmp' });
    rt.github.addWorkflowRun({ event: 'schedule', status: 'completed', conclusion: 'success' });
    const pushes = await gh.rest.actions.listWorkflowRunsForRepo({ owner, repo, branch: 'dispatch-src', event: 'push' });
    expect(pushes.data.workflow_runs.map((r) => r.id)).toEqual([runId]);
    expect((await gh.rest.actions.listWorkflowRunsForRepo({ owner, repo, event: 'schedule', status: 'success' })).data.total_count).toBe(1);
    expect((await gh.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })).data.head_branch).toBe('dispatch-src');

    const sent = await gh.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'score.yml', ref: 'main', inputs: { session: 's-1' } });
    expect(sent.status).toBe(204);
    expect(rt.github.dispatches()).toEqual([expect.objectContaining({ workflow: 'score.yml', ref: 'main', inputs: { session: 's-1' } })]);
    const tooMany = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`i${i}`, 'v']));
    expect(await status(gh.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'score.yml', ref: 'main', inputs: tooMany }))).toBe(422);
    const noActions = octokit(rt.restToken({ actions: 'read' }));
    expect(await status(noActions.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'score.yml', ref: 'main' }))).toBe(403);
    rt.github.setWorkflows(['.github/workflows/score.yml']);
    expect(await status(gh.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: 'missing.yml', ref: 'main' }))).toBe(404);
    expect(rt.stats().restByRoute['POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches']).toBe(4);
  });
});

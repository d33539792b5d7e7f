// Every REST answer the runtime gives during a scenario that touches every route it serves is checked
// against GitHub's published OpenAPI description (@octokit/openapi, api.github.com, OpenAPI 3.0):
// the status must be one the operation documents, and a JSON body must match that status's schema.
// So the stand-in cannot drift from the real API unnoticed.
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime, type RestAnswer } from '@auto-pr-sessions/runtime';
import { checkAnswers } from './helpers/openapi.js';
import { seedCache, twirp } from './helpers/twirp.js';

let rt: LocalRuntime;
let clock = Date.UTC(2026, 6, 1);
const answers: RestAnswer[] = [];

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock, repo: 'acme/conformance', observeRest: (a) => answers.push(a) });
});

afterAll(async () => {
  await rt?.close();
});

/** Drives every REST route the runtime serves, the way the suite's actions use them. */
async function scenario(): Promise<void> {
  const [owner = '', repo = ''] = rt.repo.split('/');
  const gh = getOctokit(rt.restToken(), { baseUrl: rt.url, request: { retries: 0 } });
  const q = async (route: string, params: Record<string, unknown> = {}): Promise<unknown> =>
    (await gh.request(route, { owner, repo, ...params }).catch((e: unknown) => e)) as unknown;

  const main = rt.github.branchSha('main') ?? '';
  rt.github.addCommit({ branch: 'feature', parents: [main], message: 'checkpoint: one', files: [{ filename: 'a.ts', status: 'added', additions: 3, patch: '@@ -0,0 +1 @@' }] });
  rt.github.setPermission('octocat', 'write');
  const env = rt.envFor({ ref: 'refs/heads/feature', workspace: '/tmp', tempDir: '/tmp', eventName: 'push' });
  await seedCache(rt, env, 'aps1-state');
  const body = (env['ACTIONS_RUNTIME_TOKEN'] ?? '').split('.')[1] ?? '';
  const scp = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { scp: string }).scp;
  const [, runBackend = '', jobBackend = ''] = scp.split(' ').find((s) => s.startsWith('Actions.Results:'))?.split(':') ?? [];
  const artifactReq = { workflow_run_backend_id: runBackend, workflow_job_run_backend_id: jobBackend, name: 'aps-state' };
  const created = (await (await twirp(rt, env, 'ArtifactService/CreateArtifact', { ...artifactReq, version: 4 })).json()) as { signed_upload_url: string };
  await fetch(created.signed_upload_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'PK' });
  await twirp(rt, env, 'ArtifactService/FinalizeArtifact', { ...artifactReq, size: '2' });
  const runId = Number(env['GITHUB_RUN_ID']);

  await q('GET /rate_limit');
  await q('GET /repos/{owner}/{repo}');
  const pr = (await q('POST /repos/{owner}/{repo}/pulls', { head: 'feature', base: 'main', title: 'Auto-PR: scripts' })) as { data: { number: number } };
  const n = pr.data.number;
  await q('GET /repos/{owner}/{repo}/pulls', { state: 'all' });
  await q('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: n });
  await q('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: n, body: '[session: s1]' });
  await q('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { pull_number: n });
  await q('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { pull_number: n });
  const issue = (await q('POST /repos/{owner}/{repo}/issues', { title: 'health alert', labels: ['auto-pr-sessions-health'] })) as { data: { number: number } };
  const i = issue.data.number;
  await q('GET /repos/{owner}/{repo}/issues', { labels: 'auto-pr-sessions-health' });
  await q('GET /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: i });
  await q('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { issue_number: i, state: 'closed' });
  await q('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { issue_number: i, labels: ['extra'] });
  await q('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { issue_number: i, name: 'extra' });
  await q('DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}', { issue_number: i, name: 'never-there' });
  await q('GET /repos/{owner}/{repo}/labels');
  await q('POST /repos/{owner}/{repo}/labels', { name: 'reward', color: '0e8a16' });
  await q('POST /repos/{owner}/{repo}/labels', { name: 'REWARD' });
  const comment = (await q('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: n, body: 'score 0.9' })) as { data: { id: number } };
  await q('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: n });
  await q('GET /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: comment.data.id });
  await q('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: comment.data.id, body: 'score 0.95' });
  await q('DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: comment.data.id });
  const head = rt.github.branchSha('feature') ?? '';
  const check = (await q('POST /repos/{owner}/{repo}/check-runs', { name: 'reward-score', head_sha: head, status: 'in_progress' })) as { data: { id: number } };
  await q('POST /repos/{owner}/{repo}/check-runs', { name: 'too many', head_sha: head, output: { title: 't', summary: 's', annotations: Array.from({ length: 51 }, () => ({ path: 'a', start_line: 1, end_line: 1, annotation_level: 'notice', message: 'm' })) } });
  await q('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { check_run_id: check.data.id });
  await q('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { check_run_id: check.data.id, conclusion: 'success', output: { title: 'Reward 0.9', summary: 'ok' } });
  await q('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ref: head });
  await q('GET /repos/{owner}/{repo}/commits/{ref}', { ref: head });
  await q('GET /repos/{owner}/{repo}/compare/{basehead}', { basehead: `main...feature` });
  await q('GET /repos/{owner}/{repo}/branches/{branch}', { branch: 'feature' });
  await q('GET /repos/{owner}/{repo}/branches/{branch}', { branch: 'gone' });
  await q('POST /repos/{owner}/{repo}/git/refs', { ref: 'refs/auto-pr-sessions/claims/s1', sha: head });
  await q('POST /repos/{owner}/{repo}/git/refs', { ref: 'refs/auto-pr-sessions/claims/s1', sha: head });
  await q('GET /repos/{owner}/{repo}/git/ref/{ref}', { ref: 'auto-pr-sessions/claims/s1' });
  await q('GET /repos/{owner}/{repo}/git/matching-refs/{ref}', { ref: 'auto-pr-sessions/' });
  await q('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ref: 'auto-pr-sessions/claims/s1', sha: main, force: true });
  await q('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ref: 'auto-pr-sessions/claims/s1' });
  await q('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { username: 'octocat' });
  await q('GET /repos/{owner}/{repo}/collaborators/{username}', { username: 'octocat' });
  await q('GET /repos/{owner}/{repo}/collaborators/{username}', { username: 'stranger' });
  await q('GET /repos/{owner}/{repo}/actions/caches', { key: 'aps1-' });
  await q('GET /repos/{owner}/{repo}/actions/cache/usage');
  const caches = (await q('GET /repos/{owner}/{repo}/actions/caches')) as { data: { actions_caches: { id: number }[] } };
  await seedCache(rt, env, 'aps1-other');
  await q('DELETE /repos/{owner}/{repo}/actions/caches', { key: 'aps1-other', ref: 'refs/heads/feature' });
  await q('DELETE /repos/{owner}/{repo}/actions/caches/{cache_id}', { cache_id: caches.data.actions_caches[0]?.id });
  await q('GET /repos/{owner}/{repo}/actions/artifacts', { name: 'aps-state' });
  await q('GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', { run_id: runId });
  const arts = (await q('GET /repos/{owner}/{repo}/actions/artifacts')) as { data: { artifacts: { id: number }[] } };
  const artifactId = arts.data.artifacts[0]?.id;
  await q('GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}', { artifact_id: artifactId });
  await fetch(`${rt.url}/repos/${rt.repo}/actions/artifacts/${artifactId}/zip`, { headers: { authorization: `token ${rt.restToken()}` }, redirect: 'manual' });
  await q('DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}', { artifact_id: artifactId });
  await q('GET /repos/{owner}/{repo}/actions/runs', { branch: 'feature' });
  await q('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', { workflow_id: 'ci.yml' });
  await q('GET /repos/{owner}/{repo}/actions/runs/{run_id}', { run_id: runId });
  await q('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { workflow_id: 'reward.yml', ref: 'feature', inputs: { 'session-id': 's1' } });
  await q('POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', { workflow_id: 'reward.yml', ref: 'no-such-branch' });
  await q('POST /repos/{owner}/{repo}/dispatches', { event_type: 'score', client_payload: { session: 's1' } });
  await q('POST /repos/{owner}/{repo}/dispatches', { client_payload: {} });
  // a read-only token meets the permission checks
  const reader = getOctokit(rt.restToken({ issues: 'read' }), { baseUrl: rt.url, request: { retries: 0 } });
  await reader.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: 'x' }).catch(() => undefined);
  clock += 60_000;
}

describe('REST answers against GitHub OpenAPI description', () => {
  it('every route is exercised, answers a documented status, and every JSON body matches its schema', async () => {
    await scenario();
    const { problems, seen } = checkAnswers(answers);
    expect(problems).toEqual([]);
    const unexercised = rt.restRoutes().filter((r) => !seen.has(r));
    expect(unexercised).toEqual([]);
    expect(answers.length).toBeGreaterThan(50);
  }, 120_000);
});

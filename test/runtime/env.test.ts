// envFor: the step environment and the claims of the fake runtime token; Twirp authentication and
// run isolation on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { twirp } from './helpers/twirp.js';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ repo: 'acme/app', defaultBranch: 'trunk' });
});
afterAll(async () => {
  await rt?.close();
});

function claims(token: string): Record<string, string> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, string>;
}

const dirs = { workspace: '/tmp/ws', tempDir: '/tmp/rt' };

describe('envFor', () => {
  it('sets every variable the toolkit needs, pointed at this server', () => {
    const env = rt.envFor({ ref: 'refs/heads/feature', ...dirs, runAttempt: 2 });
    expect(env).toMatchObject({
      ACTIONS_RESULTS_URL: `${rt.url}/`,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      GITHUB_API_URL: rt.url,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_REF: 'refs/heads/feature',
      GITHUB_RUN_ATTEMPT: '2',
      GITHUB_WORKSPACE: '/tmp/ws',
      RUNNER_TEMP: '/tmp/rt',
    });
    // Not a loopback IP: the toolkit treats anything but github.com, *.ghe.com and *.localhost as GHES.
    expect(new URL(env['GITHUB_SERVER_URL'] ?? '').hostname).toMatch(/\.localhost$/);
    expect(env['NO_PROXY']?.split(',')).toContain('127.0.0.1');
    expect(Number(env['GITHUB_RUN_ID'])).toBeGreaterThan(0);
    expect(rt.github.workflowRun(Number(env['GITHUB_RUN_ID']))?.headBranch).toBe('feature');
  });

  it('puts Actions.Results:<run>:<job> and ordered cache scopes in the runtime token', () => {
    const runId = rt.newRunId();
    const env = rt.envFor({ ref: 'refs/pull/7/merge', baseRef: 'release', runId, eventName: 'pull_request', ...dirs });
    const c = claims(env['ACTIONS_RUNTIME_TOKEN'] ?? '');
    const results = c['scp']?.split(' ').find((s) => s.startsWith('Actions.Results:'));
    expect(results?.split(':')).toHaveLength(3);
    expect(results?.split(':')[1]).toBe(rt.github.workflowRun(runId)?.backendId);
    expect(JSON.parse(c['ac'] ?? '')).toEqual([
      { Scope: 'refs/pull/7/merge', Permission: 3 },
      { Scope: 'refs/heads/release', Permission: 1 },
      { Scope: 'refs/heads/trunk', Permission: 1 },
    ]);
    expect(env['GITHUB_BASE_REF']).toBe('release');
    // Two jobs of one run share the run backend id but not the job id.
    const other = claims(rt.envFor({ ref: 'refs/pull/7/merge', runId, ...dirs })['ACTIONS_RUNTIME_TOKEN'] ?? '');
    expect(other['scp']?.split(':')[1]).toBe(results?.split(':')[1]);
    expect(other['scp']).not.toBe(c['scp']);
  });
});

describe('Twirp authentication and isolation', () => {
  it('answers 401 JSON for a missing or forged token and 404 JSON for unknown methods', async () => {
    const env = rt.envFor({ ref: 'refs/heads/trunk', ...dirs });
    const forged = { ...env, ACTIONS_RUNTIME_TOKEN: `${env['ACTIONS_RUNTIME_TOKEN']}x` };
    const r1 = await twirp(rt, forged, 'CacheService/GetCacheEntryDownloadURL', { key: 'k', version: 'v' });
    expect(r1.status).toBe(401);
    expect(await r1.json()).toMatchObject({ code: 'unauthenticated' });
    const r2 = await twirp(rt, env, 'CacheService/Nope', {});
    expect(r2.status).toBe(404);
    expect(await r2.json()).toMatchObject({ code: 'bad_route' });
    const r3 = await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'a,b', version: 'v' });
    expect(r3.status).toBe(400);
    expect(await r3.json()).toMatchObject({ code: 'invalid_argument' });
  });

  it('refuses artifact calls for a run other than the token\'s', async () => {
    const env = rt.envFor({ ref: 'refs/heads/trunk', ...dirs });
    const res = await twirp(rt, env, 'ArtifactService/ListArtifacts', { workflow_run_backend_id: 'someone-else', workflow_job_run_backend_id: 'x' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'permission_denied' });
  });

  it('rejects blob requests whose signature does not match', async () => {
    const env = rt.envFor({ ref: 'refs/heads/trunk', ...dirs });
    const created = (await (await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'sig', version: 'v' })).json()) as { signed_upload_url: string };
    const tampered = created.signed_upload_url.replace(/sp=cw/, 'sp=rcw');
    const put = await fetch(tampered, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' });
    expect(put.status).toBe(403);
    expect(put.headers.get('x-ms-error-code')).toBe('AuthenticationFailed');
    const ok = await fetch(created.signed_upload_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'x' });
    expect(ok.status).toBe(201);
  });
});

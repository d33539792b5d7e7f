// Places where the runtime used to differ from GitHub, each pinned to what GitHub documents or does.
import { getOctokit } from '@actions/github';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { seedCache, twirp } from './helpers/twirp.js';

let rt: LocalRuntime;
let clock = Date.UTC(2026, 5, 1);
let owner: string;
let repo: string;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock, repo: 'acme/conform' });
  [owner = '', repo = ''] = rt.repo.split('/');
});

afterAll(async () => {
  await rt?.close();
});

const gh = () => getOctokit(rt.restToken(), { baseUrl: rt.url, request: { retries: 0 } });
const run = (ref: string, eventName: string, extra: { untrustedTrigger?: boolean } = {}) =>
  rt.envFor({ ref, eventName, workspace: '/tmp', tempDir: '/tmp', ...extra });

function claims(env: Record<string, string>): { ac: string } {
  const body = (env['ACTIONS_RUNTIME_TOKEN'] ?? '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { ac: string };
}

describe('cache service', () => {
  it('answers a second reservation of an existing key with Twirp 409 already_exists', async () => {
    const env = run('refs/heads/main', 'push');
    await seedCache(rt, env, 'dup-key');
    const again = await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'dup-key', version: 'v1' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'already_exists' });
    // a reservation still in progress holds the key the same way
    await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'pending-key', version: 'v1' });
    expect((await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'pending-key', version: 'v1' })).status).toBe(409);
  });

  it.each(['issue_comment', 'pull_request_target'])('gives %s runs a read-only token in the default branch scope', async (event) => {
    const env = run('refs/heads/main', event);
    expect(JSON.parse(claims(env).ac)).toEqual([{ Scope: 'refs/heads/main', Permission: 1 }]);
    const create = await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: `untrusted-${event}`, version: 'v1' });
    expect(await create.json()).toMatchObject({ ok: false, message: expect.stringMatching(/^cache write denied:/) });
    // reading the default branch's entries still works
    const writer = run('refs/heads/main', 'push');
    await seedCache(rt, writer, `main-entry-${event}`);
    const read = (await (await twirp(rt, env, 'CacheService/GetCacheEntryDownloadURL', { key: `main-entry-${event}`, version: 'v1' })).json()) as { ok: boolean };
    expect(read.ok).toBe(true);
  });

  it('treats a workflow_run from a fork as untrusted when the caller says so, and pushes as trusted', () => {
    expect(JSON.parse(claims(run('refs/heads/main', 'workflow_run', { untrustedTrigger: true })).ac)).toEqual([{ Scope: 'refs/heads/main', Permission: 1 }]);
    expect(JSON.parse(claims(run('refs/heads/feat', 'push')).ac)[0]).toEqual({ Scope: 'refs/heads/feat', Permission: 3 });
  });
});

describe('REST', () => {
  it('refuses a check-run request with more than 50 annotations (422) and counts the accepted ones', async () => {
    const sha = rt.github.branchSha('main') ?? '';
    const annotation = (i: number) => ({ path: 'a.ts', start_line: i + 1, end_line: i + 1, annotation_level: 'warning' as const, message: `m${i}` });
    const many = Array.from({ length: 51 }, (_, i) => annotation(i));
    const err = (await gh()
      .rest.checks.create({ owner, repo, name: 'score', head_sha: sha, output: { title: 't', summary: 's', annotations: many } })
      .catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(422);
    expect(err.message).toMatch(/50 annotations/);
    const ok = await gh().rest.checks.create({ owner, repo, name: 'score', head_sha: sha, output: { title: 't', summary: 's', annotations: many.slice(0, 50) } });
    expect(ok.data.output.annotations_count).toBe(50);
    const more = await gh().rest.checks.update({ owner, repo, check_run_id: ok.data.id, output: { title: 't', summary: 's', annotations: many.slice(50) } });
    expect(more.data.output.annotations_count).toBe(51);
    expect(rt.github.checkRun(ok.data.id)?.output).toEqual({ title: 't', summary: 's' });
  });

  it('treats label names case-insensitively: one label, spelled as it was created', async () => {
    await gh().rest.issues.createLabel({ owner, repo, name: 'Needs-Review', color: 'ff0000' });
    const issue = await gh().rest.issues.create({ owner, repo, title: 'x', labels: ['needs-review'] });
    expect(issue.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['Needs-Review']);
    const added = await gh().rest.issues.addLabels({ owner, repo, issue_number: issue.data.number, labels: ['NEEDS-REVIEW', 'other'] });
    expect(added.data.map((l) => l.name)).toEqual(['Needs-Review', 'other']);
    expect(added.data[0]?.url).toBe(`${rt.url}/repos/${rt.repo}/labels/Needs-Review`);
    expect((await gh().rest.issues.listLabelsForRepo({ owner, repo })).data.filter((l) => l.name.toLowerCase() === 'needs-review')).toHaveLength(1);
  });

  it('refreshes cache usage only every 5 minutes, as GitHub documents', async () => {
    const before = (await gh().rest.actions.getActionsCacheUsage({ owner, repo })).data.active_caches_count;
    await seedCache(rt, run('refs/heads/main', 'push'), 'usage-late');
    expect((await gh().rest.actions.getActionsCacheUsage({ owner, repo })).data.active_caches_count).toBe(before);
    clock += 5 * 60 * 1000;
    expect((await gh().rest.actions.getActionsCacheUsage({ owner, repo })).data.active_caches_count).toBe(before + 1);
  });
});

describe('artifact listing order', () => {
  it('is newest first by default and oldest first on request (GitHub documents none)', async () => {
    const t0 = Date.UTC(2026, 5, 2);
    const names = async (order?: 'newest-first' | 'oldest-first'): Promise<string[]> => {
      let t = t0;
      const r = await startRuntime({ now: () => t, ...(order ? { artifactOrder: order } : {}) });
      try {
        for (const name of ['first', 'second']) {
          const env = r.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' });
          const created = (await (await twirp(r, env, 'ArtifactService/CreateArtifact', artifactReq(env, name))).json()) as { signed_upload_url: string };
          await fetch(created.signed_upload_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: 'zip' });
          await twirp(r, env, 'ArtifactService/FinalizeArtifact', { ...artifactReq(env, name), size: '3' });
          t += 1000;
        }
        const [o = '', n = ''] = r.repo.split('/');
        const list = await getOctokit(r.restToken(), { baseUrl: r.url }).rest.actions.listArtifactsForRepo({ owner: o, repo: n });
        return list.data.artifacts.map((a) => a.name);
      } finally {
        await r.close();
      }
    };
    expect(await names()).toEqual(['second', 'first']);
    expect(await names('oldest-first')).toEqual(['first', 'second']);
  });
});

function artifactReq(env: Record<string, string>, name: string): Record<string, string> {
  const body = (env['ACTIONS_RUNTIME_TOKEN'] ?? '').split('.')[1] ?? '';
  const scp = (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { scp: string }).scp;
  const [, runBackendId = '', jobBackendId = ''] = scp.split(' ').find((s) => s.startsWith('Actions.Results:'))?.split(':') ?? [];
  return { workflow_run_backend_id: runBackendId, workflow_job_run_backend_id: jobBackendId, name };
}

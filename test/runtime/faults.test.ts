// Injected faults, seen through the real clients where they react (cache save/restore, artifact
// upload, Octokit) and through fetch where the wire answer matters. No test waits out the
// toolkit's ~30 s 5xx retries: 5xx is checked on the wire only.
import { getOctokit } from '@actions/github';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { Scratch, Toolkit } from './helpers/toolkit.js';
import { twirp } from './helpers/twirp.js';

let rt: LocalRuntime;
let tk: Toolkit;
let scratch: Scratch;
const clock = Date.UTC(2026, 3, 1);

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
  tk = await Toolkit.start(rt.url);
  scratch = new Scratch();
});

afterEach(() => rt.faults.clear());

afterAll(async () => {
  await tk?.close();
  await rt?.close();
  scratch?.dispose();
});

let jobs = 0;
function job() {
  const dirs = scratch.job(`f${++jobs}`);
  const env = rt.envFor({ ref: 'refs/heads/main', ...dirs });
  mkdirSync(join(dirs.workspace, 'state'), { recursive: true });
  writeFileSync(join(dirs.workspace, 'state', 'f.txt'), `job ${jobs}`);
  return {
    env,
    ...dirs,
    save: (key: string) => tk.ok<number>('saveCache', env, dirs.workspace, { paths: ['state'], key }),
    restore: (key: string) => tk.ok<string | null>('restoreCache', env, dirs.workspace, { paths: ['state'], key }),
  };
}

async function timed<T>(p: Promise<T>): Promise<[T, number]> {
  const t0 = Date.now();
  const v = await p;
  return [v, Date.now() - t0];
}

describe('REST faults', () => {
  const path = () => `${rt.url}/repos/${rt.repo}/issues`;
  const auth = () => ({ authorization: `token ${rt.restToken()}` });

  it('rate-limit-403 answers with remaining 0 and a reset time, for `count` requests only', async () => {
    const gh = getOctokit(rt.restToken(), { baseUrl: rt.url, request: { retries: 0 } });
    const [owner = '', repo = ''] = rt.repo.split('/');
    const fault = rt.faults.set({ target: 'rest', kind: 'rate-limit-403', count: 1, resetAfterSec: 120 });
    const err = (await gh.rest.issues.listForRepo({ owner, repo }).catch((e: unknown) => e)) as { status: number; response: { headers: Record<string, string> } };
    expect(err.status).toBe(403);
    expect(err.response.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(err.response.headers['x-ratelimit-reset'])).toBe(Math.floor(clock / 1000) + 120);
    expect(fault.hits).toBe(1);
    expect((await gh.rest.issues.listForRepo({ owner, repo })).status).toBe(200);
  });

  it('rate-limit-429 answers with retry-after', async () => {
    rt.faults.set({ target: 'rest', kind: 'rate-limit-429', count: 1, resetAfterSec: 7 });
    const res = await fetch(path(), { headers: auth() });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000'); // every REST answer carries the budget headers
    expect(((await res.json()) as { message: string }).message).toMatch(/rate limit/);
  });

  it('5xx and 4xx answers are JSON; a RegExp target with a method hits only those requests', async () => {
    rt.faults.set({ target: /\/git\/refs$/, method: 'POST', kind: '5xx', status: 502 });
    const sha = rt.github.branchSha('main');
    const post = await fetch(`${rt.url}/repos/${rt.repo}/git/refs`, { method: 'POST', headers: auth(), body: JSON.stringify({ ref: 'refs/x/y', sha }) });
    expect(post.status).toBe(502);
    expect(await post.json()).toMatchObject({ message: expect.stringContaining('injected') });
    expect((await fetch(path(), { headers: auth() })).status).toBe(200);
    rt.faults.clear();
    rt.faults.set({ target: 'rest', kind: '4xx', status: 422, count: 2 });
    expect((await fetch(path(), { headers: auth() })).status).toBe(422);
    expect((await fetch(path(), { headers: auth() })).status).toBe(422);
    expect((await fetch(path(), { headers: auth() })).status).toBe(200);
  });

  it('slow delays the answer; timeout never answers', async () => {
    rt.faults.set({ target: 'rest', kind: 'slow', delayMs: 300, count: 1 });
    const [res, ms] = await timed(fetch(path(), { headers: auth() }));
    expect(res.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(290);

    rt.faults.set({ target: 'rest', kind: 'timeout', count: 1 });
    await expect(fetch(path(), { headers: auth(), signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect((await fetch(path(), { headers: auth() })).status).toBe(200);
  });

  it('counts faulted requests in stats under their route', async () => {
    rt.stats().reset();
    rt.faults.set({ target: 'rest', kind: '4xx', count: 1 });
    await fetch(path(), { headers: auth() });
    await fetch(path(), { headers: auth() });
    const s = rt.stats();
    expect(s.rest).toBe(2);
    expect(s.restByRoute['GET /repos/{owner}/{repo}/issues']).toBe(2);
  });
});

describe('cache, blob and artifact faults through the real clients', () => {
  it('a 4xx on CreateCacheEntry makes saveCache return -1 at once; after clear() it saves', async () => {
    const j = job();
    rt.faults.set({ target: /CreateCacheEntry$/, kind: '4xx', count: 1 });
    const [id, ms] = await timed(j.save('fault-create'));
    expect(id).toBe(-1);
    expect(ms).toBeLessThan(3000);
    expect(await j.save('fault-create')).toBeGreaterThan(0);
  });

  it('a 429 on the cache service makes restore a quick miss with a warning', async () => {
    const j = job();
    await j.save('fault-429');
    rt.faults.set({ target: 'cache', kind: 'rate-limit-429', count: 1, resetAfterSec: 1 });
    const [hit, ms] = await timed(j.restore('fault-429'));
    expect(hit).toBeNull();
    expect(ms).toBeLessThan(3000);
    expect(tk.output).toMatch(/::warning::Failed to restore/);
    expect(await j.restore('fault-429')).toBe('fault-429');
  });

  it('a truncated blob download turns a restore into a miss', async () => {
    const j = job();
    await j.save('fault-truncate');
    const fault = rt.faults.set({ target: 'blob', method: 'GET', kind: 'truncate' });
    const [hit, ms] = await timed(j.restore('fault-truncate'));
    expect(hit).toBeNull();
    expect(fault.hits).toBeGreaterThanOrEqual(1);
    expect(ms).toBeLessThan(15_000);
    fault.remove();
    expect(await j.restore('fault-truncate')).toBe('fault-truncate');
  });

  it('a 4xx on the blob upload fails the save (-1); the half-made reservation keeps its key taken', async () => {
    const j = job();
    rt.faults.set({ target: 'blob', method: 'PUT', kind: '4xx', status: 403, count: 1 });
    expect(await j.save('fault-blob-put')).toBe(-1);
    expect(await j.save('fault-blob-put')).toBe(-1);
    expect(await j.restore('fault-blob-put')).toBeNull();
    expect(await j.save('fault-blob-put-2')).toBeGreaterThan(0);
  });

  it('a 4xx on CreateArtifact fails uploadArtifact at once; the next upload works', async () => {
    const j = job();
    const file = join(j.workspace, 'state', 'f.txt');
    rt.faults.set({ target: 'artifact', kind: '4xx', count: 1 });
    const t0 = Date.now();
    const r = await tk.call('uploadArtifact', j.env, j.workspace, { name: 'a1', files: [file], rootDir: join(j.workspace, 'state') });
    expect(r.ok).toBe(false);
    expect(Date.now() - t0).toBeLessThan(3000);
    const again = await tk.call('uploadArtifact', j.env, j.workspace, { name: 'a1', files: [file], rootDir: join(j.workspace, 'state') });
    expect(again.ok).toBe(true);
  });

  it('Twirp 5xx faults answer Twirp JSON (checked on the wire; the client would retry ~30 s)', async () => {
    const j = job();
    rt.faults.set({ target: 'cache', kind: '5xx', count: 1 });
    const res = await twirp(rt, j.env, 'CacheService/GetCacheEntryDownloadURL', { key: 'k', version: 'v' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'internal', msg: expect.stringContaining('injected') });
  });
});

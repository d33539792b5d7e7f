// Cache service semantics, exercised through the real @actions/cache client over HTTP.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime, type RunContext } from '@auto-pr-sessions/runtime';
import { Scratch, Toolkit } from './helpers/toolkit.js';

const DAY = 24 * 3600 * 1000;

let rt: LocalRuntime;
let tk: Toolkit;
let scratch: Scratch;
let clock = Date.UTC(2026, 0, 5, 12);

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
  tk = await Toolkit.start(rt.url);
  scratch = new Scratch();
});

afterAll(async () => {
  await tk?.close();
  await rt?.close();
  scratch?.dispose();
});

interface Job {
  env: Record<string, string>;
  workspace: string;
  save(key: string, content?: string, paths?: string[]): Promise<number>;
  restore(key: string, restoreKeys?: string[], paths?: string[]): Promise<{ key: string | undefined; content: string | undefined }>;
}

let jobs = 0;
/** A job on `ref` with its own workspace; state.json is the cached file. */
function job(ctx: Omit<RunContext, 'workspace' | 'tempDir'>): Job {
  const dirs = scratch.job(`job${++jobs}`);
  const env = rt.envFor({ ...ctx, ...dirs });
  const file = join(dirs.workspace, 'state', 'state.json');
  return {
    env,
    workspace: dirs.workspace,
    async save(key, content = key, paths = ['state']) {
      mkdirSync(join(dirs.workspace, 'state'), { recursive: true });
      writeFileSync(file, content);
      return tk.ok<number>('saveCache', env, dirs.workspace, { paths, key });
    },
    async restore(key, restoreKeys = [], paths = ['state']) {
      rmSync(join(dirs.workspace, 'state'), { recursive: true, force: true });
      const hit = await tk.ok<string | null>('restoreCache', env, dirs.workspace, { paths, key, restoreKeys });
      let content: string | undefined;
      try {
        content = readFileSync(file, 'utf8');
      } catch {
        content = undefined;
      }
      return { key: hit ?? undefined, content };
    },
  };
}

describe('cache service v2 with the real @actions/cache client', () => {
  it('saves and restores an exact key, bringing the files back', async () => {
    const j = job({ ref: 'refs/heads/main' });
    const id = await j.save('round-trip-1', '{"n":1}');
    expect(id).toBeGreaterThan(0);
    const r = await j.restore('round-trip-1');
    expect(r).toEqual({ key: 'round-trip-1', content: '{"n":1}' });
    const stats = rt.stats();
    expect(stats.twirp['CacheService/CreateCacheEntry']).toBeGreaterThanOrEqual(1);
    expect(stats.twirp['CacheService/FinalizeCacheEntryUpload']).toBeGreaterThanOrEqual(1);
    expect(stats.blob).toBeGreaterThanOrEqual(2);
  });

  it('keeps keys immutable: a second save of the same key returns -1 and the first content stays', async () => {
    const j = job({ ref: 'refs/heads/immut' });
    expect(await j.save('immutable-key', 'first')).toBeGreaterThan(0);
    expect(await j.save('immutable-key', 'second')).toBe(-1);
    expect((await j.restore('immutable-key')).content).toBe('first');
  });

  it('lets exactly one of 8 concurrent saves of one key win', async () => {
    const j = job({ ref: 'refs/heads/race' });
    mkdirSync(join(j.workspace, 'state'), { recursive: true });
    writeFileSync(join(j.workspace, 'state', 'state.json'), 'race');
    const ids = await tk.ok<number[]>('parallel', j.env, j.workspace, {
      ops: Array.from({ length: 8 }, () => ({ op: 'saveCache', args: { paths: ['state'], key: 'race-key' } })),
    });
    expect(ids.filter((id) => id > 0)).toHaveLength(1);
    expect(ids.filter((id) => id === -1)).toHaveLength(7);
  });

  it('misses when the version differs (another path list) and on unknown keys', async () => {
    const j = job({ ref: 'refs/heads/version' });
    expect(await j.save('versioned', 'v', ['state'])).toBeGreaterThan(0);
    expect((await j.restore('versioned', [], ['state', 'other'])).key).toBeUndefined();
    expect((await j.restore('no-such-key')).key).toBeUndefined();
  });

  it('restores by prefix, newest match first, and exact matches beat newer prefix matches', async () => {
    const j = job({ ref: 'refs/heads/prefix' });
    clock += 1000;
    await j.save('sess-a-1', 'one');
    clock += 1000;
    await j.save('sess-a-2', 'two');
    clock += 1000;
    await j.save('sess-a', 'exact');
    clock += 1000;
    await j.save('sess-a-3', 'three');
    expect(await j.restore('sess-a-')).toEqual({ key: 'sess-a-3', content: 'three' });
    expect(await j.restore('sess-a')).toEqual({ key: 'sess-a', content: 'exact' });
    expect(await j.restore('zzz', ['nope-', 'sess-a-1'])).toEqual({ key: 'sess-a-1', content: 'one' });
  });

  it('scopes caches by ref: own ref first, then PR base, then default branch; others are invisible', async () => {
    const main = job({ ref: 'refs/heads/main' });
    await main.save('scope-k', 'from-main');
    await main.save('scope-only-main', 'main-only');
    const dev = job({ ref: 'refs/heads/dev' });
    await dev.save('scope-k', 'from-dev');
    await dev.save('scope-only-dev', 'dev-only');

    // A feature branch reads main but not dev.
    const feature = job({ ref: 'refs/heads/feature' });
    expect((await feature.restore('scope-k')).content).toBe('from-main');
    expect((await feature.restore('scope-only-dev')).key).toBeUndefined();

    // A PR into dev writes under refs/pull/7/merge and reads dev before main.
    const pr = job({ ref: 'refs/pull/7/merge', baseRef: 'dev', eventName: 'pull_request' });
    expect((await pr.restore('scope-k')).content).toBe('from-dev');
    expect(await pr.save('scope-k', 'from-pr')).toBeGreaterThan(0); // same key, own scope: allowed
    expect((await pr.restore('scope-k')).content).toBe('from-pr');
    expect((await pr.restore('scope-only-main')).content).toBe('main-only');

    // Another PR cannot see PR 7's cache; main cannot see the feature's or the PR's.
    const otherPr = job({ ref: 'refs/pull/8/merge', baseRef: 'main', eventName: 'pull_request' });
    expect((await otherPr.restore('scope-k')).content).toBe('from-main');
    const list = await fetch(`${rt.url}/repos/${rt.repo}/actions/caches?key=scope-k`, {
      headers: { authorization: `token ${main.env['GITHUB_TOKEN']}` },
    }).then((r) => r.json() as Promise<{ actions_caches: { ref: string }[] }>);
    expect(list.actions_caches.map((c) => c.ref).sort()).toEqual(['refs/heads/dev', 'refs/heads/main', 'refs/pull/7/merge']);
  });

  it('evicts entries not restored for 7 days, and keeps those restored meanwhile', async () => {
    const j = job({ ref: 'refs/heads/evict' });
    await j.save('evict-used', 'used');
    await j.save('evict-unused', 'unused');
    clock += 5 * DAY;
    const j2 = job({ ref: 'refs/heads/evict' }); // fresh tokens on the moved clock
    expect((await j2.restore('evict-used')).content).toBe('used');
    clock += 3 * DAY; // 8 days after save; 'used' was accessed 3 days ago
    const j3 = job({ ref: 'refs/heads/evict' });
    expect((await j3.restore('evict-unused')).key).toBeUndefined();
    expect((await j3.restore('evict-used')).content).toBe('used');
  });
});

describe('cache size cap', () => {
  it('evicts the least recently used entries when the total exceeds the cap', async () => {
    let t = Date.UTC(2026, 1, 1);
    const small = await startRuntime({ now: () => t, cacheCapBytes: 1500 });
    const tk2 = await Toolkit.start(small.url);
    try {
      const dirs = scratch.job('cap');
      const env = () => small.envFor({ ref: 'refs/heads/main', ...dirs });
      mkdirSync(join(dirs.workspace, 'state'), { recursive: true });
      const save = async (key: string): Promise<number> => {
        // Random bytes do not compress, so each archive is roughly 600 bytes.
        writeFileSync(join(dirs.workspace, 'state', 'blob.bin'), Buffer.from(Array.from({ length: 400 }, () => Math.floor(Math.random() * 256))));
        t += 1000;
        return tk2.ok<number>('saveCache', env(), dirs.workspace, { paths: ['state'], key });
      };
      const restore = (key: string) => tk2.ok<string | null>('restoreCache', env(), dirs.workspace, { paths: ['state'], key, lookupOnly: true });
      await save('cap-a');
      await save('cap-b');
      t += 1000;
      expect(await restore('cap-a')).toBe('cap-a'); // a is now more recently used than b
      await save('cap-c'); // over the cap: b (least recently used) goes
      expect(await restore('cap-b')).toBeNull();
      expect(await restore('cap-a')).toBe('cap-a');
      expect(await restore('cap-c')).toBe('cap-c');
    } finally {
      await tk2.close();
      await small.close();
    }
  });
});

describe('cache upload rate limit (opt-in)', () => {
  it('answers 429 past cacheUploadsPerMinute, which the client reports as -1, and recovers a minute later', async () => {
    let t = Date.UTC(2026, 1, 2);
    const limited = await startRuntime({ now: () => t, cacheUploadsPerMinute: 2 });
    const tk2 = await Toolkit.start(limited.url);
    try {
      const dirs = scratch.job('upload-limit');
      mkdirSync(join(dirs.workspace, 'state'), { recursive: true });
      writeFileSync(join(dirs.workspace, 'state', 'f'), 'x');
      const save = (key: string) => tk2.ok<number>('saveCache', limited.envFor({ ref: 'refs/heads/main', ...dirs }), dirs.workspace, { paths: ['state'], key });
      expect(await save('u1')).toBeGreaterThan(0);
      expect(await save('u2')).toBeGreaterThan(0);
      expect(await save('u3')).toBe(-1);
      t += 61_000;
      expect(await save('u3')).toBeGreaterThan(0);
    } finally {
      await tk2.close();
      await limited.close();
    }
  });
});

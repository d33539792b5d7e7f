// The state cache's own client (packages/core/src/adapters/store/cache-client.ts + cache-archive.ts)
// against the local runtime's cache service, side by side with the real @actions/cache it replaces on
// cache service v2: an entry either one saves the other restores (with @actions/cache choosing gzip,
// as it does on a runner without zstd: the version and the archive are then the same); request by
// request (through a recording proxy) it sends what @actions/cache sends; what it reads from an entry
// is bounded and never written to disk.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createTar } from 'nanotar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { ActionsStateStore, createGitHubClient, createLogger, memorySink, readRunEnv } from '@auto-pr-sessions/core';
import { push } from '../helpers/events.js';
import { inRun, type InRun } from '../helpers/in-run.js';
import { recordingProxy, twirpCalls, type Recorded } from '../helpers/recording-proxy.js';
import { cacheV2Available, cacheVersion, restoreEntry, saveEntry } from '../../packages/core/src/adapters/store/cache-client.js';
import { packOneFile, readOneFile } from '../../packages/core/src/adapters/store/cache-archive.js';

const DIR = '.auto-pr-sessions/cache';
const FILE = 'state.json';
const VERSION = cacheVersion([DIR]);
const STATE = JSON.stringify({ streamKey: 'b-feature', events: [{ kind: 'push', note: 'ünïcödé ✓' }], pad: 'x'.repeat(5000) });
const FAST = { maxAttempts: 2, baseMs: 5, multiplier: 1.5 };

let rt: LocalRuntime;
/** A PATH with tar and gzip but no zstd: @actions/cache then archives with gzip (tar -z). */
let gzipOnlyPath = '';
let binDir = '';

beforeAll(async () => {
  rt = await startRuntime();
  binDir = await mkdtemp(join(tmpdir(), 'aps-gzip-bin-'));
  for (const tool of ['tar', 'gzip']) {
    const at = execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
    await symlink(at, join(binDir, tool));
  }
  gzipOnlyPath = binDir;
});
afterAll(async () => {
  await rt?.close();
  await rm(binDir, { recursive: true, force: true });
});

function asRun<T>(fn: (ctx: InRun) => Promise<T>, opts: { env?: Record<string, string>; ref?: string } = {}): Promise<T> {
  return inRun(rt, { ref: opts.ref ?? 'refs/heads/main', eventName: 'push' }, fn, { prefix: 'aps-cache-', env: { PATH: gzipOnlyPath, ...opts.env } });
}

describe('state cache client (cache-client.ts) against the runtime, beside @actions/cache', () => {
  it('computes @actions/cache\'s version for the path with gzip, and serves cache service v2 only', async () => {
    const utils = await import('../../node_modules/@actions/cache/lib/internal/cacheUtils.js');
    const { CompressionMethod } = await import('../../node_modules/@actions/cache/lib/internal/constants.js');
    expect(VERSION).toBe(utils.getCacheVersion([DIR], CompressionMethod.Gzip, true));
    expect(cacheVersion([DIR], 'zstd-without-long')).toBe(utils.getCacheVersion([DIR], CompressionMethod.ZstdWithoutLong, true));
    await asRun(async ({ env }) => {
      expect(cacheV2Available(env)).toBe(true);
      expect(cacheV2Available({ ...env, ACTIONS_CACHE_SERVICE_V2: '' })).toBe(false);
      // GHES is always cache service v1: @actions/cache serves it
      expect(cacheV2Available({ ...env, GITHUB_SERVER_URL: 'https://ghes.example.com' })).toBe(false);
    });
  });

  it('saves an entry that @actions/cache restores into the workspace, and reads one @actions/cache saved', async () => {
    const key = `aps1-interop-${Date.now()}`;
    const id = await asRun(async () => saveEntry(key, VERSION, packOneFile(DIR, FILE, STATE)));
    expect(id).toBeGreaterThan(0);
    await asRun(async ({ dir }) => {
      const cache = await import('@actions/cache');
      expect(await cache.restoreCache([DIR], key, [], undefined, true)).toBe(key);
      expect(await readFile(join(dir, DIR, FILE), 'utf8')).toBe(STATE);
    });

    const theirs = `aps1-interop-theirs-${Date.now()}`;
    await asRun(async ({ dir }) => {
      await mkdir(join(dir, DIR), { recursive: true });
      await writeFile(join(dir, DIR, FILE), STATE);
      const cache = await import('@actions/cache');
      expect(await cache.saveCache([DIR], theirs, undefined, true)).toBeGreaterThan(0);
    });
    await asRun(async () => {
      // by prefix, as the store restores the newest head of a stream
      const hit = await restoreEntry('aps1-interop-theirs-', [], VERSION, 1 << 20);
      expect(hit?.key).toBe(theirs);
      expect(readOneFile(hit?.archive ?? Buffer.alloc(0), DIR, FILE, 1 << 20, 'test')).toBe(STATE);
    });
  });

  it('sends what @actions/cache sends, request by request (Twirp methods, fields and version; Put Blob; Get Blob)', async () => {
    const proxy = await recordingProxy(rt.url);
    try {
      const env = { ACTIONS_RESULTS_URL: `${proxy.url}/` };
      const mineKey = `aps1-cmp-mine-${Date.now()}`;
      const theirKey = `aps1-cmp-theirs-${Date.now()}`;
      await asRun(async () => {
        expect(await saveEntry(mineKey, VERSION, packOneFile(DIR, FILE, STATE))).toBeGreaterThan(0);
        expect((await restoreEntry(mineKey, [], VERSION, 1 << 20))?.key).toBe(mineKey);
      }, { env });
      const mine = proxy.log.splice(0);
      await asRun(async ({ dir }) => {
        await mkdir(join(dir, DIR), { recursive: true });
        await writeFile(join(dir, DIR, FILE), STATE);
        const cache = await import('@actions/cache');
        expect(await cache.saveCache([DIR], theirKey, undefined, true)).toBeGreaterThan(0);
        await rm(join(dir, DIR), { recursive: true });
        expect(await cache.restoreCache([DIR], theirKey, [], undefined, true)).toBe(theirKey);
      }, { env });
      const theirs = proxy.log.splice(0);

      const twirp = (log: Recorded[], key: string) => twirpCalls(log, (k, v) => (k === 'key' ? String(v).replace(key, '<key>') : k === 'size_bytes' ? typeof v : v));
      const blob = (log: Recorded[]) =>
        log.filter((r) => !r.path.startsWith('/twirp/')).map((r) => ({
          method: r.method,
          comp: r.query['comp'],
          blobType: r.headers['x-ms-blob-type'],
          contentType: r.headers['content-type'],
          version: r.method === 'PUT' ? r.headers['x-ms-version'] : undefined,
          // Put Blob needs a Content-Length (no chunked body); no Authorization beside the SAS
          length: r.method === 'PUT' ? r.headers['content-length'] === String(r.body.length) : undefined,
          chunked: r.headers['transfer-encoding'],
          auth: r.headers['authorization'],
        }));
      expect(twirp(mine, mineKey)).toEqual(twirp(theirs, theirKey));
      expect(twirp(mine, mineKey).map((r) => r.path.split('/').pop())).toEqual(['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL']);
      expect(blob(mine)).toEqual(blob(theirs));
      expect(blob(mine).map((b) => b.method)).toEqual(['PUT', 'GET']);
      // size_bytes is the archive that went to the blob, in both
      for (const log of [mine, theirs]) {
        const fin = JSON.parse(log.find((r) => r.path.endsWith('/FinalizeCacheEntryUpload'))?.body.toString('utf8') ?? '{}') as Record<string, string>;
        const put = log.find((r) => r.method === 'PUT');
        expect(fin['size_bytes']).toBe(String(put?.body.length));
        expect(put?.body.subarray(0, 2).toString('hex')).toBe('1f8b'); // gzip
      }
    } finally {
      await proxy.close();
    }
  });

  it('refuses what it must not read: over the bound, a gzip bomb, another path, not UTF-8; never writes a file', async () => {
    const where = 'cache key k';
    expect(readOneFile(packOneFile(DIR, FILE, STATE), DIR, FILE, 1 << 20, where)).toBe(STATE);
    expect(() => readOneFile(packOneFile(DIR, FILE, STATE), DIR, FILE, 1000, where)).toThrow(/cache key k: .*over the 1000-byte bound/);
    // 50 MB of zeros gzip to ~50 kB: refused while inflating, before any tar parsing
    const bomb = gzipSync(createTar([{ name: `${DIR}/${FILE}`, data: new Uint8Array(50 * 1024 * 1024) }]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(() => readOneFile(bomb, DIR, FILE, 1 << 20, where)).toThrow(/cache key k: the archive inflates to more than/);
    // an archive naming paths outside the workspace: only the expected entry is ever looked at
    const escape = gzipSync(createTar([{ name: '../../../tmp/aps-escape', data: 'x' }, { name: `/etc/aps-escape`, data: 'y' }]));
    expect(() => readOneFile(escape, DIR, FILE, 1 << 20, where)).toThrow(/holds no \.auto-pr-sessions\/cache\/state\.json/);
    expect(() => readOneFile(Buffer.from('not gzip'), DIR, FILE, 1 << 20, where)).toThrow(/cache key k: not a gzip archive/);
    expect(() => readOneFile(gzipSync(Buffer.from('not a tar at all, but long enough '.repeat(40))), DIR, FILE, 1 << 20, where)).toThrow(/cache key k: /);
    const latin1 = gzipSync(createTar([{ name: `${DIR}/${FILE}`, data: new Uint8Array([0xff, 0xfe, 0x41]) }]));
    expect(() => readOneFile(latin1, DIR, FILE, 1 << 20, where)).toThrow(/not UTF-8 text/);

    // the download itself is bounded: an entry larger than the bound is not read past it
    const key = `aps1-big-${Date.now()}`;
    await asRun(async () => {
      expect(await saveEntry(key, VERSION, Buffer.alloc(300 * 1024, 1))).toBeGreaterThan(0);
      await expect(restoreEntry(key, [], VERSION, 64 * 1024)).rejects.toThrow(/cache download: 307200 bytes, over the 65536-byte bound/);
    });
  });

  it('says -1 or miss as @actions/cache does: a key saved twice, a cache mode that forbids, a key it must refuse', async () => {
    const key = `aps1-twice-${Date.now()}`;
    await asRun(async () => {
      expect(await saveEntry(key, VERSION, packOneFile(DIR, FILE, STATE))).toBeGreaterThan(0);
      expect(await saveEntry(key, VERSION, packOneFile(DIR, FILE, STATE), { retry: FAST })).toBe(-1);
      expect(await restoreEntry(`${key}-none`, [], VERSION, 1 << 20)).toBeUndefined();
      // another version (a zstd entry of @actions/cache) is a miss, as the service keys on version
      expect(await restoreEntry(key, [], cacheVersion([DIR], 'zstd-without-long'), 1 << 20)).toBeUndefined();
    });
    await asRun(async () => {
      expect(await restoreEntry(key, [], VERSION, 1 << 20)).toBeUndefined();
      expect(await saveEntry(`${key}-2`, VERSION, packOneFile(DIR, FILE, STATE))).toBe(-1);
    }, { env: { ACTIONS_CACHE_MODE: 'none' } });
    await asRun(async () => {
      expect((await restoreEntry(key, [], VERSION, 1 << 20))?.key).toBe(key);
      expect(await saveEntry(`${key}-3`, VERSION, packOneFile(DIR, FILE, STATE))).toBe(-1);
    }, { env: { ACTIONS_CACHE_MODE: 'read' } });
    await expect(asRun(async () => saveEntry('a,b', VERSION, Buffer.alloc(1)))).rejects.toThrow(/cannot contain commas/);
    await expect(asRun(async () => restoreEntry('k'.repeat(513), [], VERSION, 1))).rejects.toThrow(/cannot be larger than 512 characters/);
  });
});

describe('ActionsStateStore across a switch of cache client (AUTO_PR_SESSIONS_CACHE_CLIENT)', () => {
  const event = (i: number) => push(new Date(Date.parse('2025-11-19T12:00:00Z') + i * 60_000).toISOString(), `Auto-PR: step ${i}`);
  const store = (ctx: InRun) => {
    const [owner = '', repo = ''] = rt.repo.split('/');
    return new ActionsStateStore({
      owner, repo, github: createGitHubClient({ token: ctx.token, baseUrl: rt.url }), token: ctx.token, workspace: ctx.dir, tempDir: ctx.dir,
      runId: String(ctx.runId), runAttempt: '1', ref: 'refs/heads/switch', defaultRef: 'refs/heads/main', retentionDays: 30,
      artifactsOnly: false, log: createLogger({ sink: memorySink(), operation: 'test' }), callTimeoutMs: 60_000,
    });
  };

  it('loses no event when runs alternate between @actions/cache (with zstd) and the built-in client', async () => {
    const zstd = (() => {
      try {
        execFileSync('zstd', ['--version']);
        return true;
      } catch {
        return false;
      }
    })();
    const proxy = await recordingProxy(rt.url);
    try {
      const clients = ['toolkit', 'builtin', 'toolkit', 'builtin'] as const;
      const seen: number[] = [];
      for (const [i, client] of clients.entries()) {
        const report = await asRun(async (ctx) => store(ctx).append('b-switch', [event(i)]), {
          ref: 'refs/heads/switch',
          env: { AUTO_PR_SESSIONS_CACHE_CLIENT: client, PATH: process.env['PATH'] ?? '', ACTIONS_RESULTS_URL: `${proxy.url}/` },
        });
        expect(report.warnings).toEqual([]);
        expect(report.written.some((w) => w.startsWith('cache:'))).toBe(true);
        seen.push(report.state.events.length);
        // which client saved: @actions/cache picks zstd where it is installed, the built-in one gzip
        const created = proxy.log.splice(0).filter((r) => r.path.endsWith('/CreateCacheEntry')).map((r) => (JSON.parse(r.body.toString('utf8')) as { version: string }).version);
        expect(created).toEqual([client === 'toolkit' && zstd ? cacheVersion([DIR], 'zstd-without-long') : VERSION]);
      }
      // every run saw every earlier run's event: through its own client's cache entry, or the artifacts
      expect(seen).toEqual([1, 2, 3, 4]);
    } finally {
      await proxy.close();
    }
  });

  it('refuses an unknown value before anything is written, naming the variable and the choices', async () => {
    await asRun(async ({ env }) => {
      expect(() => readRunEnv({ ...env, AUTO_PR_SESSIONS_CACHE_CLIENT: 'fast' })).toThrow(/AUTO_PR_SESSIONS_CACHE_CLIENT is "fast": expected builtin \(the default\) or toolkit/);
    });
  });
});

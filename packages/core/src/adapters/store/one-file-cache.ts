// One small file in the Actions cache under a directory relative to the workspace: the state
// snapshots, the health index and the cache-key claim. On cache service v2 it goes through
// cache-client.ts in memory (no file is written on restore); elsewhere (v1, GHES), or when asked
// (cache-client-choice.ts), through @actions/cache, which tars the directory in the workspace. Both
// write the same entry for the same path on a runner without zstd.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withTimeout } from '../../util/errors.js';
import { cacheV2Available, cacheVersion, restoreEntry, saveEntry } from './cache-client.js';
import { CACHE_CLIENT_VAR, cacheClientOf } from './cache-client-choice.js';

function builtin(): boolean {
  return cacheV2Available() && cacheClientOf(process.env[CACHE_CLIENT_VAR]) === 'builtin';
}

/** Room for tar headers and gzip framing around a file at its size bound. */
const ARCHIVE_SLACK = 64 * 1024;

export interface OneFileCache {
  /** Relative to the workspace: @actions/cache hashes the path list into the version, so it must be the same string in every run. */
  readonly dir: string;
  readonly file: string;
  readonly workspace: string;
  /** Largest file read back. */
  readonly maxBytes: number;
  /** Upper bound for one call, so a hung service cannot hang the job. */
  readonly timeoutMs: number;
}

export interface CachedFile {
  readonly key: string;
  readonly text: string;
}

/** The file of the entry `key` matches (exact, or newest by prefix; then each restore key); undefined on a miss. */
export async function restoreFile(c: OneFileCache, key: string, restoreKeys: readonly string[] = []): Promise<CachedFile | undefined> {
  if (builtin()) {
    const { readOneFile } = await import('./cache-archive.js');
    const hit = await withTimeout('cache restore', c.timeoutMs, restoreEntry(key, restoreKeys, cacheVersion([c.dir]), c.maxBytes + ARCHIVE_SLACK));
    return hit ? { key: hit.key, text: readOneFile(hit.archive, c.dir, c.file, c.maxBytes, `cache key ${hit.key}`) } : undefined;
  }
  const cache = await import('@actions/cache');
  const dir = join(c.workspace, c.dir);
  await rm(dir, { recursive: true, force: true });
  try {
    const matched = await withTimeout('cache restore', c.timeoutMs, cache.restoreCache([c.dir], key, [...restoreKeys], undefined, false));
    return matched ? { key: matched, text: await readFile(join(dir, c.file), 'utf8') } : undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Saves `text` as the entry `key`: its id, or -1 when the service refused (the key exists, a read-only token). */
export async function saveFile(c: OneFileCache, key: string, text: string): Promise<number> {
  if (builtin()) {
    const { packOneFile } = await import('./cache-archive.js');
    return withTimeout('cache save', c.timeoutMs, saveEntry(key, cacheVersion([c.dir]), packOneFile(c.dir, c.file, text)));
  }
  const cache = await import('@actions/cache');
  const dir = join(c.workspace, c.dir);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, c.file), text);
    return await withTimeout('cache save', c.timeoutMs, cache.saveCache([c.dir], key));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts loading what a save or restore needs (errors surface at use). */
export function prefetchCacheClient(): void {
  let loads: Array<() => Promise<unknown>>;
  try {
    loads = builtin() ? [() => import('./cache-archive.js'), () => import('p-retry')] : [() => import('@actions/cache')];
  } catch {
    return; // a bad AUTO_PR_SESSIONS_CACHE_CLIENT: the call that uses the cache says so
  }
  for (const load of loads) load().catch(() => undefined);
}

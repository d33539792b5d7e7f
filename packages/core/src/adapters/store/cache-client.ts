// A client of the Actions cache service v2 for one small in-memory entry (the state snapshot), without
// loading @actions/cache: that library spawns `zstd --version` on every call and tar plus a
// compressor per save and restore, and loads @azure/storage-blob for a transfer that is one request
// here. Measured by `npm run bench -- cold`; see ARCHITECTURE.md, "State cache client".
//
// The protocol is @actions/cache 6.x's (https://github.com/actions/toolkit/tree/main/packages/cache,
// lib/cache.js restoreCacheV2/saveCacheV2, lib/internal/shared/cacheTwirpClient.js, config.js):
//   restore: Twirp GetCacheEntryDownloadURL {key, restore_keys, version} → ok, signed_download_url,
//            matched_key; then GET the signed URL (Azure Get Blob)
//   save:    Twirp CreateCacheEntry {key, version} → ok, signed_upload_url; PUT the archive to it
//            (Azure Put Blob, what storage-blob's uploadFile sends for an archive ≤ 128 MiB); Twirp
//            FinalizeCacheEntryUpload {key, version, size_bytes} → ok, entry_id
// with the same key checks, ACTIONS_CACHE_MODE handling and denial prefixes. The archive and the
// version are those of @actions/cache on a runner without zstd (gzip): test/store/cache-client.test.ts
// restores with @actions/cache what this client saved, and the other way round.
// Azure Blob REST: https://learn.microsoft.com/en-us/rest/api/storageservices/put-blob and
// https://learn.microsoft.com/en-us/rest/api/storageservices/get-blob (a SAS URL authorizes both).
import { createHash } from 'node:crypto';
import { debug, info, warning } from '../runner-commands.js';
import { getBlob, putBlob } from './blob-transfer.js';
import { field, isGhes, resultsEndpoint, twirpCall, TWIRP_RETRY, type Json, type RetryPolicy, type TwirpService } from './twirp.js';

export const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';
/** cache.js: the read/write denial prefixes the service puts in its messages. */
const READ_DENIED = 'cache read denied:';
const WRITE_DENIED = 'cache write denied:';
const USER_AGENT = 'auto-pr-sessions-cache';

const CACHE_TWIRP: TwirpService = {
  service: CACHE_SERVICE,
  userAgent: USER_AGENT,
  retryable: new Set([502, 504, 500, 503]),
  rateLimitFails: true,
  quotaMessage:
    'Cache storage quota has been hit. Unable to upload any new cache entries.\nMore info on storage limits: https://docs.github.com/en/billing/managing-billing-for-github-actions/about-billing-for-github-actions#calculating-minute-and-storage-spending',
};

export interface CacheClientOptions {
  /** Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default the toolkit's Twirp policy; tests shorten the waits. */
  readonly retry?: Partial<RetryPolicy>;
}

/**
 * Whether this client can serve: cache service v2 (ACTIONS_CACHE_SERVICE_V2 set, not GHES, which is
 * always v1) with its URL and token. Otherwise the store uses @actions/cache (v1 on GHES).
 */
export function cacheV2Available(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env['ACTIONS_CACHE_SERVICE_V2']) && !isGhes(env) && Boolean(env['ACTIONS_RESULTS_URL']) && Boolean(env['ACTIONS_RUNTIME_TOKEN']);
}

/**
 * cacheUtils.js getCacheVersion: sha256 of the path patterns as given, the compression method and
 * the salt, joined by `|`. Always gzip here (the archive is made in memory), and no `windows-only`
 * component: the snapshot is the same on every OS (@actions/cache's enableCrossOsArchive).
 */
export function cacheVersion(paths: readonly string[], compression: 'gzip' | 'zstd-without-long' = 'gzip'): string {
  return createHash('sha256').update([...paths, compression, '1.0'].join('|')).digest('hex');
}

/** cache.js checkKey: the service refuses longer keys and commas (restore_keys are comma-joined in v1). */
export function checkKey(key: string): void {
  if (key.length > 512) throw validationError(`Key Validation Error: ${key} cannot be larger than 512 characters.`);
  if (key.includes(',')) throw validationError(`Key Validation Error: ${key} cannot contain commas.`);
}

function validationError(message: string): Error {
  const err = new Error(message);
  err.name = 'ValidationError';
  return err;
}

/** config.js: unknown or empty modes allow everything. */
function cacheMode(env: NodeJS.ProcessEnv): string {
  return (env['ACTIONS_CACHE_MODE'] ?? '').trim().toLowerCase();
}
const KNOWN_MODES = new Set(['none', 'read', 'write', 'write-only']);
const readable = (mode: string): boolean => !KNOWN_MODES.has(mode) || mode === 'read' || mode === 'write';
const writable = (mode: string): boolean => !KNOWN_MODES.has(mode) || mode === 'write' || mode === 'write-only';

export interface RestoredEntry {
  /** The key the service matched (the primary key, or the newest entry of a matching prefix). */
  readonly key: string;
  readonly archive: Buffer;
}

/**
 * Restores the entry of `key` (exact, then newest by prefix, then each restore key: the service's
 * order) as bytes; undefined on a miss, a read the cache mode or the service denies. Service faults
 * throw (the caller turns them into warnings, as @actions/cache does); so does an archive over
 * `maxBytes`, which is never read past the bound.
 */
export async function restoreEntry(key: string, restoreKeys: readonly string[], version: string, maxBytes: number, o: CacheClientOptions = {}): Promise<RestoredEntry | undefined> {
  const env = o.env ?? process.env;
  const keys = [key, ...restoreKeys];
  if (keys.length > 10) throw validationError('Key Validation Error: Keys are limited to a maximum of 10.');
  for (const k of keys) checkKey(k);
  const mode = cacheMode(env);
  if (!readable(mode)) {
    info(`Cache restore skipped: the effective cache-mode '${mode}' does not permit reads.`);
    return undefined;
  }
  const { baseUrl, token } = resultsEndpoint(env, 'Cache Service Url not found, unable to restore cache.');
  // proto field order, defaults omitted (protobuf-ts toJson): key, restore_keys, version
  const request: Json = restoreKeys.length > 0 ? { key, restore_keys: [...restoreKeys], version } : { key, version };
  let answer: Json;
  try {
    answer = await twirpCall(CACHE_TWIRP, baseUrl, token, 'GetCacheEntryDownloadURL', request, { ...TWIRP_RETRY, ...o.retry });
  } catch (err) {
    if (err instanceof Error && err.message.includes(READ_DENIED)) {
      warning(`Failed to restore: ${err.message}`);
      return undefined;
    }
    throw err;
  }
  if (answer['ok'] !== true) {
    debug(`Cache not found for version ${version} of keys: ${keys.join(', ')}`);
    return undefined;
  }
  const url = field(answer, 'signed_download_url');
  const matched = field(answer, 'matched_key');
  if (typeof url !== 'string' || typeof matched !== 'string' || !url) throw new Error('GetCacheEntryDownloadURL: the answer names no download URL or matched key');
  info(matched === key ? `Cache hit for: ${matched}` : `Cache hit for restore-key: ${matched}`);
  const archive = await getBlob(USER_AGENT, url, maxBytes, 'cache download');
  info(`Cache Size: ~${Math.round(archive.length / (1024 * 1024))} MB (${archive.length} B)`);
  return { key: matched, archive };
}

/**
 * Saves `archive` under `key`; the entry id, or -1 when the service or the cache mode refuses the
 * write (the key exists in this scope, a read-only token, a denied scope), as saveCache returns.
 * Other faults throw.
 */
export async function saveEntry(key: string, version: string, archive: Buffer, o: CacheClientOptions = {}): Promise<number> {
  const env = o.env ?? process.env;
  checkKey(key);
  const mode = cacheMode(env);
  if (!writable(mode)) {
    info(`Cache save skipped: the effective cache-mode '${mode}' does not permit writes.`);
    return -1;
  }
  const { baseUrl, token } = resultsEndpoint(env, 'Cache Service Url not found, unable to restore cache.');
  const retry = { ...TWIRP_RETRY, ...o.retry };
  // a refusal comes as an HTTP error or as ok:false with a message; both mean -1, as in saveCacheV2
  let created: Json = {};
  let refusal = '';
  try {
    created = await twirpCall(CACHE_TWIRP, baseUrl, token, 'CreateCacheEntry', { key, version }, retry);
    if (created['ok'] !== true) {
      refusal = typeof created['message'] === 'string' ? created['message'] : '';
      if (refusal && !refusal.startsWith(WRITE_DENIED)) warning(`Cache reservation failed: ${refusal}`);
    }
  } catch (err) {
    refusal = err instanceof Error ? err.message : String(err);
    debug(`Failed to reserve cache: ${refusal}`);
  }
  if (created['ok'] !== true) {
    if (refusal.includes(WRITE_DENIED)) warning(`Failed to save: Unable to reserve cache with key ${key}. More details: ${refusal}`);
    else info(`Failed to save: Unable to reserve cache with key ${key}, another job may be creating this cache.`);
    return -1;
  }
  const url = field(created, 'signed_upload_url');
  if (typeof url !== 'string' || !url) throw new Error('CreateCacheEntry: the answer names no upload URL');
  await putBlob(USER_AGENT, url, archive);
  const finalized = await twirpCall(CACHE_TWIRP, baseUrl, token, 'FinalizeCacheEntryUpload', { key, size_bytes: String(archive.length), version }, retry);
  if (finalized['ok'] !== true) {
    const why = typeof finalized['message'] === 'string' && finalized['message'] ? finalized['message'] : `Unable to finalize cache with key ${key}, another job may be finalizing this cache.`;
    warning(why);
    return -1;
  }
  const id = field(finalized, 'entry_id');
  const n = Number.parseInt(String(id), 10);
  if (!Number.isFinite(n)) throw new Error('FinalizeCacheEntryUpload: the answer names no entry id');
  info(`Cache saved with key: ${key}`);
  return n;
}

import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitHubClient } from '../../adapters/github/client.js';
import type { Logger } from '../../adapters/logger.js';
import { oversize } from '../../adapters/store/bounded-read.js';
import { downloadFileBounded } from '../../adapters/store/bounded-unzip.js';
import { isTrustedRun, originOf, trustedOnBranch } from '../../adapters/store/provenance.js';
import { parseStateJson } from '../../adapters/store/snapshot.js';
import { restoreFile, saveFile, type OneFileCache } from '../../adapters/store/one-file-cache.js';
import { uploadOneFileArtifact } from '../../adapters/store/artifact-upload.js';
import type { StreamState } from '@auto-pr-sessions/domain';
import type { RequestBudget } from './budget.js';
import type { ListCursor } from './listing.js';

/** Cache key prefix and artifact name of the sweep's index (not `aps1-` / `aps-state-`: not a stream). */
export const INDEX_CACHE_PREFIX = 'aps-health-index-';
export const INDEX_ARTIFACT = 'aps-health-index';
/** Relative to the workspace, and the same string in every run (it is part of the cache version). */
export const INDEX_CACHE_DIR = '.auto-pr-sessions/health-index';
const INDEX_FILE = 'index.json';
export const INDEX_VERSION = 1 as const;
/** Index artifacts listed to find the newest trusted one (a fork may upload look-alikes). */
const INDEX_CANDIDATES = 20;
/** Largest index read (it holds every stream's state: larger than one snapshot, still bounded). */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;

/** What the sweep remembers about one stream between runs. */
export interface IndexedStream {
  /** The state as last read (null: known from listings, never read). */
  state: StreamState | null;
  /** Largest state artifact id folded into `state` (artifact ids grow with each upload). */
  foldedId: number;
  /** Listed state artifacts newer than `foldedId`, not read yet (`fork`: a fork's run's, activity only). */
  unread: Array<{ id: number; runId: number; createdAt: string; size: number; fork?: boolean }>;
  /** Size of the newest state snapshot seen (bytes). */
  newestSize: number;
  newestAt: string;
  /** Creation instant of the newest state cache of the stream seen in listings ('' when none). */
  cacheAt: string;
  /** Why the state could not be read, when it could not. */
  problem: string | null;
}

export interface HandOffRecord {
  readonly at: string;
  readonly runId: string;
  readonly attempts: number;
  readonly mode: string;
}

export interface HealthIndex {
  readonly version: typeof INDEX_VERSION;
  updatedAt: string;
  runId: string;
  artifacts: ListCursor | null;
  caches: ListCursor | null;
  streams: Record<string, IndexedStream>;
  /** Hand-offs made by the sweep (dispatch or batch), by session id. */
  dispatches: Record<string, HandOffRecord>;
  /** Status of the previous sweep. */
  lastStatus: string | null;
}

export function newIndexedStream(): IndexedStream {
  return { state: null, foldedId: 0, unread: [], newestSize: 0, newestAt: '', cacheAt: '', problem: null };
}

export function emptyIndex(): HealthIndex {
  return { version: INDEX_VERSION, updatedAt: '', runId: '', artifacts: null, caches: null, streams: {}, dispatches: {}, lastStatus: null };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isUnread(v: unknown): v is IndexedStream['unread'][number] {
  return isRecord(v) && isNum(v['id']) && isNum(v['runId']) && typeof v['createdAt'] === 'string' && isNum(v['size']) && (v['fork'] === undefined || typeof v['fork'] === 'boolean');
}

/** Parses a stored index; every stream state is checked like a snapshot, bad ones are dropped (re-read later). */
export function parseIndex(text: string, where: string): { index: HealthIndex; warnings: string[] } {
  const warnings: string[] = [];
  const data: unknown = JSON.parse(text);
  if (!isRecord(data) || data['version'] !== INDEX_VERSION || !isRecord(data['streams'])) throw new Error(`${where}: not a health index (version ${INDEX_VERSION})`);
  const index = { ...emptyIndex(), ...(data as Partial<HealthIndex>), streams: {} as Record<string, IndexedStream> } as HealthIndex;
  for (const [key, raw] of Object.entries(data['streams'])) {
    if (!isRecord(raw)) continue;
    let state: StreamState | null = null;
    if (raw['state'] !== null && raw['state'] !== undefined) {
      try {
        state = parseStateJson(JSON.stringify(raw['state']), `${where} stream ${key}`, key);
      } catch (err) {
        warnings.push(err instanceof Error ? err.message : String(err));
      }
    }
    index.streams[key] = {
      state,
      foldedId: state && typeof raw['foldedId'] === 'number' ? raw['foldedId'] : 0,
      unread: Array.isArray(raw['unread']) ? (raw['unread'] as unknown[]).filter(isUnread) : [],
      newestSize: typeof raw['newestSize'] === 'number' ? raw['newestSize'] : 0,
      newestAt: typeof raw['newestAt'] === 'string' ? raw['newestAt'] : '',
      cacheAt: typeof raw['cacheAt'] === 'string' ? raw['cacheAt'] : '',
      problem: typeof raw['problem'] === 'string' ? raw['problem'] : null,
    };
  }
  if (!isRecord(data['dispatches'])) index.dispatches = {};
  return { index, warnings };
}

export interface IndexLocation {
  readonly github: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly workspace: string;
  readonly tempDir: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly retentionDays: number;
  readonly log: Logger;
  /** Default branch name: an index artifact counts only when a run of this repository on it uploaded it. */
  readonly defaultBranch?: string;
}

export interface LoadedIndex {
  readonly index: HealthIndex;
  /** `cache:<key>`, `artifact:<id>` or `none`. */
  readonly source: string;
  readonly cacheKey: string | null;
  readonly warnings: string[];
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function indexCache(loc: IndexLocation): OneFileCache {
  return { dir: INDEX_CACHE_DIR, file: INDEX_FILE, workspace: loc.workspace, maxBytes: MAX_INDEX_BYTES, timeoutMs: 120_000 };
}

/**
 * The index of the previous sweep: from the Actions cache of this ref (no REST call), else from its
 * newest artifact (two calls), else empty (the sweep then lists and reads from scratch).
 */
export async function loadIndex(loc: IndexLocation, budget: RequestBudget): Promise<LoadedIndex> {
  const warnings: string[] = [];
  try {
    const hit = await restoreFile(indexCache(loc), `${INDEX_CACHE_PREFIX}${loc.runId}-${loc.runAttempt}`, [INDEX_CACHE_PREFIX]);
    if (hit) {
      const parsed = parseIndex(hit.text, `cache ${hit.key}`);
      return { index: parsed.index, source: `cache:${hit.key}`, cacheKey: hit.key, warnings: [...warnings, ...parsed.warnings] };
    }
  } catch (err) {
    warnings.push(`health index: cache restore failed (${message(err)}); trying its artifact`);
  }
  if (!budget.allows(2)) {
    budget.skip('reading the previous health index artifact');
    return { index: emptyIndex(), source: 'none', cacheKey: null, warnings };
  }
  const tmp = await mkdtemp(join(loc.tempDir, 'aps-health-index-'));
  try {
    // a fork's run can upload an artifact of this name too: only the sweep's own (a run of this
    // repository's code, on the default branch when known) counts, and only within the size bound
    const res = await loc.github.rest.actions.listArtifactsForRepo({ owner: loc.owner, repo: loc.repo, name: INDEX_ARTIFACT, per_page: INDEX_CANDIDATES });
    const live = res.data.artifacts.filter((a) => !a.expired);
    const trusted = (a: (typeof live)[number]) => {
      const o = originOf(a);
      return loc.defaultBranch ? trustedOnBranch(o, loc.defaultBranch) : isTrustedRun(o);
    };
    const newest = live.find(trusted);
    const ignored = live.filter((a) => !trusted(a) && (!newest || a.id > newest.id)).length;
    if (ignored > 0) warnings.push(`health index: ${ignored} newer ${INDEX_ARTIFACT} artifact${ignored === 1 ? '' : 's'} ignored (not uploaded by a run of this repository on its default branch)`);
    if (!newest) return { index: emptyIndex(), source: 'none', cacheKey: null, warnings };
    const tooBig = oversize(newest.size_in_bytes, `artifact ${INDEX_ARTIFACT} #${newest.id}`, MAX_INDEX_BYTES);
    if (tooBig) {
      warnings.push(`health index: ${tooBig}; rebuilding it from the listings`);
      return { index: emptyIndex(), source: 'none', cacheKey: null, warnings };
    }
    const { DefaultArtifactClient } = await import('@actions/artifact');
    budget.charge(1); // the toolkit's download redirect is a REST call of its own client
    const where = `artifact ${INDEX_ARTIFACT} #${newest.id}`;
    const findBy = { token: loc.token, workflowRunId: newest.workflow_run?.id ?? 0, repositoryOwner: loc.owner, repositoryName: loc.repo };
    const parsed = parseIndex(await downloadFileBounded(new DefaultArtifactClient(), newest.id, findBy, tmp, INDEX_FILE, where, MAX_INDEX_BYTES), where);
    return { index: parsed.index, source: `artifact:${newest.id}`, cacheKey: null, warnings: [...warnings, ...parsed.warnings] };
  } catch (err) {
    warnings.push(`health index unreadable (${message(err)}); rebuilding it from the listings`);
    return { index: emptyIndex(), source: 'none', cacheKey: null, warnings };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Stores the index: a new cache key in this ref's scope (no REST call) and an artifact (the durable
 * copy, read when the cache was evicted). The previous cache key is deleted when the budget allows.
 */
export async function saveIndex(loc: IndexLocation, index: HealthIndex, previousKey: string | null, budget: RequestBudget): Promise<{ written: string[]; warnings: string[] }> {
  const warnings: string[] = [];
  const written: string[] = [];
  const text = JSON.stringify(index);
  const key = `${INDEX_CACHE_PREFIX}${loc.runId}-${loc.runAttempt}`;
  const [cacheId, artifact] = await Promise.all([
    saveFile(indexCache(loc), key, text).catch((err: unknown) => {
      warnings.push(`health index: cache save failed (${message(err)})`);
      return -1;
    }),
    uploadOneFileArtifact(INDEX_ARTIFACT, INDEX_FILE, text, { retentionDays: loc.retentionDays }).catch((err: unknown) => {
      warnings.push(`health index: artifact upload failed (${message(err)})`);
      return null;
    }),
  ]);
  if (cacheId !== -1) written.push(`cache:${key}`);
  if (artifact?.id) written.push(`artifact:${artifact.id}`);
  if (cacheId !== -1 && previousKey && previousKey !== key) {
    if (budget.allows(1)) {
      try {
        await loc.github.rest.actions.deleteActionsCacheByKey({ owner: loc.owner, repo: loc.repo, key: previousKey });
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status !== 404) loc.log.info(`previous health index cache ${previousKey} kept (${status === 403 ? 'no actions: write' : message(err)}); the cache evicts it`);
      }
    } else budget.skip('deleting the previous health index cache');
  }
  return { written, warnings };
}

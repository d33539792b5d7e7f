import type { GitHubClient } from '../../adapters/github/client.js';
import { ARTIFACT_PREFIX, CACHE_PREFIX, streamKeyOfCacheKey } from '../../adapters/store/actions-store.js';
import type { ArtifactOrigin } from '../../adapters/store/provenance.js';
import { originOf, trustFor } from '../../adapters/store/provenance.js';
import type { RequestBudget } from './budget.js';

/** Where an incremental newest-first listing left off. */
export interface ListCursor {
  /** Largest id seen so far (ids grow with creation). */
  readonly newestId: number;
  /** Creation instant of the newest item seen. */
  readonly newestAt: string;
  /**
   * Items (counted from the newest, at the time of the last run) already listed by an unfinished
   * full listing; null when everything older than `newestId` has been listed.
   */
  readonly backlogOffset: number | null;
}

export interface Listed<T> {
  readonly items: T[];
  readonly cursor: ListCursor;
  /** False when the budget ended the listing early (the cursor resumes it next run). */
  readonly complete: boolean;
  readonly pages: number;
}

const PER_PAGE = 100;
/** Items created this long before the newest seen are still re-listed: creation order and id order may differ. */
const OVERLAP_MS = 10 * 60_000;

interface Item {
  readonly id: number;
  readonly createdAt: string;
}

/**
 * Lists a newest-first collection incrementally: first what is new since the cursor (stopping at
 * the first page that reaches items older than the newest seen, less an overlap), then, when an
 * earlier run could not finish a full listing, the rest of that backlog. Each page is one REST call;
 * a page is fetched only when the budget allows it beyond `reserve`.
 */
export async function listIncremental<T extends Item>(
  fetchPage: (page: number) => Promise<T[]>,
  cursor: ListCursor | null,
  budget: RequestBudget,
  reserve: number,
  what: string,
): Promise<Listed<T>> {
  const seen = new Map<number, T>();
  let pages = 0;
  let newestId = cursor?.newestId ?? 0;
  let newestAt = cursor?.newestAt ?? '';
  const note = (items: readonly T[]) => {
    for (const it of items) {
      seen.set(it.id, it);
      if (it.id > newestId) newestId = it.id;
      if (it.createdAt > newestAt) newestAt = it.createdAt;
    }
  };
  const fetch = async (page: number): Promise<T[] | null> => {
    if (!budget.allows(1, reserve)) {
      budget.skip(`listing ${what} (page ${page})`);
      return null;
    }
    pages += 1;
    return fetchPage(page);
  };
  let backlog: number | null = cursor === null ? 0 : cursor.backlogOffset;
  let arrivals = 0;
  if (cursor !== null) {
    // phase A: what arrived since the last run
    const stopBefore = cursor.newestAt ? new Date(Date.parse(cursor.newestAt) - OVERLAP_MS).toISOString() : '';
    for (let page = 1; ; page++) {
      const items = await fetch(page);
      if (items === null) return { items: [...seen.values()], cursor, complete: false, pages };
      note(items);
      arrivals += items.filter((it) => it.id > cursor.newestId).length;
      const reachedOld = stopBefore ? items.some((it) => it.createdAt < stopBefore) : items.some((it) => it.id <= cursor.newestId);
      if (items.length < PER_PAGE || reachedOld) break;
    }
  }
  let complete = true;
  if (backlog !== null) {
    // phase B: the rest of a full listing (everything, on the first run)
    let offset = backlog + arrivals;
    for (;;) {
      const page = Math.floor(offset / PER_PAGE) + 1;
      const items = await fetch(page);
      if (items === null) {
        complete = false;
        break;
      }
      note(items);
      offset = page * PER_PAGE;
      if (items.length < PER_PAGE) {
        offset = -1;
        break;
      }
    }
    backlog = offset < 0 ? null : offset;
  }
  return { items: [...seen.values()], cursor: { newestId, newestAt, backlogOffset: backlog }, complete, pages };
}

export interface StateArtifact {
  readonly id: number;
  readonly streamKey: string;
  readonly runId: number;
  readonly createdAt: string;
  readonly size: number;
  /** Uploaded by a fork's run into the fork's own stream: its activity counts, its marks do not. */
  readonly fork: boolean;
}

export interface RepoArtifact extends Item {
  readonly name: string;
  readonly runId: number;
  readonly size: number;
  readonly expired: boolean;
  /** Which run uploaded it, as the listing says (provenance). */
  readonly origin: ArtifactOrigin;
}

/** One page of the repository's artifacts, newest first. */
export function artifactPager(github: GitHubClient, owner: string, repo: string): (page: number) => Promise<RepoArtifact[]> {
  return async (page) => {
    const res = await github.rest.actions.listArtifactsForRepo({ owner, repo, per_page: PER_PAGE, page });
    return res.data.artifacts.map((a) => ({
      id: a.id,
      name: a.name,
      runId: a.workflow_run?.id ?? 0,
      size: a.size_in_bytes,
      createdAt: a.created_at ?? '',
      expired: a.expired,
      origin: originOf(a),
    }));
  };
}

/**
 * The state snapshots among listed artifacts that may count: uploaded by a run of this repository,
 * or by a fork's run into the fork's own stream (provenance.ts). The rest are refused here, before
 * the sweep even knows their stream, so a stranger's artifact can neither add a stream nor a session.
 */
export function stateArtifacts(all: readonly RepoArtifact[]): { accepted: StateArtifact[]; refused: Array<{ id: number; name: string; reason: string }> } {
  const accepted: StateArtifact[] = [];
  const refused: Array<{ id: number; name: string; reason: string }> = [];
  for (const a of all) {
    if (!a.name.startsWith(ARTIFACT_PREFIX) || a.expired || a.runId <= 0) continue;
    const streamKey = a.name.slice(ARTIFACT_PREFIX.length);
    const trust = trustFor(streamKey, a.origin);
    if (trust.kind === 'refused') refused.push({ id: a.id, name: a.name, reason: trust.reason });
    else accepted.push({ id: a.id, streamKey, runId: a.runId, createdAt: a.createdAt, size: a.size, fork: trust.kind === 'fork' });
  }
  return { accepted, refused };
}

export interface StateCache extends Item {
  readonly key: string;
  readonly ref: string;
  /** Null for a key of another shape under the prefix. */
  readonly streamKey: string | null;
  readonly size: number;
}

/** One page of the state caches (`aps1-` keys), newest first. */
export function cachePager(github: GitHubClient, owner: string, repo: string): (page: number) => Promise<StateCache[]> {
  return async (page) => {
    const res = await github.rest.actions.getActionsCacheList({ owner, repo, key: CACHE_PREFIX, sort: 'created_at', direction: 'desc', per_page: PER_PAGE, page });
    return res.data.actions_caches.map((c) => ({
      id: c.id ?? 0,
      key: c.key ?? '',
      ref: c.ref ?? '',
      streamKey: streamKeyOfCacheKey(c.key ?? ''),
      size: c.size_in_bytes ?? 0,
      createdAt: c.created_at ?? '',
    }));
  };
}

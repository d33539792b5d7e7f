// Which state caches of a stream a load must restore. Every write is a new key
// `aps1-<stream>-<run>-<attempt>-<nonce>` holding a snapshot whose `writers` name every write folded
// into it (`<run>-<attempt>-<nonce>`, its own included). A key whose write a restored snapshot already
// lists is superseded: its events are in that snapshot. So the steady state restores ONE key, the
// newest, however many older keys remain (with `actions: read` none are ever deleted); after racing
// writers each divergent head is restored once, and the next write folds them all in.
//
// The id is per write, not per run: a run that writes twice (session-start, then session-check's
// hand-off) while another run read only its first snapshot must not have its second write counted
// as folded in.

import { prefetchCacheClient } from './one-file-cache.js';

/** One state cache as the REST cache list reports it. */
export interface CacheHead {
  readonly id: number | null;
  readonly key: string;
  readonly ref: string;
  readonly createdAt: string;
}

/** `aps1-<stream>-<run>-<attempt>-<nonce>` → `<run>-<attempt>-<nonce>` (the writer id); null for other shapes. */
export function writerOfKey(key: string): string | null {
  const m = /-(\d+-\d+-[0-9a-f]+)$/.exec(key);
  return m?.[1] ?? null;
}

/** The writer id a write records in its snapshot; the same string ends its cache key. */
export function writerId(runId: string, runAttempt: string, nonce: string): string {
  return `${runId}-${runAttempt}-${nonce}`;
}

export interface HeadPlanOptions<S extends { readonly writers: readonly string[] }> {
  /** Whether this run may restore a key of that ref (cache scopes). */
  readonly readable: (ref: string) => boolean;
  /** Restores one exact key; undefined on a miss (evicted meanwhile) or an unreadable snapshot. */
  readonly restore: (key: string) => Promise<S | undefined>;
  /** Most keys restored in one load (a bound on time after a burst of racing writers). */
  readonly maxRestores: number;
}

export interface HeadPlan<S> {
  readonly states: S[];
  /** Keys restored and merged. */
  readonly restored: CacheHead[];
  /** Keys skipped because a restored snapshot already folds their run in (safe to delete). */
  readonly covered: CacheHead[];
  /** Keys neither restored nor covered (other scope, evicted, over the bound): read the artifacts. */
  readonly missing: CacheHead[];
}

/**
 * Walks the keys newest first, restoring a key only when no snapshot restored so far lists its write.
 * Snapshots written before writer ids carried the nonce list `<run>-<attempt>`: a key of such a run
 * counts as folded in when it is older than a restored snapshot listing that run (a restored snapshot
 * is always newer than the keys after it in the walk).
 */
export async function planHeads<S extends { readonly writers: readonly string[] }>(keys: readonly CacheHead[], o: HeadPlanOptions<S>): Promise<HeadPlan<S>> {
  const known = new Set<string>();
  const states: S[] = [];
  const restored: CacheHead[] = [];
  const covered: CacheHead[] = [];
  const skipped: CacheHead[] = [];
  const folded = (head: CacheHead, legacy: boolean): boolean => {
    const writer = writerOfKey(head.key);
    return writer !== null && (known.has(writer) || (legacy && known.has(writer.replace(/-[0-9a-f]+$/, ''))));
  };
  for (const head of keys) {
    if (folded(head, true)) {
      covered.push(head);
      continue;
    }
    if (!o.readable(head.ref) || restored.length >= o.maxRestores) {
      skipped.push(head);
      continue;
    }
    const state = await o.restore(head.key);
    if (!state) {
      skipped.push(head);
      continue;
    }
    states.push(state);
    restored.push(head);
    for (const w of state.writers) known.add(w);
  }
  // a key passed over early (another scope) may be folded into a snapshot restored after it (an older
  // one, so only an exact write id proves it)
  const missing: CacheHead[] = [];
  for (const head of skipped) {
    if (folded(head, false)) covered.push(head);
    else missing.push(head);
  }
  return { states, restored, covered, missing };
}

/**
 * Starts loading the modules an append needs (lazy bundle chunks: the cache client's archive code,
 * or @actions/cache on cache service v1; the artifact uploader), so that their compile overlaps the
 * REST listing and the restore instead of following them. A failed load surfaces where the module
 * is used, so errors are dropped here.
 */
export function prefetchClients(which: { readonly cache: boolean; readonly artifact: boolean }): void {
  if (which.cache) prefetchCacheClient();
  // the state artifact's uploader (not @actions/artifact, which only downloads load: see artifact-upload.ts)
  if (which.artifact) import('./artifact-upload.js').then((m) => m.prefetchUploader()).catch(() => undefined);
}

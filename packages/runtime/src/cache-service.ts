// Cache service v2 (Twirp CacheService) and its entry index. Platform rules modelled here:
// keys are immutable per (scope, key, version) — first writer wins; restore walks readable scopes in
// token order and, per key, takes an exact match before the newest prefix match; entries not restored
// for 7 days are evicted, and past the size cap the least recently used go first.
import { BlobStore } from './blob-store.js';
import { jsonReply, twirpError, type Reply } from './http.js';
import { PersistedDoc, type Storage } from './storage.js';
import { CACHE_READ, CACHE_WRITE, type RuntimeIdentity } from './token.js';
import type { Clock } from './types.js';

export const CACHE_UNUSED_TTL_MS = 7 * 24 * 3600 * 1000;
export const CACHE_CONTAINER = 'actions-cache';

export interface CacheEntryRecord {
  id: number;
  key: string;
  version: string;
  /** The ref the entry was written under, e.g. refs/heads/main or refs/pull/7/merge. */
  scope: string;
  blob: string;
  sizeBytes: number;
  createdAt: number;
  /** Set at creation and on every restore hit; eviction reads it. */
  lastAccessedAt: number;
  /** False while reserved but not yet finalized (invisible to restore and REST). */
  finalized: boolean;
}

interface CacheDoc {
  nextId: number;
  entries: CacheEntryRecord[];
}

export class CacheStore {
  private readonly doc: PersistedDoc<CacheDoc>;

  private constructor(
    private readonly state: CacheDoc,
    storage: Storage,
    private readonly blobs: BlobStore,
    private readonly now: Clock,
    private readonly capBytes: number,
  ) {
    this.doc = new PersistedDoc(storage, 'cache', () => this.state);
  }

  static async load(storage: Storage, blobs: BlobStore, now: Clock, capBytes: number): Promise<CacheStore> {
    const state = (await storage.loadDoc<CacheDoc>('cache')) ?? { nextId: 1, entries: [] };
    return new CacheStore(state, storage, blobs, now, capBytes);
  }

  /** A new reservation, or undefined when (scope, key, version) is taken (finalized or in progress). */
  reserve(scope: string, key: string, version: string): CacheEntryRecord | undefined {
    if (this.find(scope, key, version)) return undefined;
    const t = this.now();
    const entry: CacheEntryRecord = {
      id: this.state.nextId++,
      key,
      version,
      scope,
      blob: BlobStore.newName(CACHE_CONTAINER),
      sizeBytes: 0,
      createdAt: t,
      lastAccessedAt: t,
      finalized: false,
    };
    this.state.entries.push(entry);
    this.doc.changed();
    return entry;
  }

  find(scope: string, key: string, version: string): CacheEntryRecord | undefined {
    return this.state.entries.find((e) => e.scope === scope && e.key === key && e.version === version);
  }

  /** Marks an uploaded reservation final; returns a reason string when it cannot. */
  async finalize(entry: CacheEntryRecord): Promise<CacheEntryRecord | string> {
    if (entry.finalized) return 'cache entry is already finalized';
    const data = await this.blobs.get(entry.blob);
    if (!data) return 'cache archive was not uploaded';
    if (entry.finalized || !this.state.entries.includes(entry)) return 'cache entry is no longer reserved';
    entry.sizeBytes = data.length;
    entry.finalized = true;
    entry.createdAt = this.now();
    entry.lastAccessedAt = entry.createdAt;
    this.doc.changed();
    await this.sweep(entry.id);
    return entry;
  }

  /** Restore lookup; a hit counts as an access (postpones eviction). */
  lookup(scopes: readonly string[], keys: readonly string[], version: string): CacheEntryRecord | undefined {
    const live = this.state.entries.filter((e) => e.finalized && e.version === version);
    for (const scope of scopes) {
      const inScope = live.filter((e) => e.scope === scope);
      for (const key of keys) {
        const hit =
          inScope.find((e) => e.key === key) ??
          inScope.filter((e) => e.key.startsWith(key)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
        if (hit) {
          hit.lastAccessedAt = this.now();
          this.doc.changed();
          return hit;
        }
      }
    }
    return undefined;
  }

  /** Finalized entries (what GitHub's REST API lists). */
  entries(): CacheEntryRecord[] {
    return this.state.entries.filter((e) => e.finalized);
  }

  async remove(ids: readonly number[]): Promise<void> {
    const drop = new Set(ids);
    const gone = this.state.entries.filter((e) => drop.has(e.id));
    this.state.entries = this.state.entries.filter((e) => !drop.has(e.id));
    this.doc.changed();
    await Promise.all(gone.map((e) => this.blobs.delete(e.blob)));
  }

  usage(): { count: number; bytes: number } {
    const live = this.entries();
    return { count: live.length, bytes: live.reduce((n, e) => n + e.sizeBytes, 0) };
  }

  /** Evicts entries unused for 7 days, then least recently used ones while over the cap. */
  async sweep(protectId?: number): Promise<void> {
    const cutoff = this.now() - CACHE_UNUSED_TTL_MS;
    const evict = this.state.entries.filter((e) => e.lastAccessedAt <= cutoff).map((e) => e.id);
    const gone = new Set(evict);
    let total = this.entries().reduce((n, e) => (gone.has(e.id) ? n : n + e.sizeBytes), 0);
    const lru = this.entries()
      .filter((e) => !gone.has(e.id) && e.id !== protectId)
      .sort((a, b) => a.lastAccessedAt - b.lastAccessedAt || a.id - b.id);
    for (const e of lru) {
      if (total <= this.capBytes) break;
      evict.push(e.id);
      total -= e.sizeBytes;
    }
    if (evict.length > 0) await this.remove(evict);
  }

  flush(): Promise<void> {
    return this.doc.flush();
  }
}

// ---- Twirp methods

type TwirpMethod = (id: RuntimeIdentity, body: Record<string, unknown>) => Promise<Reply>;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function validateKey(key: string): string | undefined {
  if (!key) return 'key is required';
  if (key.length > 512) return 'key is longer than 512 characters';
  if (key.includes(',')) return 'key cannot contain commas';
  return undefined;
}

function writeScope(id: RuntimeIdentity): string | undefined {
  return id.scopes.find((s) => (s.Permission & CACHE_WRITE) !== 0)?.Scope;
}

/** GitHub limits new cache uploads per repository per minute (200); opt-in here, see RuntimeOptions. */
export class UploadLimiter {
  private stamps: number[] = [];

  constructor(
    private readonly perMinute: number | undefined,
    private readonly now: Clock,
  ) {}

  /** Seconds to wait when over the limit, otherwise undefined (and the upload is counted). */
  take(): number | undefined {
    if (this.perMinute === undefined) return undefined;
    const t = this.now();
    this.stamps = this.stamps.filter((s) => s > t - 60_000);
    const oldest = this.stamps[0];
    if (this.stamps.length >= this.perMinute && oldest !== undefined) return Math.max(1, Math.ceil((oldest + 60_000 - t) / 1000));
    this.stamps.push(t);
    return undefined;
  }
}

export function cacheTwirpMethods(store: CacheStore, blobs: BlobStore, uploads: UploadLimiter): Record<string, TwirpMethod> {
  return {
    async CreateCacheEntry(id, body) {
      const key = str(body['key']);
      const version = str(body['version']);
      const invalid = validateKey(key) ?? (version ? undefined : 'version is required');
      if (invalid) return twirpError('invalid_argument', invalid);
      const wait = uploads.take();
      if (wait !== undefined) {
        const r = twirpError('resource_exhausted', 'cache upload rate limit exceeded for this repository');
        r.headers['retry-after'] = String(wait);
        return r;
      }
      const scope = writeScope(id);
      if (!scope) return jsonReply(200, { ok: false, message: 'cache write denied: the token has no writable cache scope' });
      await store.sweep();
      const entry = store.reserve(scope, key, version);
      if (!entry) {
        // The real service answers a Twirp error, not ok:false: 409 already_exists. The toolkit turns it
        // into "Failed to save: Unable to reserve cache with key ..." (an info line), save() = -1.
        return twirpError('already_exists', `cache entry for key ${key} already exists in scope ${scope}`);
      }
      return jsonReply(200, { ok: true, signed_upload_url: blobs.signedUrl(entry.blob, 'cw') });
    },

    async FinalizeCacheEntryUpload(id, body) {
      const scope = writeScope(id);
      const entry = scope ? store.find(scope, str(body['key']), str(body['version'])) : undefined;
      if (!entry) return jsonReply(200, { ok: false, message: 'no reservation for this key and version' });
      const result = await store.finalize(entry);
      if (typeof result === 'string') return jsonReply(200, { ok: false, message: result });
      return jsonReply(200, { ok: true, entry_id: String(result.id) });
    },

    async GetCacheEntryDownloadURL(id, body) {
      const key = str(body['key']);
      const restoreKeys = Array.isArray(body['restore_keys']) ? body['restore_keys'].map(str) : [];
      const readable = id.scopes.filter((s) => (s.Permission & CACHE_READ) !== 0).map((s) => s.Scope);
      if (readable.length === 0) return twirpError('permission_denied', 'cache read denied: the token has no readable cache scope');
      await store.sweep();
      const hit = store.lookup(readable, [key, ...restoreKeys].filter(Boolean), str(body['version']));
      if (!hit) return jsonReply(200, { ok: false, signed_download_url: '', matched_key: '' });
      return jsonReply(200, { ok: true, signed_download_url: blobs.signedUrl(hit.blob, 'r'), matched_key: hit.key });
    },
  };
}

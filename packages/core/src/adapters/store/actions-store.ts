import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/domain';
import { addEvents, MAX_EVENTS_PER_STREAM, mergeAll, withWriter } from '@auto-pr-sessions/domain';
import type { SessionEvent } from '@auto-pr-sessions/domain';
import type { ArtifactClient } from '@actions/artifact';
import type { GitHubClient } from '../github/client.js';
import type { Logger } from '../logger.js';
import { MAX_SNAPSHOT_BYTES, parseStateJson, serializeState } from './snapshot.js';
import { oversize } from './bounded-read.js';
import { downloadFileBounded } from './bounded-unzip.js';
import { admit, originOf, trustFor } from './provenance.js';
import { planHeads, prefetchClients, writerId } from './cache-heads.js';
import { restoreFile, saveFile, type OneFileCache } from './one-file-cache.js';
import type { LoadReport, SaveReport, StateStore } from './types.js';
import { errorMessage as message, withTimeout } from '../../util/errors.js';

/** Cache key prefix of every state snapshot; bump the version when the snapshot format changes. */
export const CACHE_PREFIX = 'aps1-';
/** Artifact name prefix; the stream key follows (REST name filters are exact). */
export const ARTIFACT_PREFIX = 'aps-state-';
/**
 * The cache path, relative to the workspace. @actions/cache hashes the path list into the cache
 * version, so it must be the same string in every run (an absolute path would differ per runner).
 */
export const CACHE_DIR = '.auto-pr-sessions/cache';
const STATE_FILE = 'state.json';
/** Heads restored per load (only divergent heads are: see cache-heads.ts); merging is idempotent. */
const MAX_HEADS = 20;
/** Superseded keys deleted per write: a backlog left while deletes were denied clears over a few runs. */
const MAX_DELETES = 10;
/** Bounds on artifact reads per load (REST budget): pages listed and snapshots downloaded. */
const MAX_ARTIFACT_PAGES = 3;
const MAX_ARTIFACT_DOWNLOADS = 30;

export interface ActionsStoreOptions {
  readonly owner: string;
  readonly repo: string;
  /** REST client, or null when no token is available (cache-only, no reconciliation). */
  readonly github: GitHubClient | null;
  readonly token: string | null;
  readonly workspace: string;
  readonly tempDir: string;
  readonly runId: string;
  readonly runAttempt: string;
  /** The ref whose cache scope this run writes (GITHUB_REF); only keys of this ref are deleted. */
  readonly ref: string;
  /** PR base (refs/heads/…) for pull_request runs: a readable cache scope. */
  readonly baseRef?: string;
  /** The default branch ref (refs/heads/main): a readable cache scope. */
  readonly defaultRef?: string;
  readonly retentionDays: number;
  /**
   * Artifacts only, no cache: for author-scope streams, whose runs span cache scopes so that the
   * artifacts must be read on every load anyway; the cache would only add work.
   */
  readonly artifactsOnly: boolean;
  readonly log: Logger;
  /** Upper bound for one infrastructure call, so a hung service cannot hang the job. */
  readonly callTimeoutMs?: number;
  /**
   * Why this run may not record suite marks (a fork's pull_request run), or null. Readers ignore a
   * fork's marks anyway (provenance.ts); this keeps the run from writing them at all.
   */
  readonly marksRefused?: string | null;
}

const MARK_KINDS: ReadonlySet<SessionEvent['kind']> = new Set(['scored', 'abandoned', 'score_requested']);

/** The part of the artifact client used for downloads (the module itself is imported lazily). */
type ArtifactDownloader = Pick<ArtifactClient, 'downloadArtifact'>;

interface CacheKeyInfo {
  readonly id: number | null;
  readonly key: string;
  readonly ref: string;
  readonly createdAt: string;
}



/**
 * State in the Actions cache (fast, per scope, immutable keys) and in artifacts (durable, readable
 * from any run). Every write is a new snapshot under a new key; loads merge every head they can
 * find, so divergent heads left by racing runs are reconciled rather than lost.
 */
export class ActionsStateStore implements StateStore {
  readonly kind = 'actions';
  private deleteDenied = false;
  private readonly timeoutMs: number;

  constructor(private readonly o: ActionsStoreOptions) {
    this.timeoutMs = o.callTimeoutMs ?? 60_000;
  }

  /** Lists this stream's cache keys over REST, newest first; null when REST is unavailable. */
  private async listCacheKeys(streamKey: string, warnings: string[]): Promise<CacheKeyInfo[] | null> {
    if (!this.o.github) return null;
    try {
      const res = await withTimeout('listing caches', this.timeoutMs, this.o.github.rest.actions.getActionsCacheList({
        owner: this.o.owner,
        repo: this.o.repo,
        key: `${CACHE_PREFIX}${streamKey}-`,
        per_page: 100,
        sort: 'created_at',
        direction: 'desc',
      }));
      return res.data.actions_caches
        .filter((c) => typeof c.key === 'string' && c.key.startsWith(`${CACHE_PREFIX}${streamKey}-`))
        .map((c) => ({ id: c.id ?? null, key: c.key ?? '', ref: c.ref ?? '', createdAt: c.created_at ?? '' }));
    } catch (err) {
      warnings.push(`could not list caches over REST (${message(err)}); using the newest cache in this scope only`);
      return null;
    }
  }

  /** Restores one key (exact, or newest by prefix) and parses it; undefined on a miss. */
  private async restoreOne(key: string, streamKey: string, warnings: string[]): Promise<{ key: string; state: StreamState } | undefined> {
    try {
      const hit = await restoreFile(this.cacheFile(), key);
      return hit ? { key: hit.key, state: parseStateJson(hit.text, `cache key ${hit.key}`, streamKey) } : undefined;
    } catch (err) {
      warnings.push(`cache restore of ${key} failed: ${message(err)}`);
      return undefined;
    }
  }

  private cacheFile(): OneFileCache {
    return { dir: CACHE_DIR, file: STATE_FILE, workspace: this.o.workspace, maxBytes: MAX_SNAPSHOT_BYTES, timeoutMs: this.timeoutMs };
  }

  /** One page of the stream's state artifacts, newest first (the name filter is exact). */
  private listStatePage(streamKey: string, page: number) {
    if (!this.o.github) throw new Error('no REST client');
    return withTimeout('listing artifacts', this.timeoutMs, this.o.github.rest.actions.listArtifactsForRepo({
      owner: this.o.owner,
      repo: this.o.repo,
      name: `${ARTIFACT_PREFIX}${streamKey}`,
      per_page: 100,
      page,
    }));
  }

  /**
   * Downloads state artifacts of a stream (any run, any branch), newest first, skipping every
   * snapshot whose run is already folded into what was read: after racing writers each racer's
   * snapshot is read once; in the steady state the newest snapshot covers all older ones.
   */
  private async loadArtifacts(
    streamKey: string,
    known: ReadonlySet<string>,
    warnings: string[],
    /** The first page, listed while the cache was read (rejections are handled here). */
    firstPage?: ReturnType<ActionsStateStore['listStatePage']>,
  ): Promise<{ sources: string[]; states: StreamState[] }> {
    const sources: string[] = [];
    const states: StreamState[] = [];
    if (!this.o.github || !this.o.token) {
      warnings.push('no token: state artifacts of other runs cannot be read');
      return { sources, states };
    }
    const seenRuns = new Set([...known].map((w) => w.split('-')[0]));
    let client: ArtifactDownloader | null = null;
    let downloads = 0;
    try {
      for (let page = 1; page <= MAX_ARTIFACT_PAGES; page++) {
        const res = page === 1 && firstPage ? await firstPage : await this.listStatePage(streamKey, page);
        const pending = res.data.artifacts.filter((a) => !a.expired && a.workflow_run?.id);
        for (const a of pending) {
          const runId = a.workflow_run?.id;
          if (!runId || seenRuns.has(String(runId))) continue;
          // provenance and size come from the listing: a refused artifact is never downloaded
          const trust = trustFor(streamKey, originOf(a));
          if (trust.kind === 'refused') {
            warnings.push(`artifact ${a.name} #${a.id} ignored: ${trust.reason}`);
            continue;
          }
          const tooBig = oversize(a.size_in_bytes, `artifact ${a.name} #${a.id}`);
          if (tooBig) {
            warnings.push(tooBig);
            continue;
          }
          if (downloads >= MAX_ARTIFACT_DOWNLOADS) {
            warnings.push(`more than ${MAX_ARTIFACT_DOWNLOADS} unmerged state artifacts for ${streamKey}; read the newest ones only`);
            return { sources, states };
          }
          if (!client) {
            const { DefaultArtifactClient } = await import('@actions/artifact');
            client = new DefaultArtifactClient();
          }
          downloads += 1;
          const read = await this.downloadState(client, a.id, a.name, runId, streamKey, warnings);
          if (!read) continue;
          const state = admit(read, trust, `artifact ${a.name} #${a.id}`, warnings);
          seenRuns.add(String(runId));
          for (const w of state.writers) seenRuns.add(w.split('-')[0] ?? '');
          states.push(state);
          sources.push(`artifact:${a.id}`);
        }
        // an older page can only hold runs the newer snapshots did not fold in; stop when all did
        const older = res.data.artifacts.length === 100;
        if (!older) break;
      }
    } catch (err) {
      warnings.push(`could not read state artifacts (${message(err)})`);
    }
    return { sources, states };
  }

  private async downloadState(
    client: ArtifactDownloader,
    id: number,
    name: string,
    runId: number,
    streamKey: string,
    warnings: string[],
  ): Promise<StreamState | null> {
    const dir = await mkdtemp(join(this.o.tempDir, 'aps-artifact-'));
    try {
      const findBy = { token: this.o.token ?? '', workflowRunId: runId, repositoryOwner: this.o.owner, repositoryName: this.o.repo };
      const where = `artifact ${name} #${id}`;
      const text = await withTimeout('artifact download', this.timeoutMs, downloadFileBounded(client, id, findBy, dir, STATE_FILE, where, MAX_SNAPSHOT_BYTES));
      return parseStateJson(text, where, streamKey);
    } catch (err) {
      warnings.push(`artifact ${name} #${id} unreadable: ${message(err)}`);
      return null;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Cache scopes a run can restore from: its own ref, the PR base, the default branch. */
  private readable(ref: string): boolean {
    return ref === this.o.ref || ref === this.o.baseRef || ref === this.o.defaultRef || ref === '';
  }

  async load(streamKey: string): Promise<LoadReport> {
    const { report } = await this.loadWithKeys(streamKey);
    return report;
  }

  private async loadWithKeys(streamKey: string): Promise<{ report: LoadReport; merged: CacheKeyInfo[] }> {
    const warnings: string[] = [];
    if (this.o.artifactsOnly) {
      const fromArtifacts = await this.loadArtifacts(streamKey, new Set(), warnings);
      const state = mergeAll(streamKey, fromArtifacts.states);
      noteCap(state, warnings);
      return { report: { state, sources: fromArtifacts.sources, warnings, partial: warnings.length > 0 }, merged: [] };
    }
    // The artifact listing runs beside the cache reads, on every load: a run whose cache save was
    // refused (an issue_comment run gets a read-only cache token in the default branch's scope, a
    // full quota, a fault) left its write in an artifact only, and a readable cache head does not
    // say so. Snapshots of runs the cache heads already fold in are never downloaded.
    const firstPage = this.o.github && this.o.token ? this.listStatePage(streamKey, 1) : undefined;
    firstPage?.catch(() => undefined); // handled where it is awaited
    const fromCache = await this.loadCacheHeads(streamKey, warnings);
    const states = [...fromCache.states];
    const sources = [...fromCache.sources];
    const known = new Set(states.flatMap((st) => st.writers));
    const fromArtifacts = await this.loadArtifacts(streamKey, known, warnings, firstPage);
    states.push(...fromArtifacts.states);
    sources.push(...fromArtifacts.sources);
    const state = mergeAll(streamKey, states);
    noteCap(state, warnings);
    return { report: { state, sources, warnings, partial: warnings.length > 0 }, merged: fromCache.merged };
  }

  /**
   * Restores the stream's cache heads that no other restored head folds in: one key in the steady
   * state, one per divergent head after races (or the newest by prefix without REST).
   */
  private async loadCacheHeads(streamKey: string, warnings: string[]): Promise<{ states: StreamState[]; sources: string[]; merged: CacheKeyInfo[] }> {
    const states: StreamState[] = [];
    const sources: string[] = [];
    const merged: CacheKeyInfo[] = [];
    // the newest key of this scope, restored by prefix while the REST listing is in flight: in the
    // steady state it is the one key the plan needs, so the listing costs no extra round trip
    const [keys, hit] = await Promise.all([this.listCacheKeys(streamKey, warnings), this.restoreOne(`${CACHE_PREFIX}${streamKey}-`, streamKey, warnings)]);
    if (keys === null) {
      if (hit) {
        states.push(hit.state);
        sources.push(`cache:${hit.key}`);
      }
      return { states, sources, merged };
    }
    const plan = await planHeads(keys, {
      readable: (ref) => this.readable(ref),
      maxRestores: MAX_HEADS,
      restore: async (key) => {
        if (hit?.key === key) return hit.state;
        const exact = await this.restoreOne(key, streamKey, warnings);
        return exact && exact.key === key ? exact.state : undefined; // a miss: evicted meanwhile
      },
    });
    states.push(...plan.states);
    sources.push(...plan.restored.map((h) => `cache:${h.key}`));
    // restored and covered keys are both folded into the loaded state: superseded once it is saved;
    // missing ones (another scope, evicted, over the bound) send the load to the artifacts
    merged.push(...plan.restored, ...plan.covered);
    return { states, sources, merged };
  }

  async append(streamKey: string, given: readonly SessionEvent[]): Promise<SaveReport> {
    const events = this.o.marksRefused ? given.filter((e) => !MARK_KINDS.has(e.kind)) : given;
    if (events.length < given.length) {
      const note = `${given.length - events.length} suite mark${given.length - events.length === 1 ? '' : 's'} not recorded: ${this.o.marksRefused}`;
      if (events.length === 0) {
        const loaded = await this.load(streamKey);
        return { state: loaded.state, written: [], warnings: [...loaded.warnings, note], durable: true };
      }
      this.o.log.warn(note);
    }
    prefetchClients({ cache: !this.o.artifactsOnly, artifact: true });
    const { report, merged } = await this.loadWithKeys(streamKey);
    // the writer id names this write (not only this run) and ends the cache key: see cache-heads.ts
    const writer = writerId(this.o.runId, this.o.runAttempt, randomBytes(3).toString('hex'));
    const state = withWriter(addEvents(report.state, events), writer);
    const warnings = [...report.warnings];
    const written: string[] = [];
    const key = `${CACHE_PREFIX}${streamKey}-${writer}`;
    // the two copies are independent: write them concurrently. Superseded keys are deleted only once
    // the new snapshot that contains them is stored, while the artifact upload may still run.
    const superseded = merged.filter((m) => m.ref === this.o.ref).slice(0, MAX_DELETES);
    const [savedToCache, artifactId] = await Promise.all([
      this.o.artifactsOnly
        ? Promise.resolve(false)
        : this.saveCache(key, state, warnings).then(async (saved) => {
            if (saved) await this.deleteSuperseded(superseded, warnings);
            return saved;
          }),
      this.uploadArtifact(streamKey, state, warnings),
    ]);
    if (savedToCache) written.push(`cache:${key}`);
    if (artifactId !== null) written.push(`artifact:${artifactId}`);
    return { state, written, warnings, durable: artifactId !== null };
  }

  private async saveCache(key: string, state: StreamState, warnings: string[]): Promise<boolean> {
    try {
      const id = await saveFile(this.cacheFile(), key, serializeState(state));
      if (id === -1) warnings.push(`cache save of ${key} was refused (see the log above); the artifact copy still holds the state`);
      return id !== -1;
    } catch (err) {
      warnings.push(`cache save of ${key} failed: ${message(err)}`);
      return false;
    }
  }

  /**
   * The state artifact: one JSON file, uploaded by artifact-upload.ts (@actions/artifact's protocol
   * without loading @actions/artifact, whose import is most of session-start's cold-start cost over
   * a bare cache restore); @actions/artifact is loaded only to replace an earlier copy of this run.
   */
  private async uploadArtifact(streamKey: string, state: StreamState, warnings: string[]): Promise<number | null> {
    const name = `${ARTIFACT_PREFIX}${streamKey}`;
    try {
      const { uploadOneFileArtifact } = await import('./artifact-upload.js');
      const content = serializeState(state);
      const upload = () => withTimeout('artifact upload', this.timeoutMs, uploadOneFileArtifact(name, STATE_FILE, content, { retentionDays: this.o.retentionDays }));
      try {
        return (await upload()).id ?? null;
      } catch (err) {
        // names are unique per run: an earlier step of this run wrote this stream; replace its copy
        // (the new state contains it, since every write merges what it read)
        if (!/already exists|409|conflict/i.test(message(err))) throw err;
        const { DefaultArtifactClient } = await import('@actions/artifact');
        await new DefaultArtifactClient().deleteArtifact(name);
        return (await upload()).id ?? null;
      }
    } catch (err) {
      warnings.push(`artifact upload of ${name} failed: ${message(err)}`);
      return null;
    }
  }

  private async deleteSuperseded(keys: readonly CacheKeyInfo[], warnings: string[]): Promise<void> {
    if (!this.o.github || this.deleteDenied) return;
    for (const k of keys) {
      try {
        await this.o.github.rest.actions.deleteActionsCacheByKey({ owner: this.o.owner, repo: this.o.repo, key: k.key, ref: k.ref });
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 403) {
          this.deleteDenied = true;
          this.o.log.info('superseded state caches are kept: grant `actions: write` to let the suite delete them');
          return;
        }
        if (status !== 404) warnings.push(`could not delete superseded cache ${k.key}: ${message(err)}`);
      }
    }
  }

  /** Stream keys seen in state caches and state artifacts (first `maxPages` pages of each). */
  async listStreams(maxPages = 10): Promise<string[]> {
    const keys = new Set<string>();
    if (!this.o.github) return [];
    for (let page = 1; page <= maxPages; page++) {
      const res = await this.o.github.rest.actions.getActionsCacheList({ owner: this.o.owner, repo: this.o.repo, key: CACHE_PREFIX, per_page: 100, page });
      for (const c of res.data.actions_caches) {
        const stream = streamKeyOfCacheKey(c.key ?? '');
        if (stream) keys.add(stream);
      }
      if (res.data.actions_caches.length < 100) break;
    }
    for (let page = 1; page <= maxPages; page++) {
      const res = await this.o.github.rest.actions.listArtifactsForRepo({ owner: this.o.owner, repo: this.o.repo, per_page: 100, page });
      for (const a of res.data.artifacts) if (a.name.startsWith(ARTIFACT_PREFIX) && !a.expired) keys.add(a.name.slice(ARTIFACT_PREFIX.length));
      if (res.data.artifacts.length < 100) break;
    }
    return [...keys].sort();
  }
}

/** Says so when a stream is at the event cap: from here on its oldest events are dropped. */
function noteCap(state: StreamState, warnings: string[]): void {
  if (state.events.length < MAX_EVENTS_PER_STREAM) return;
  warnings.push(`stream ${state.streamKey} holds ${MAX_EVENTS_PER_STREAM} events, the most a stream keeps: its oldest events are dropped from now on (its sessions since ${state.events[0]?.at ?? '?'} are complete)`);
}

/** `aps1-<stream>-<run>-<attempt>-<nonce>` → `<stream>`; null for keys of another shape. */
export function streamKeyOfCacheKey(key: string): string | null {
  const m = /^aps1-(.+)-\d+-\d+-[0-9a-f]+$/.exec(key);
  return m?.[1] ?? null;
}


import type { GitHubClient } from '../../adapters/github/client.js';
import type { Logger } from '../../adapters/logger.js';
import type { StateStore } from '../../adapters/store/types.js';
import type { SessionFacts } from '../../analytics/facts.js';
import { streamFacts } from '../../analytics/facts.js';
import type { RunDuration } from '../../analytics/metrics.js';
import { type SessionConfig, forkRepoIdOfStream, markEvent, type StreamState, emptyState, mergeAll } from '@auto-pr-sessions/domain';
import type { RequestBudget } from './budget.js';
import type { HealthFinding, RepoFacts, SweepPolicy } from './classify.js';
import { classify } from './classify.js';
import type { HealthIndex, IndexedStream } from './index-store.js';
import { newIndexedStream } from './index-store.js';
import { artifactPager, cachePager, listIncremental, stateArtifacts } from './listing.js';
import type { ArtifactRef, ReaderOptions } from './reader.js';
import { readStreams } from './reader.js';
import type { ActionRecord } from './report.js';

export type ScoringMode = 'dispatch' | 'batch' | 'none';

export interface SweepContext {
  readonly github: GitHubClient;
  readonly store: StateStore;
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly tempDir: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly actor: string;
  /** Default branch name (dispatch ref for sessions without a branch). */
  readonly defaultBranch: string;
  readonly config: SessionConfig;
  readonly now: string;
  readonly budget: RequestBudget;
  readonly log: Logger;
  readonly mode: ScoringMode;
  readonly scoringWorkflow: string;
  readonly maxScoringAttempts: number;
  readonly stuckMinutes: number;
  /** Injected in tests; the toolkit's artifact client otherwise. */
  readonly reader?: Pick<ReaderOptions, 'client'>;
}

export interface SweepResult {
  readonly actions: ActionRecord[];
  readonly waiting: Array<{ sessionId: string; reason: string }>;
  /** Sessions handed to scoring in this run (dispatched or listed for batch). */
  readonly handedOut: Array<{ sessionId: string; branch: string | null }>;
  readonly unreadable: Array<{ streamKey: string; problem: string; rebuilt: boolean }>;
  readonly cacheOnly: string[];
  readonly blockers: string[];
  readonly warnings: string[];
  readonly streamsReadThisRun: number;
  readonly artifactPages: number;
  readonly cachePages: number;
  readonly listingComplete: boolean;
  readonly cacheUsage: { bytes: number; count: number } | null;
  readonly runDurations: RunDuration[];
  readonly largestSnapshotBytes: number;
}

/** Calls kept back for the alert issue (list, then create / update / comment + close) and the index. */
export const BASE_RESERVE = 4;
/** A close-out appends through the state store: list caches, list and read the stream's artifacts. */
const CLOSE_OUT_COST = 4;
/** Streams whose newest write is older than this are dropped from the index (their artifacts expired long ago). */
const HISTORY_DAYS = 90;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const status = (err: unknown): number | undefined => (err as { status?: number }).status;

/**
 * The sweep: list what changed since the previous run, read it within the budget, decide per
 * session (classify), act (dispatch the scoring workflow / list for batch, or close out with a
 * recorded reason), and keep everything it learned in the index for the next run.
 */
export async function runSweep(ctx: SweepContext, index: HealthIndex): Promise<SweepResult> {
  const { github, owner, repo, budget, config, now } = ctx;
  const actions: ActionRecord[] = [];
  const waiting: SweepResult['waiting'] = [];
  const handedOut: SweepResult['handedOut'] = [];
  const unreadable: SweepResult['unreadable'] = [];
  const blockers: string[] = [];
  const warnings: string[] = [];
  let streamsRead = 0;
  const stream = (key: string): IndexedStream => (index.streams[key] ??= newIndexedStream());

  // cache usage against the repository cap: one call
  let cacheUsage: SweepResult['cacheUsage'] = null;
  if (budget.allows(1, BASE_RESERVE)) {
    try {
      const u = await github.rest.actions.getActionsCacheUsage({ owner, repo });
      cacheUsage = { bytes: u.data.active_caches_size_in_bytes, count: u.data.active_caches_count };
    } catch (err) {
      warnings.push(`cache usage unavailable: ${message(err)}`);
    }
  } else budget.skip('reading cache usage');

  // what changed: state artifacts listed newest first, down to the previous run's newest
  let artifactPages = 0;
  let listingComplete: boolean;
  try {
    const listed = await listIncremental(artifactPager(github, owner, repo), index.artifacts, budget, BASE_RESERVE + 2, 'state artifacts');
    artifactPages = listed.pages;
    listingComplete = listed.complete;
    index.artifacts = listed.cursor;
    const { accepted, refused } = stateArtifacts(listed.items);
    if (refused.length > 0) {
      const shown = refused.slice(0, 5).map((r) => `${r.name} #${r.id}: ${r.reason}`).join('; ');
      warnings.push(`${refused.length} state artifact${refused.length === 1 ? '' : 's'} ignored (not written by a run allowed to write that stream): ${shown}${refused.length > 5 ? '; …' : ''}`);
    }
    for (const a of accepted) {
      const s = stream(a.streamKey);
      if (a.id > s.foldedId && !s.unread.some((u) => u.id === a.id)) s.unread.push({ id: a.id, runId: a.runId, createdAt: a.createdAt, size: a.size, ...(a.fork ? { fork: true } : {}) });
      if (a.createdAt >= s.newestAt) {
        s.newestAt = a.createdAt;
        s.newestSize = a.size;
      }
    }
  } catch (err) {
    listingComplete = false;
    warnings.push(`listing state artifacts failed: ${message(err)}`);
  }

  const timeoutAgo = new Date(Date.parse(now) - config.timeout_minutes * 60_000).toISOString();
  const pending = Object.entries(index.streams).filter(([, s]) => s.unread.length > 0);
  const newestUnread = (s: IndexedStream) => s.unread.reduce((m, u) => (u.createdAt > m ? u.createdAt : m), '');
  // quiet streams first (they can be due), oldest first; then the active ones, newest first
  // forks' own streams come last, after everything of this repository has been read and acted on:
  // a stranger can add streams (one artifact each) but cannot spend the budget this repository needs
  const isFork = ([key]: [string, IndexedStream]) => forkRepoIdOfStream(key) !== null;
  const forks = pending.filter(isFork).sort(([, a], [, b]) => (newestUnread(a) < newestUnread(b) ? -1 : 1));
  const ours = pending.filter((e) => !isFork(e));
  const quiet = ours.filter(([, s]) => newestUnread(s) <= timeoutAgo).sort(([, a], [, b]) => (newestUnread(a) < newestUnread(b) ? -1 : 1));
  const active = ours.filter(([, s]) => newestUnread(s) > timeoutAgo).sort(([, a], [, b]) => (newestUnread(a) > newestUnread(b) ? -1 : 1));

  const readGroup = async (group: Array<[string, IndexedStream]>, reserve: number): Promise<string[]> => {
    const work = group.map(([streamKey, s]) => ({ streamKey, candidates: s.unread as readonly ArtifactRef[] }));
    const reads = await readStreams(work, { owner, repo, token: ctx.token, tempDir: ctx.tempDir, budget, reserve, ...ctx.reader });
    const rebuildable: string[] = [];
    for (const r of reads) {
      warnings.push(...r.notes);
      const s = stream(r.streamKey);
      const processed = s.unread.filter((u) => !r.leftUnread.some((l) => l.id === u.id));
      if (processed.length === 0) continue;
      streamsRead += 1;
      const parts: StreamState[] = [...(s.state ? [s.state] : []), ...r.states];
      if (parts.length > 0) s.state = mergeAll(r.streamKey, parts);
      s.foldedId = Math.max(s.foldedId, ...processed.map((u) => u.id));
      s.unread = [...r.leftUnread];
      if (r.problems.length > 0 && forkRepoIdOfStream(r.streamKey) !== null) {
        // a fork's own stream is written by the fork: its bad snapshots are the fork's business, so
        // they are reported but never degrade the repository's health (a stranger must not raise alerts)
        s.problem = r.problems.join('; ');
        warnings.push(`fork stream ${r.streamKey}: ${s.problem}`);
      } else if (r.problems.length > 0) {
        const rebuilt = s.state !== null && s.state.events.length > 0;
        s.problem = r.problems.join('; ');
        unreadable.push({ streamKey: r.streamKey, problem: s.problem, rebuilt });
        if (rebuilt) rebuildable.push(r.streamKey);
      } else s.problem = null;
    }
    return rebuildable;
  };

  // repository facts, read once and only when some due session may be handed out
  let repoFacts: RepoFacts = { branches: null, closedUnmerged: new Set(), dispatches: index.dispatches };
  let factsRead = false;
  const readRepoFacts = async (findings: readonly HealthFinding[]) => {
    if (factsRead || !findings.some((f) => f.action === 'score' || f.kind === 'scoring-failed')) return;
    factsRead = true;
    let branches: Set<string> | null = null;
    const closed = new Set<number>();
    if (budget.allows(1, BASE_RESERVE + 1)) {
      try {
        const res = await github.rest.git.listMatchingRefs({ owner, repo, ref: 'heads/' });
        branches = new Set(res.data.map((r) => r.ref.replace(/^refs\/heads\//, '')));
      } catch (err) {
        warnings.push(`could not list branches (${message(err)}); a dispatch on a deleted branch is then detected by its answer`);
      }
    } else budget.skip('listing branches');
    if (!config.triggers.closed && findings.some((f) => f.action === 'score') && budget.allows(1, BASE_RESERVE + 1)) {
      try {
        const res = await github.rest.pulls.list({ owner, repo, state: 'closed', sort: 'updated', direction: 'desc', per_page: 100 });
        for (const p of res.data) if (!p.merged_at) closed.add(p.number);
      } catch (err) {
        warnings.push(`could not list closed pull requests: ${message(err)}`);
      }
    }
    repoFacts = { branches, closedUnmerged: closed, dispatches: index.dispatches };
  };

  const policy: SweepPolicy = { config, now, maxScoringAttempts: ctx.maxScoringAttempts, stuckMinutes: ctx.stuckMinutes };
  let dispatchBlocked: string | null = null;

  const closeOut = async (f: HealthFinding): Promise<void> => {
    if (!budget.allows(CLOSE_OUT_COST, BASE_RESERVE)) {
      budget.skip('closing out some sessions');
      actions.push({ ...record(f), result: 'skipped-budget', detail: 'left for the next run' });
      return;
    }
    const mark = markEvent({ kind: 'abandoned', sessionId: f.sessionId, at: now, repo: `${owner}/${repo}`, runId: ctx.runId, attempt: ctx.runAttempt, actor: ctx.actor, detail: f.reason });
    try {
      budget.charge(1); // the store's artifact download goes through the toolkit's own client
      const saved = await ctx.store.append(f.streamKey, [mark]);
      warnings.push(...saved.warnings);
      if (saved.written.length === 0) {
        actions.push({ ...record(f), result: 'failed', detail: 'the close-out mark could not be stored' });
        return;
      }
      const s = stream(f.streamKey);
      s.state = mergeAll(f.streamKey, [...(s.state ? [s.state] : []), saved.state]);
      const artifactId = saved.written.map((w) => /^artifact:(\d+)$/.exec(w)?.[1]).find((x) => x !== undefined);
      if (artifactId) s.foldedId = Math.max(s.foldedId, Number(artifactId));
      actions.push({ ...record(f), result: 'closed-out', detail: `abandoned mark recorded (${saved.written.join(', ')})` });
    } catch (err) {
      actions.push({ ...record(f), result: 'failed', detail: `could not record the close-out: ${message(err)}` });
    }
  };

  const handOut = async (f: HealthFinding): Promise<void> => {
    const remember = () => {
      index.dispatches[f.sessionId] = { at: now, runId: ctx.runId, attempts: f.attempts + 1, mode: ctx.mode };
      handedOut.push({ sessionId: f.sessionId, branch: f.branch });
    };
    if (ctx.mode === 'none') {
      actions.push({ ...record(f), result: 'reported', detail: 'scoring: none' });
      return;
    }
    if (ctx.mode === 'batch') {
      remember();
      actions.push({ ...record(f), result: 'handed-to-batch', detail: 'listed in the due-sessions output for compute-reward-batched (mode: batch)' });
      return;
    }
    if (dispatchBlocked) {
      actions.push({ ...record(f), result: 'failed', detail: dispatchBlocked });
      return;
    }
    if (!budget.allows(1, BASE_RESERVE)) {
      budget.skip('dispatching some scoring runs');
      actions.push({ ...record(f), result: 'skipped-budget', detail: 'left for the next run' });
      return;
    }
    const ref = f.branch ?? ctx.defaultBranch;
    try {
      await github.rest.actions.createWorkflowDispatch({ owner, repo, workflow_id: ctx.scoringWorkflow, ref, inputs: { 'session-id': f.sessionId } });
      remember();
      actions.push({ ...record(f), result: 'dispatched', detail: `${ctx.scoringWorkflow} dispatched on ${ref}` });
    } catch (err) {
      const code = status(err);
      if (code === 422 && /ref/i.test(message(err))) {
        // the branch went away between the listing and the dispatch
        await closeOut({ ...f, kind: 'orphaned', action: 'close-out', reason: `orphaned: branch ${ref} no longer exists, so the session cannot be scored` });
        return;
      }
      if (code === 404) dispatchBlocked = `scoring workflow ${ctx.scoringWorkflow} not found on the default branch`;
      else if (code === 403) dispatchBlocked = 'no permission to dispatch the scoring workflow (grant `actions: write`)';
      if (dispatchBlocked && !blockers.includes(dispatchBlocked)) blockers.push(dispatchBlocked);
      actions.push({ ...record(f), result: 'failed', detail: dispatchBlocked ?? `dispatch failed: ${message(err)}` });
    }
  };

  const act = async (keys: readonly string[]) => {
    const facts: SessionFacts[] = [];
    for (const key of keys) {
      const s = index.streams[key];
      // act only on streams read completely: a snapshot not read yet may hold the score
      if (!s?.state || s.unread.length > 0) continue;
      facts.push(...streamFacts(s.state, config, now));
    }
    let findings = facts.map((f) => classify(f, policy, repoFacts)).filter((f): f is HealthFinding => f !== null);
    await readRepoFacts(findings);
    if (factsRead) findings = facts.map((f) => classify(f, policy, repoFacts)).filter((f): f is HealthFinding => f !== null);
    findings.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
    for (const f of findings) {
      if (f.action === 'none') waiting.push({ sessionId: f.sessionId, reason: f.reason });
      else if (f.action === 'score') await handOut(f);
      else await closeOut(f);
    }
  };

  const rebuild = async (keys: readonly string[]) => {
    for (const key of keys) {
      const s = index.streams[key];
      if (!s?.state) continue;
      if (!budget.allows(CLOSE_OUT_COST, BASE_RESERVE)) {
        budget.skip('rebuilding some unreadable streams');
        break;
      }
      try {
        budget.charge(1);
        const saved = await ctx.store.append(key, s.state.events);
        s.state = mergeAll(key, [s.state, saved.state]);
        const artifactId = saved.written.map((w) => /^artifact:(\d+)$/.exec(w)?.[1]).find((x) => x !== undefined);
        if (artifactId) s.foldedId = Math.max(s.foldedId, Number(artifactId));
        const entry = unreadable.find((u) => u.streamKey === key);
        actions.push({ kind: 'corrupted-state', sessionId: null, streamKey: key, branch: null, reason: entry?.problem ?? 'unreadable snapshot', result: saved.written.length > 0 ? 'rebuilt' : 'failed', detail: saved.written.length > 0 ? `readable snapshot written from what could be read (${saved.written.join(', ')})` : 'the rebuilt state could not be stored' });
      } catch (err) {
        warnings.push(`rebuilding ${key} failed: ${message(err)}`);
      }
    }
  };

  // pass 1: quiet streams, keeping calls back for the actions they will need
  const actionReserve = Math.min(24, Math.floor(Math.max(0, budget.left() - BASE_RESERVE) / 3));
  const rebuild1 = await readGroup(quiet, BASE_RESERVE + actionReserve);
  const unchanged = Object.keys(index.streams).filter((k) => !pending.some(([p]) => p === k));
  await act([...quiet.map(([k]) => k), ...unchanged]);
  await rebuild(rebuild1);
  // pass 2: what the reserve left unread, then the recently active streams (their sessions are rarely
  // due: session-check handles them at push time)
  const rest = [...quiet.filter(([, s]) => s.unread.length > 0), ...active];
  const rebuild2 = await readGroup(rest, BASE_RESERVE);
  await act(rest.map(([k]) => k));
  await rebuild(rebuild2);
  // pass 3: forks' own streams, with whatever is left once this repository's sessions are handled
  await readGroup(forks, BASE_RESERVE);
  await act(forks.map(([k]) => k));

  // streams with state caches but no artifact: invisible to the sweep (cache scopes), reported
  let cachePages = 0;
  const cacheOnly: string[] = [];
  try {
    const listed = await listIncremental(cachePager(github, owner, repo), index.caches, budget, BASE_RESERVE + 1, 'state caches');
    cachePages = listed.pages;
    index.caches = listed.cursor;
    for (const c of listed.items) {
      // a pull request's merge-ref scope can be a fork's, whose caches say nothing about this
      // repository's state: only branch scopes (pushed by people with write access) are counted
      if (!c.streamKey || !c.ref.startsWith('refs/heads/')) continue;
      const s = stream(c.streamKey);
      if (c.createdAt > s.cacheAt) s.cacheAt = c.createdAt;
    }
  } catch (err) {
    warnings.push(`listing state caches failed: ${message(err)}`);
  }
  for (const [key, s] of Object.entries(index.streams)) {
    if (s.cacheAt && !s.state && s.unread.length === 0 && !s.newestAt) cacheOnly.push(key);
  }

  // durations of finished scoring runs, for the CI minutes saved
  const runDurations: RunDuration[] = [];
  if (ctx.scoringWorkflow && budget.allows(1, BASE_RESERVE)) {
    try {
      const res = await github.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: ctx.scoringWorkflow, status: 'completed', per_page: 100 });
      for (const r of res.data.workflow_runs) {
        const start = Date.parse(r.run_started_at ?? r.created_at);
        const end = Date.parse(r.updated_at);
        if (Number.isFinite(start) && Number.isFinite(end) && end > start) runDurations.push({ runId: String(r.id), minutes: (end - start) / 60_000 });
      }
    } catch (err) {
      if (status(err) !== 404) warnings.push(`could not read scoring run durations: ${message(err)}`);
    }
  }

  // forget what is long gone
  const horizon = new Date(Date.parse(now) - HISTORY_DAYS * 86_400_000).toISOString();
  for (const [key, s] of Object.entries(index.streams)) {
    const last = s.state?.events.at(-1)?.at ?? '';
    if (s.unread.length === 0 && s.newestAt < horizon && last < horizon && s.cacheAt < horizon) delete index.streams[key];
  }
  for (const [id, d] of Object.entries(index.dispatches)) if (d.at < horizon) delete index.dispatches[id];

  // what a loader parses: the serialized state (the listed artifact size is the zipped one)
  // a fork's own streams are sized by the fork: they never count against this repository's health
  const largestSnapshotBytes = Object.entries(index.streams)
    .filter(([key]) => forkRepoIdOfStream(key) === null)
    .reduce((m, [, s]) => Math.max(m, s.state ? Buffer.byteLength(JSON.stringify(s.state)) : s.newestSize), 0);
  return {
    actions, waiting, handedOut, unreadable, cacheOnly, blockers, warnings, streamsReadThisRun: streamsRead,
    artifactPages, cachePages, listingComplete, cacheUsage, runDurations, largestSnapshotBytes,
  };
}

function record(f: HealthFinding): Omit<ActionRecord, 'result' | 'detail'> {
  return { kind: f.kind, sessionId: f.sessionId, streamKey: f.streamKey, branch: f.branch, reason: f.reason };
}

/** Every stream state the index holds (read in this run or earlier). */
export function indexStates(index: HealthIndex): StreamState[] {
  return Object.entries(index.streams).map(([key, s]) => s.state ?? emptyState(key)).filter((s) => s.events.length > 0);
}

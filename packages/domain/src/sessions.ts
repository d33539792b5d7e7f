import type { SessionConfig } from './config/types.js';
import { sessionIdFor } from './ids.js';
import { findMarker } from './markers.js';
import type { StreamState } from './state.js';
import type { AuthorAssociation, CompletionTrigger, SessionEvent, SessionEventKind } from './types.js';

/** A completion recorded by an event or by a boundary the fold can see (gap, duration, pushes). */
export interface Completion {
  readonly trigger: CompletionTrigger;
  /** When the session became due. */
  readonly at: string;
  readonly detail: string;
}

export interface RunMark {
  readonly at: string;
  readonly runId: string | null;
  readonly detail: string;
}

/** One session: a run of activity in a stream, derived from the stream's events. */
export interface Session {
  readonly id: string;
  readonly streamKey: string;
  readonly firstActivity: string;
  readonly lastActivity: string;
  /** Distinct head commits pushed (a push and its PR synchronize count once). */
  readonly pushes: number;
  readonly headShas: readonly string[];
  readonly prNumbers: readonly number[];
  readonly authors: readonly string[];
  readonly branches: readonly string[];
  /** Ids of every event that belongs to this session, in order. */
  readonly eventIds: readonly string[];
  readonly completion: Completion | null;
  readonly requested: RunMark | null;
  readonly scored: RunMark | null;
  readonly abandoned: RunMark | null;
  /** Events that were seen but ignored, with the reason (e.g. a comment without write access). */
  readonly ignored: ReadonlyArray<{ readonly eventId: string; readonly reason: string }>;
}

/** Events that add activity to a session (and can open one). */
export const ACTIVITY: ReadonlySet<SessionEventKind> = new Set(['push', 'pr_opened', 'pr_synchronize', 'pr_reopened']);
const WRITE_ACCESS: ReadonlySet<AuthorAssociation> = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

const MINUTE = 60_000;
const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number): string => new Date(t).toISOString();

const TEST_FILE = /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.(go|py)$/iu;
const DOC_FILE = /(^|\/)docs?\/|\.(md|mdx|rst|adoc)$/iu;

interface Draft {
  firstActivity: string;
  lastActivity: string;
  firstMs: number;
  lastMs: number;
  heads: string[];
  /** The same heads as a set: membership in O(1) keeps the fold linear in events. */
  headSet: Set<string>;
  prs: Set<number>;
  closedPrs: Set<number>;
  authors: Set<string>;
  branches: Set<string>;
  eventIds: string[];
  completion: Completion | null;
  requested: RunMark | null;
  scored: RunMark | null;
  abandoned: RunMark | null;
  ignored: Array<{ eventId: string; reason: string }>;
  testsTouched: boolean;
  docsTouched: boolean;
}

function newDraft(e: SessionEvent, at: number): Draft {
  return {
    firstActivity: e.at,
    lastActivity: e.at,
    firstMs: at,
    lastMs: at,
    heads: [],
    headSet: new Set(),
    prs: new Set(),
    closedPrs: new Set(),
    authors: new Set(),
    branches: new Set(),
    eventIds: [],
    completion: null,
    requested: null,
    scored: null,
    abandoned: null,
    ignored: [],
    testsTouched: false,
    docsTouched: false,
  };
}

/** A session is closed to new activity once it is due, scored or abandoned. */
function isClosed(d: Draft): boolean {
  return d.completion !== null || d.scored !== null || d.abandoned !== null;
}

/**
 * A boundary implied by time alone between the draft's last activity and `next` (an instant):
 * idle for more than the timeout, or longer than the maximum duration. Returns the earliest.
 */
export function timeBoundary(
  d: Pick<Draft, 'firstActivity' | 'lastActivity'> & { readonly firstMs?: number; readonly lastMs?: number },
  next: number,
  config: SessionConfig,
): Completion | null {
  // a draft carries its instants parsed (the fold asks once per event); a session parses them here
  const last = d.lastMs ?? ms(d.lastActivity);
  const first = d.firstMs ?? ms(d.firstActivity);
  const idleAt = last + config.timeout_minutes * MINUTE;
  const maxAt = config.triggers.max_duration_minutes > 0 ? first + config.triggers.max_duration_minutes * MINUTE : Infinity;
  const idle = config.enable_timeout_completion && next > idleAt;
  const long = next > maxAt;
  if (!idle && !long) return null; // the common case, without allocating
  // the earlier boundary wins; on a tie the idle timeout (as a stable sort of the two would give)
  if (idle && (!long || idleAt <= maxAt)) return { trigger: 'idle_timeout', at: iso(idleAt), detail: `no activity for ${config.timeout_minutes} min` };
  return { trigger: 'max_duration', at: iso(maxAt), detail: `session longer than ${config.triggers.max_duration_minutes} min` };
}

function markerTexts(e: SessionEvent): Array<string | null> {
  switch (e.kind) {
    case 'push':
      return e.commits.map((c) => c.message);
    // title and body are read when they are written, not on every synchronize that repeats them
    case 'pr_opened':
    case 'pr_edited':
    case 'pr_reopened':
      return [e.title, e.body];
    default:
      return [];
  }
}

function complete(d: Draft, trigger: CompletionTrigger, at: string, detail: string): void {
  if (d.completion === null) d.completion = { trigger, at, detail };
}

function absorbActivity(d: Draft, e: SessionEvent, at: number, config: SessionConfig): void {
  d.lastActivity = e.at;
  d.lastMs = at;
  if (e.headSha && !d.headSet.has(e.headSha)) {
    d.headSet.add(e.headSha);
    d.heads.push(e.headSha);
  }
  if (e.prNumber !== null) d.prs.add(e.prNumber);
  if (e.author) d.authors.add(e.author);
  if (e.branch) d.branches.add(e.branch);
  for (const c of e.commits) {
    for (const list of [c.added, c.modified]) {
      for (const f of list) {
        if (TEST_FILE.test(f)) d.testsTouched = true;
        else if (DOC_FILE.test(f)) d.docsTouched = true;
      }
    }
  }
  const max = config.triggers.max_pushes;
  if (max > 0 && d.heads.length >= max) complete(d, 'max_pushes', e.at, `${d.heads.length} pushes (max ${max})`);
  if (config.enable_heuristic_completion && d.testsTouched && d.docsTouched) {
    complete(d, 'heuristic_tests_docs', e.at, 'tests and docs both changed');
  }
}

/** Applies a non-activity event to the open draft; returns a reason when the event is ignored. */
function applySignal(d: Draft, e: SessionEvent, config: SessionConfig): string | null {
  const t = config.triggers;
  switch (e.kind) {
    case 'pr_ready_for_review':
      if (!t.ready_for_review) return 'ready_for_review trigger disabled';
      complete(d, 'ready_for_review', e.at, `PR #${e.prNumber ?? '?'} marked ready for review`);
      return null;
    case 'pr_merged':
    case 'pr_closed': {
      const merged = e.kind === 'pr_merged';
      if (e.prNumber !== null) d.closedPrs.add(e.prNumber);
      const open = [...d.prs].filter((n) => !d.closedPrs.has(n));
      // in author scope one session spans several PRs: it ends when the last of them closes
      if (open.length > 0) return `PR #${e.prNumber ?? '?'} closed; PRs ${open.map((n) => `#${n}`).join(', ')} still open`;
      if (merged ? t.merged : t.closed) {
        complete(d, merged ? 'merged' : 'closed', e.at, `PR #${e.prNumber ?? '?'} ${merged ? 'merged' : 'closed'}`);
        return null;
      }
      d.abandoned = { at: e.at, runId: null, detail: `orphaned: PR #${e.prNumber ?? '?'} closed (trigger disabled)` };
      return null;
    }
    case 'complete_command':
      if (!t.complete_command) return 'complete command disabled';
      if (!e.association || !WRITE_ACCESS.has(e.association)) {
        return `${config.complete_command} from ${e.actor} ignored: needs write access (was ${e.association ?? 'unknown'})`;
      }
      complete(d, 'complete_command', e.at, `${config.complete_command} by ${e.actor}`);
      return null;
    case 'dispatch': {
      const wants = (e.inputs['complete'] ?? '').toLowerCase() === 'true' || e.inputs['action'] === 'complete';
      if (!wants) return 'dispatch without complete=true';
      if (!t.dispatch) return 'dispatch trigger disabled';
      complete(d, 'dispatch', e.at, `completed by workflow_dispatch from ${e.actor}`);
      return null;
    }
    case 'pr_edited': {
      const marker = findMarker(markerTexts(e), config.completion_markers);
      if (marker) complete(d, 'marker', e.at, `marker "${marker}" in PR #${e.prNumber ?? '?'}`);
      return marker ? null : 'PR edited without a completion marker';
    }
    default:
      return `${e.kind} does not change a session`;
  }
}

/** Records a suite mark (`score_requested`, `scored`, `abandoned`) on the session it names. */
function applyMark(drafts: Array<{ id: string; d: Draft }>, byId: ReadonlyMap<string, { id: string; d: Draft }>, e: SessionEvent): void {
  // a map lookup, not a scan: a stream with many sessions and many marks stays linear
  const target = e.sessionId === null ? drafts.at(-1) : byId.get(e.sessionId);
  if (!target) return;
  const mark: RunMark = { at: e.at, runId: e.inputs['run_id'] ?? null, detail: e.inputs['detail'] ?? '' };
  const d = target.d;
  d.eventIds.push(e.id);
  if (e.kind === 'score_requested') d.requested ??= mark;
  else if (e.kind === 'scored') d.scored ??= mark;
  else if (e.kind === 'abandoned') d.abandoned ??= mark;
}

function draftId(streamKey: string, d: Draft, previous: string | undefined): string {
  const id = sessionIdFor(streamKey, d.firstActivity);
  return id === previous ? `${id}-2` : id;
}

/**
 * Folds a stream's events into its sessions. Pure and deterministic: the same event set gives the
 * same sessions whatever order the events arrived in. A session ends at the first of: an event
 * trigger, a suite mark, or a time boundary (idle timeout, maximum duration) seen before the next
 * activity; the next activity then opens a new session.
 */
export function foldSessions(state: StreamState, config: SessionConfig): Session[] {
  const drafts: Array<{ id: string; d: Draft }> = [];
  const byId = new Map<string, { id: string; d: Draft }>();
  let open: { id: string; d: Draft } | undefined;
  const seenHeads = new Set<string>();
  for (const e of state.events) {
    if (e.kind === 'score_requested' || e.kind === 'scored' || e.kind === 'abandoned') {
      applyMark(drafts, byId, e);
      continue;
    }
    const at = ms(e.at);
    if (open && !isClosed(open.d)) {
      const boundary = timeBoundary(open.d, at, config);
      if (boundary) open.d.completion = boundary;
    }
    if (ACTIVITY.has(e.kind)) {
      // The same commit seen again (a same-repository PR's synchronize of a push already recorded,
      // a re-delivery under another id) is no new work: it never opens a session of its own.
      if ((!open || isClosed(open.d)) && e.headSha !== null && seenHeads.has(e.headSha)) continue;
      if (e.headSha !== null) seenHeads.add(e.headSha);
      if (!open || isClosed(open.d)) {
        const d = newDraft(e, at);
        open = { id: draftId(state.streamKey, d, drafts.at(-1)?.id), d };
        drafts.push(open);
        if (!byId.has(open.id)) byId.set(open.id, open);
      }
      open.d.eventIds.push(e.id);
      absorbActivity(open.d, e, at, config);
      const marker = findMarker(markerTexts(e), config.completion_markers);
      if (marker) complete(open.d, 'marker', e.at, `marker "${marker}"`);
      continue;
    }
    if (!open || isClosed(open.d)) continue; // a signal with no open session changes nothing
    open.d.eventIds.push(e.id);
    const reason = applySignal(open.d, e, config);
    if (reason) open.d.ignored.push({ eventId: e.id, reason });
  }
  return drafts.map(({ id, d }) => ({
    id,
    streamKey: state.streamKey,
    firstActivity: d.firstActivity,
    lastActivity: d.lastActivity,
    pushes: d.heads.length,
    headShas: d.heads,
    prNumbers: [...d.prs].sort((a, b) => a - b),
    authors: [...d.authors].sort(),
    branches: [...d.branches].sort(),
    eventIds: d.eventIds,
    completion: d.completion,
    requested: d.requested,
    scored: d.scored,
    abandoned: d.abandoned,
    ignored: d.ignored,
  }));
}

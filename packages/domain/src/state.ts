import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { SessionEvent } from './types.js';

/**
 * The recorded state of one stream (a branch, an author or an explicit id): the set of its events.
 * Sessions are derived from it by a fold (sessions.ts), so merging two states is a set union and
 * concurrent writers, duplicate deliveries and out-of-order arrival cannot lose or double anything.
 */
export interface StreamState {
  readonly version: 1;
  readonly streamKey: string;
  /** Sorted by `compareEvents`, unique by `id`. */
  readonly events: readonly SessionEvent[];
  /**
   * Writes folded into this state (`<run id>-<attempt>`), sorted and unique: a grow-only set, merged
   * by union like the events. Lets a loader skip snapshots it already contains.
   */
  readonly writers: readonly string[];
}

export const STATE_VERSION = 1 as const;

/**
 * Upper bounds that keep a snapshot small whatever the payload (untrusted, possibly huge). The
 * stored-state schema (adapters/store/state-schema.ts) checks exactly these, so everything
 * `compactEvent` returns is accepted when read back.
 */
export const EVENT_LIMITS = {
  title: 1_024,
  body: 16_384,
  commitMessage: 4_096,
  commits: 100,
  files: 300,
  /** One file path. */
  path: 4_096,
  /** Event and session ids. */
  id: 512,
  /** Logins, `owner/name`, commit ids, input names. */
  short: 256,
  branch: 1_024,
  /** Dispatch inputs and mark details kept per event. */
  inputs: 64,
  inputValue: 4_096,
} as const;

/**
 * Events kept per stream. A stream past it keeps its newest events (the oldest sessions are long
 * scored or closed); a stored snapshot with more is refused as hostile. The fold is linear, so the
 * bound is about memory and snapshot size, not time.
 */
export const MAX_EVENTS_PER_STREAM = 10_000;

export function emptyState(streamKey: string): StreamState {
  return { version: STATE_VERSION, streamKey, events: [], writers: [] };
}

/** Total order: time, then id. Ties on time keep a deterministic order for the fold. */
export function compareEvents(a: SessionEvent, b: SessionEvent): number {
  // compare instants, not strings: "…:00Z" and "…:00.500Z" sort wrongly as text
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

function cap(text: string | null, max: number): string | null {
  return text !== null && text.length > max ? text.slice(0, max) : text;
}

/** An over-long id keeps its readable start and a hash of the whole, so distinct ids stay distinct. */
function capId(id: string): string {
  if (id.length <= EVENT_LIMITS.id) return id;
  return `${id.slice(0, EVENT_LIMITS.id - 17)}#${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16)}`;
}

function capInputs(inputs: Readonly<Record<string, string>>): Record<string, string> {
  const kept = Object.entries(inputs)
    .slice(0, EVENT_LIMITS.inputs)
    .map(([k, v]) => [capId(k).slice(0, EVENT_LIMITS.short), cap(v, EVENT_LIMITS.inputValue) ?? ''] as const);
  // fromEntries defines own properties, so a `__proto__` key stays data
  return Object.fromEntries(kept);
}

/** Bounds an event's untrusted text and lists before it is stored. Idempotent. */
export function compactEvent(event: SessionEvent): SessionEvent {
  const files = (list: readonly string[]): readonly string[] => list.slice(0, EVENT_LIMITS.files).map((f) => cap(f, EVENT_LIMITS.path) ?? '');
  return {
    ...event,
    id: capId(event.id),
    repo: cap(event.repo, EVENT_LIMITS.short) ?? '',
    author: cap(event.author, EVENT_LIMITS.short) ?? '',
    actor: cap(event.actor, EVENT_LIMITS.short) ?? '',
    branch: cap(event.branch, EVENT_LIMITS.branch),
    headSha: cap(event.headSha, EVENT_LIMITS.short),
    title: cap(event.title, EVENT_LIMITS.title),
    body: cap(event.body, EVENT_LIMITS.body),
    sessionId: event.sessionId === null ? null : capId(event.sessionId),
    inputs: capInputs(event.inputs),
    commits: event.commits.slice(-EVENT_LIMITS.commits).map((c) => ({
      ...c,
      sha: cap(c.sha, EVENT_LIMITS.short) ?? '',
      message: cap(c.message, EVENT_LIMITS.commitMessage) ?? '',
      added: files(c.added),
      modified: files(c.modified),
      removed: files(c.removed),
    })),
  };
}

/** Two different events that claim one id: keep the canonically smaller so every order agrees. */
function pickOne(a: SessionEvent, b: SessionEvent): SessionEvent {
  if (a === b) return a;
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  if (sa === sb) return a; // the common case: one event read from two snapshots
  return canonicalJson(a) <= canonicalJson(b) ? a : b;
}

/** Union of event lists by id; the result is sorted. Commutative, associative, idempotent. */
export function unionEvents(...lists: ReadonlyArray<readonly SessionEvent[]>): SessionEvent[] {
  const byId = new Map<string, SessionEvent>();
  for (const list of lists) {
    for (const e of list) {
      const seen = byId.get(e.id);
      byId.set(e.id, seen ? pickOne(seen, e) : e);
    }
  }
  // parse each instant once (n), not in every comparison (n log n Date.parse calls)
  const keyed = [...byId.values()].map((e) => ({ t: Date.parse(e.at), e }));
  keyed.sort((a, b) => (a.t !== b.t ? (a.t < b.t ? -1 : 1) : a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  // the newest MAX_EVENTS_PER_STREAM of a total order: still commutative, associative, idempotent
  const kept = keyed.length > MAX_EVENTS_PER_STREAM ? keyed.slice(keyed.length - MAX_EVENTS_PER_STREAM) : keyed;
  return kept.map((k) => k.e);
}

export function addEvents(state: StreamState, events: readonly SessionEvent[]): StreamState {
  return { ...state, events: unionEvents(state.events, events.map(compactEvent)) };
}

/** Writers kept per state: dropping old ones only costs a loader a download it could have skipped. */
export const MAX_WRITERS = 2_000;

const runNumber = (writer: string): number => Number(writer.split('-')[0]) || 0;

function unionStrings(a: readonly string[], b: readonly string[]): string[] {
  const all = [...new Set([...a, ...b])];
  // keep the newest runs (run ids grow); the stored order stays plain sorted text
  const kept = all.length > MAX_WRITERS ? all.sort((x, y) => runNumber(x) - runNumber(y) || (x < y ? -1 : x > y ? 1 : 0)).slice(-MAX_WRITERS) : all;
  return kept.sort();
}

/** Marks `writer` (a run) as folded into the state. */
export function withWriter(state: StreamState, writer: string): StreamState {
  return state.writers.includes(writer) ? state : { ...state, writers: unionStrings(state.writers, [writer]) };
}

/** Merges states of the same stream (e.g. divergent cache heads left by racing runs). */
export function mergeStates(a: StreamState, b: StreamState): StreamState {
  if (a.streamKey !== b.streamKey) {
    throw new Error(`cannot merge state of stream ${a.streamKey} with ${b.streamKey}`);
  }
  return { version: STATE_VERSION, streamKey: a.streamKey, events: unionEvents(a.events, b.events), writers: unionStrings(a.writers, b.writers) };
}

export function mergeAll(streamKey: string, states: readonly StreamState[]): StreamState {
  return states.reduce((acc, s) => mergeStates(acc, s), emptyState(streamKey));
}

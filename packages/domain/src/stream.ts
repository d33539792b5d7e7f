import type { SessionConfig } from './config/types.js';
import { explicitSessionId } from './detect.js';
import type { Decision } from './decision.js';
import { decide, statusAt } from './decision.js';
import type { StreamRef } from './ids.js';
import { streamKey } from './ids.js';
import type { Session } from './sessions.js';
import { foldSessions } from './sessions.js';
import type { StreamState } from './state.js';
import type { SessionEvent } from './types.js';

/**
 * Which stream an event belongs to. A fork's pull request always gets a stream of its own, named
 * after its head repository: its `[session: ID]` markers and `Session-Id:` trailers are ignored
 * (a stranger must not join, or close, a session of this repository), and a branch of the same
 * name here is a different stream. Otherwise an explicit id wins over the configured scope (§3a).
 */
export function resolveStream(event: SessionEvent, config: SessionConfig): StreamRef | null {
  if (event.fork) {
    const repo = event.forkRepo ?? null;
    const name = `${repo?.fullName || 'deleted-fork'}:${event.branch ?? `pr-${event.prNumber ?? '?'}`}`;
    return { scope: 'fork', name, repoId: repo?.id ?? 0 };
  }
  const explicit = explicitSessionId(event);
  if (explicit) return { scope: 'explicit', name: explicit };
  if (config.scope === 'author') return event.author ? { scope: 'author', name: event.author } : null;
  return event.branch ? { scope: 'branch', name: event.branch } : null;
}

export function resolveStreamKey(event: SessionEvent, config: SessionConfig): string | null {
  const ref = resolveStream(event, config);
  return ref ? streamKey(ref) : null;
}

export interface Evaluation {
  readonly decision: Decision | null;
  readonly session: Session | null;
  readonly sessions: readonly Session[];
  /** Other sessions of the stream that are due and unscored (e.g. left behind by a missed sweep). */
  readonly otherDue: readonly string[];
}

/**
 * Evaluates a stream at `now` for one run: the session that holds `eventId`; for a run whose event
 * belongs to no session (a sweep, a plain dispatch) the oldest session waiting to be scored, else
 * the latest one. Also lists the other due sessions.
 */
export function evaluateStream(state: StreamState, config: SessionConfig, now: string, eventId?: string): Evaluation {
  const sessions = foldSessions(state, config);
  const own = eventId ? sessions.find((s) => s.eventIds.includes(eventId)) : undefined;
  const waiting = own ? undefined : sessions.find((s) => decide(s, now, config).shouldScore);
  const session = own ?? waiting ?? sessions.at(-1) ?? null;
  const otherDue = sessions.filter((s) => s !== session && statusAt(s, now, config) === 'due').map((s) => s.id);
  return { decision: session ? decide(session, now, config) : null, session, sessions, otherDue };
}

import { type SessionConfig, effectiveCompletion, minutesBetween, statusAt, type Session, foldSessions, timeBoundary, type StreamState, type SessionEvent, type SessionStatus } from '@auto-pr-sessions/domain';
import type { ScoreRecord } from './scores.js';
import { scoresByStream } from './scores.js';

/** Close-out reasons are recorded as `<category>: <words>` in the `abandoned` mark's detail. */
export type CloseOutCategory = 'orphaned' | 'stuck' | 'scoring_failed' | 'abandoned';

/** Everything analytics and the health sweep need to know about one session at `now`. */
export interface SessionFacts {
  readonly session: Session;
  readonly status: SessionStatus;
  /** Primary author (first login seen), `unknown` without one. Untrusted text. */
  readonly author: string;
  /** Branch of the latest activity that named one. Untrusted text. */
  readonly branch: string | null;
  readonly durationMinutes: number;
  /** Completion trigger, or the close-out category for abandoned sessions. */
  readonly trigger: string | null;
  /** When it completed, was scored or closed out; null while it runs. */
  readonly endedAt: string | null;
  readonly score: ScoreRecord | null;
  readonly closeOut: { readonly category: CloseOutCategory; readonly reason: string } | null;
  /** `score_requested` marks recorded for it (hand-offs), oldest first. */
  readonly handOffs: readonly string[];
}

export function closeOutCategory(detail: string): CloseOutCategory {
  const m = /^\s*(orphaned|stuck|scoring[ _-]failed)\b/i.exec(detail);
  if (!m) return 'abandoned';
  const word = (m[1] ?? '').toLowerCase();
  return word.startsWith('scoring') ? 'scoring_failed' : (word as CloseOutCategory);
}

function latestBranch(session: Session, byId: Map<string, SessionEvent>): string | null {
  for (let i = session.eventIds.length - 1; i >= 0; i--) {
    const e = byId.get(session.eventIds[i] ?? '');
    if (e?.branch) return e.branch;
  }
  return session.branches.at(-1) ?? null;
}

/** Folds one stream and describes each of its sessions at `now`. */
export function streamFacts(state: StreamState, config: SessionConfig, now: string): SessionFacts[] {
  const sessions = foldSessions(state, config);
  if (sessions.length === 0) return [];
  const byId = new Map(state.events.map((e) => [e.id, e]));
  const scores = scoresByStream(state.events);
  const handOffs = new Map<string, string[]>();
  for (const e of state.events) {
    if (e.kind !== 'score_requested' || !e.sessionId) continue;
    const list = handOffs.get(e.sessionId) ?? [];
    list.push(e.at);
    handOffs.set(e.sessionId, list);
  }
  return sessions.map((session) => {
    const status = statusAt(session, now, config);
    let trigger: string | null = null;
    let endedAt: string | null = null;
    let closeOut: SessionFacts['closeOut'] = null;
    if (status === 'abandoned') {
      const reason = session.abandoned?.detail || `orphaned: idle more than ${config.orphan_hours} h with no completion trigger`;
      const category = closeOutCategory(reason);
      closeOut = { category, reason };
      trigger = category;
      endedAt = session.abandoned?.at ?? new Date(Date.parse(session.lastActivity) + config.orphan_hours * 3_600_000).toISOString();
    } else if (status === 'scored') {
      // the completion in force when it was scored (a scored mark with no trigger before it counts as a dispatch)
      const at = session.scored?.at ?? now;
      const completion = session.completion ?? timeBoundary(session, Date.parse(at), config);
      trigger = completion?.trigger ?? 'dispatch';
      endedAt = completion?.at ?? at;
    } else if (status === 'due') {
      const completion = effectiveCompletion(session, now, config);
      trigger = completion?.trigger ?? null;
      endedAt = completion?.at ?? null;
    }
    return {
      session,
      status,
      author: session.authors[0] ?? 'unknown',
      branch: latestBranch(session, byId),
      durationMinutes: minutesBetween(session.firstActivity, session.lastActivity),
      trigger,
      endedAt,
      score: status === 'scored' ? (scores.get(session.id) ?? null) : null,
      closeOut,
      handOffs: handOffs.get(session.id) ?? [],
    };
  });
}

/** Facts of every session of every stream. */
export function allFacts(states: readonly StreamState[], config: SessionConfig, now: string): SessionFacts[] {
  return states.flatMap((s) => streamFacts(s, config, now));
}

import type { SessionConfig } from './config/types.js';
import type { Completion, Session } from './sessions.js';
import { timeBoundary } from './sessions.js';
import type { CompletionTrigger, SessionStatus } from './types.js';

/** What session-check tells the workflow. */
export interface Decision {
  readonly shouldScore: boolean;
  /** One readable sentence: why. */
  readonly reason: string;
  readonly trigger: CompletionTrigger | null;
  readonly sessionId: string | null;
  readonly status: SessionStatus;
  readonly pushes: number;
  readonly firstActivity: string | null;
  readonly lastActivity: string | null;
  /** When the session becomes due by idle timeout if nothing else happens (active sessions). */
  readonly dueAt: string | null;
}

const MINUTE = 60_000;
const ms = (iso: string): number => Date.parse(iso);

/** Non-negative duration in whole minutes between two instants (clock skew never goes below 0). */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((ms(to) - ms(from)) / MINUTE));
}

/** The completion in force at `now`: an event trigger, or a time boundary that has passed. */
export function effectiveCompletion(session: Session, now: string, config: SessionConfig): Completion | null {
  return session.completion ?? timeBoundary(session, ms(now), config);
}

/** Status of a session at `now`. */
export function statusAt(session: Session, now: string, config: SessionConfig): SessionStatus {
  if (session.scored) return 'scored';
  if (session.abandoned) return 'abandoned';
  if (effectiveCompletion(session, now, config)) return 'due';
  const idle = ms(now) - ms(session.lastActivity);
  if (idle > config.orphan_hours * 60 * MINUTE) return 'abandoned';
  if (idle >= config.idle_warning_minutes * MINUTE) return 'idle-warning';
  return 'active';
}

function base(session: Session): Pick<Decision, 'sessionId' | 'pushes' | 'firstActivity' | 'lastActivity'> {
  return {
    sessionId: session.id,
    pushes: session.pushes,
    firstActivity: session.firstActivity,
    lastActivity: session.lastActivity,
  };
}

/**
 * Decides whether the workflow should score `session` now. Pure: all time comes from `now`.
 * should-score is true only for a due, unscored session whose hand-off is not already pending.
 */
export function decide(session: Session, now: string, config: SessionConfig): Decision {
  const status = statusAt(session, now, config);
  const common = base(session);
  const completion = effectiveCompletion(session, now, config);
  const trigger = completion?.trigger ?? null;
  if (status === 'scored') {
    return { ...common, shouldScore: false, status, trigger, dueAt: null, reason: `already scored at ${session.scored?.at ?? '?'}${session.scored?.runId ? ` by run ${session.scored.runId}` : ''}` };
  }
  if (status === 'abandoned') {
    const why = session.abandoned?.detail || `orphaned: idle more than ${config.orphan_hours} h with no completion trigger`;
    return { ...common, shouldScore: false, status, trigger: trigger ?? 'orphaned', dueAt: null, reason: why };
  }
  if (status === 'due' && completion) {
    const req = session.requested;
    if (req && ms(now) - ms(req.at) < config.handoff_retry_minutes * MINUTE) {
      return { ...common, shouldScore: false, status, trigger, dueAt: null, reason: `due (${completion.detail}); scoring already handed to run ${req.runId ?? '?'} at ${req.at}` };
    }
    const retry = req ? ` (hand-off at ${req.at} produced no score; handing out again)` : '';
    return { ...common, shouldScore: true, status, trigger, dueAt: null, reason: `session complete: ${completion.detail}${retry}` };
  }
  const dueAt = config.enable_timeout_completion ? new Date(ms(session.lastActivity) + config.timeout_minutes * MINUTE).toISOString() : null;
  const idle = minutesBetween(session.lastActivity, now);
  return {
    ...common,
    shouldScore: false,
    status,
    trigger: null,
    dueAt,
    reason: `session ${status === 'idle-warning' ? 'idle' : 'active'}: ${session.pushes} push${session.pushes === 1 ? '' : 'es'}, idle ${idle} min${dueAt ? `, due at ${dueAt} unless more pushes arrive` : ''}`,
  };
}

/** The decision for a push that is not an auto-PR and is scored on its own, as without the suite. */
export function perPushDecision(reason: string): Decision {
  return { shouldScore: true, reason, trigger: 'per_push', sessionId: null, status: 'due', pushes: 1, firstActivity: null, lastActivity: null, dueAt: null };
}

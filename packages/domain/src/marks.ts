import { baseEvent } from './events.js';
import type { SessionEvent } from './types.js';

export type MarkKind = 'score_requested' | 'scored' | 'abandoned';

/**
 * A suite-recorded mark on one session (hand-off, score, close-out). Its id names the session and
 * the run, so a retried write of the same mark is the same event.
 */
export function markEvent(args: {
  kind: MarkKind;
  sessionId: string;
  at: string;
  repo: string;
  runId: string;
  actor?: string;
  detail?: string;
  attempt?: string;
}): SessionEvent {
  const attempt = args.attempt ?? '1';
  return {
    ...baseEvent(`${args.kind}:${args.sessionId}:${args.runId}:${attempt}`, args.kind, args.at, args.repo),
    actor: args.actor ?? '',
    inputs: { run_id: args.runId, ...(args.detail ? { detail: args.detail } : {}) },
    sessionId: args.sessionId,
  };
}

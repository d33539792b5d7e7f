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
    id: `${args.kind}:${args.sessionId}:${args.runId}:${attempt}`,
    kind: args.kind,
    at: args.at,
    repo: args.repo,
    author: '',
    actor: args.actor ?? '',
    branch: null,
    prNumber: null,
    headSha: null,
    title: null,
    body: null,
    commits: [],
    draft: null,
    association: null,
    inputs: { run_id: args.runId, ...(args.detail ? { detail: args.detail } : {}) },
    sessionId: args.sessionId,
    fork: false,
  };
}

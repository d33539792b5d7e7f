import { type Decision, type Session, traceIdForSession } from '@auto-pr-sessions/domain';
import { markdownTable } from '../util/markdown.js';
import type { ActionIO } from './ports.js';

/** Compact session view for the `state` output and artifacts (no untrusted PR text). */
export function sessionView(session: Session | null, decision: Decision | null): Record<string, unknown> | null {
  if (!session) return null;
  return {
    sessionId: session.id,
    streamKey: session.streamKey,
    status: decision?.status ?? null,
    pushes: session.pushes,
    prNumbers: session.prNumbers,
    headShas: session.headShas,
    firstActivity: session.firstActivity,
    lastActivity: session.lastActivity,
    completion: session.completion,
    requested: session.requested,
    scored: session.scored,
    abandoned: session.abandoned,
  };
}

/** Sets the decision outputs every session action shares. */
export function setDecisionOutputs(io: ActionIO, decision: Decision, session: Session | null, extra: { otherDue?: readonly string[] } = {}): void {
  const traceId = decision.sessionId ? traceIdForSession(decision.sessionId) : '';
  io.setOutput('session-id', decision.sessionId ?? '');
  io.setOutput('should-score', String(decision.shouldScore));
  io.setOutput('reason', decision.reason);
  io.setOutput('trigger', decision.trigger ?? '');
  io.setOutput('status', decision.status);
  io.setOutput('pushes', String(decision.pushes));
  io.setOutput('first-activity', decision.firstActivity ?? '');
  io.setOutput('last-activity', decision.lastActivity ?? '');
  io.setOutput('trace-id', traceId);
  io.setOutput('other-due', JSON.stringify(extra.otherDue ?? []));
  // the commit to check out and score: the session's newest head, not the event's ref (a comment or
  // a dispatch runs on the default branch)
  io.setOutput('head-sha', session?.headShas.at(-1) ?? '');
  io.setOutput('state', JSON.stringify(sessionView(session, decision)));
}

/** A short job-summary table of the decision. */
export function decisionSummary(title: string, decision: Decision, notes: readonly string[] = []): string {
  const rows: string[][] = [
    ['session', decision.sessionId ?? '(none)'],
    ['should score', decision.shouldScore ? 'yes' : 'no'],
    ['status', decision.status],
    ['trigger', decision.trigger ?? '—'],
    ['pushes', String(decision.pushes)],
    ['first activity', decision.firstActivity ?? '—'],
    ['last activity', decision.lastActivity ?? '—'],
    ['reason', decision.reason],
  ];
  const body = markdownTable(['', ''], rows);
  const tail = notes.length > 0 ? `\n\n${notes.map((n) => `> ${n.replace(/\n/g, ' ')}`).join('\n')}` : '';
  return `### ${title}\n\n${body}${tail}\n`;
}

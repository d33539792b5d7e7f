import type { SessionEvent, StreamState } from '@auto-pr-sessions/core';
import { addEvents, emptyState, markEvent, streamKey } from '@auto-pr-sessions/core';
import { plus } from '../helpers/events.js';

/** The instant the fixture is evaluated at. */
export const NOW = '2025-11-20T18:00:00.000Z';
export const HOSTILE_BRANCH = 'feat/<img src=x onerror="window.__xss=1">';
export const HOSTILE_LOGIN = '<script>window.__xss=2</script>';

let n = 0;
function pushEvent(branch: string, author: string, at: string, pr: number | null, message = 'Auto-PR: step'): SessionEvent {
  n += 1;
  const sha = `${n.toString(16).padStart(8, '0')}${'a'.repeat(32)}`;
  return {
    id: `push:${sha}`, kind: 'push', at, repo: 'octo-org/octo-repo', author, actor: author, branch, prNumber: pr, headSha: sha,
    title: null, body: null, commits: [{ sha, message, at, added: [], modified: ['src/a.ts'], removed: [] }], draft: null,
    association: null, inputs: {}, sessionId: null, fork: false,
  };
}

export interface SessionSpec {
  readonly branch: string;
  readonly author: string;
  /** Minutes after `start` of each push. */
  readonly pushes: readonly number[];
  readonly start: string;
  readonly pr?: number;
  /** Minutes after the last push: score_requested marks. */
  readonly handOffAfter?: number | readonly number[];
  /** Minutes after the last push: a scored mark with this score. */
  readonly scored?: { readonly after: number; readonly score: number; readonly decision?: string };
  readonly abandoned?: { readonly after: number; readonly reason: string };
  /** A completion marker in the last push's message. */
  readonly marker?: boolean;
}

/** One stream per spec (branch scope), with the marks the specs ask for. */
export function buildStates(specs: readonly SessionSpec[]): StreamState[] {
  const byKey = new Map<string, StreamState>();
  for (const s of specs) {
    const key = streamKey({ scope: 'branch', name: s.branch });
    const events: SessionEvent[] = s.pushes.map((m, i) =>
      pushEvent(s.branch, s.author, plus(s.start, m), s.pr ?? null, s.marker && i === s.pushes.length - 1 ? 'Auto-PR: final step [session-complete]' : `Auto-PR: step ${i + 1}`),
    );
    const first = events[0]!.at;
    const sessionId = `${key}-${first.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')}`;
    const last = events.at(-1)!.at;
    for (const after of s.handOffAfter === undefined ? [] : typeof s.handOffAfter === 'number' ? [s.handOffAfter] : s.handOffAfter) {
      events.push(markEvent({ kind: 'score_requested', sessionId, at: plus(last, after), repo: 'octo-org/octo-repo', runId: `${n++}` }));
    }
    if (s.scored) {
      // what compute-reward-batched records: the decision of the default bands, the scale and the bands
      const score = s.scored.score;
      const decision = s.scored.decision ?? (score < -3 ? 'BLOCK' : score <= 3 ? 'REQUEST_CHANGES' : 'APPROVE');
      const detail = { score, decision, scorer: 'builtin', scale: { min: -10, max: 9 }, bands: { blockBelow: -3, approveAbove: 3, blockOnCritical: false } };
      events.push(markEvent({ kind: 'scored', sessionId, at: plus(last, s.scored.after), repo: 'octo-org/octo-repo', runId: `${n++}`, detail: JSON.stringify(detail) }));
    }
    if (s.abandoned) events.push(markEvent({ kind: 'abandoned', sessionId, at: plus(last, s.abandoned.after), repo: 'octo-org/octo-repo', runId: `${n++}`, detail: s.abandoned.reason }));
    byKey.set(key, addEvents(byKey.get(key) ?? emptyState(key), events));
  }
  return [...byKey.values()];
}

/** A varied repository: scored sessions with scores over two days, active ones, one waiting, closed-out ones, hostile names. */
export function sampleSpecs(): SessionSpec[] {
  const d1 = '2025-11-19T09:00:00.000Z';
  const d2 = '2025-11-20T09:00:00.000Z';
  return [
    { branch: 'auto-pr-1', author: 'agent-a', start: d1, pushes: [0, 5, 12, 20], pr: 11, scored: { after: 35, score: 2.5 } },
    { branch: 'auto-pr-2', author: 'agent-a', start: plus(d1, 120), pushes: [0, 10, 25, 40, 55, 70], pr: 12, scored: { after: 40, score: 3.0 } },
    { branch: 'auto-pr-3', author: 'agent-a', start: plus(d2, 0), pushes: [0, 3], pr: 13, scored: { after: 31, score: 4.5 } },
    { branch: 'auto-pr-4', author: 'agent-a', start: plus(d2, 200), pushes: [0, 30, 60, 90], pr: 14, scored: { after: 32, score: 5.0 } },
    { branch: 'daemon-1', author: 'daemon', start: plus(d1, 60), pushes: [0, 1, 2], marker: true, scored: { after: 3, score: -1.5, decision: 'request_changes' } },
    { branch: 'daemon-2', author: 'daemon', start: plus(d2, 400), pushes: [0, 20, 40], pr: 21, handOffAfter: 31 },
    { branch: 'gone-1', author: 'daemon', start: plus(d1, 300), pushes: [0, 4], abandoned: { after: 90, reason: 'orphaned: branch gone-1 was deleted before the session was scored' } },
    { branch: HOSTILE_BRANCH, author: HOSTILE_LOGIN, start: plus(NOW, -40), pushes: [0, 18], pr: 31 },
    { branch: 'live-1', author: 'agent-b', start: plus(NOW, -25), pushes: [0, 10, 22], pr: 41 },
    { branch: 'live-2', author: 'agent-b', start: plus(NOW, -90), pushes: [0, 30, 70] },
  ];
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, foldSessions, type SessionEvent, type StreamState } from '@auto-pr-sessions/core';
import { ev, plus, push } from '../helpers/events.js';

const T0 = '2025-11-19T12:00:00.000Z';

function state(events: SessionEvent[]): StreamState {
  const sorted = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
  return { version: 1, streamKey: 'b-auto-pr-1', events: sorted, writers: [] };
}

describe('one commit, one session: a push and the synchronize of the same commit', () => {
  it('a marker push completes the session; the synchronize of that commit seconds later opens no new session', () => {
    const p1 = push(T0, 'Auto-PR: step 1', { headSha: 'c1' });
    const p2 = push(plus(T0, 2), 'Auto-PR: done [session complete]', { headSha: 'c2' });
    const sync = ev({ kind: 'pr_synchronize', at: plus(T0, 2.1), headSha: 'c2', prNumber: 7, id: 'pr:7:synchronize:c2' });
    const sessions = foldSessions(state([p1, p2, sync]), DEFAULT_CONFIG);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ pushes: 2, completion: { trigger: 'marker' } });
  });

  it('a new commit after the completed session still opens the next one', () => {
    const p1 = push(T0, 'Auto-PR: done [session complete]', { headSha: 'c1' });
    const sync = ev({ kind: 'pr_synchronize', at: plus(T0, 0.1), headSha: 'c1', prNumber: 7, id: 'pr:7:synchronize:c1' });
    const p2 = push(plus(T0, 5), 'Auto-PR: more', { headSha: 'c3' });
    const sessions = foldSessions(state([p1, sync, p2]), DEFAULT_CONFIG);
    expect(sessions.map((s) => s.pushes)).toEqual([1, 1]);
    expect(sessions[1]!.headShas).toEqual(['c3']);
  });
});

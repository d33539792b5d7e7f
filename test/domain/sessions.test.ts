import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionConfig, SessionEvent } from '@auto-pr-sessions/core';
import { DEFAULT_CONFIG, addEvents, decide, emptyState, evaluateStream, foldSessions, minutesBetween, statusAt } from '@auto-pr-sessions/core';
import { ev, plus, push } from '../helpers/events.js';

const T0 = '2025-11-19T12:00:00.000Z';
const KEY = 'b-auto-pr-1';
const state = (events: SessionEvent[]) => addEvents(emptyState(KEY), events);
const cfg = (over: Partial<SessionConfig> = {}, triggers: Partial<SessionConfig['triggers']> = {}): SessionConfig => ({
  ...DEFAULT_CONFIG,
  ...over,
  triggers: { ...DEFAULT_CONFIG.triggers, ...triggers },
});

function burst(n: number, everyMinutes = 2, start = T0): SessionEvent[] {
  return Array.from({ length: n }, (_, i) => push(plus(start, i * everyMinutes), `Auto-PR: step ${i}`));
}

describe('idle timeout', () => {
  it('timeout never firing: a burst then 30 min of silence makes the session due (original compared a time with itself)', () => {
    const events = burst(6);
    const last = events.at(-1)!.at;
    const [session] = foldSessions(state(events), DEFAULT_CONFIG);
    expect(session!.pushes).toBe(6);
    expect(decide(session!, plus(last, 29), DEFAULT_CONFIG).shouldScore).toBe(false);
    expect(decide(session!, plus(last, 30), DEFAULT_CONFIG).shouldScore).toBe(false);
    const due = decide(session!, plus(last, 30.01), DEFAULT_CONFIG);
    expect(due).toMatchObject({ shouldScore: true, status: 'due', trigger: 'idle_timeout', pushes: 6 });
  });

  it('warns at the idle-warning threshold before it is due', () => {
    const [session] = foldSessions(state(burst(2)), DEFAULT_CONFIG);
    expect(statusAt(session!, plus(session!.lastActivity, 14), DEFAULT_CONFIG)).toBe('active');
    expect(statusAt(session!, plus(session!.lastActivity, 15), DEFAULT_CONFIG)).toBe('idle-warning');
  });

  it('a push after the idle gap opens a new session and leaves the old one due', () => {
    const events = [...burst(3), ...burst(2, 1, plus(T0, 120))];
    const evaluation = evaluateStream(state(events), DEFAULT_CONFIG, plus(T0, 122), events.at(-1)!.id);
    expect(evaluation.sessions).toHaveLength(2);
    expect(evaluation.sessions[0]!.completion?.trigger).toBe('idle_timeout');
    expect(evaluation.sessions[0]!.completion?.at).toBe(plus(T0, 4 + 30));
    expect(evaluation.decision?.status).toBe('active');
    expect(evaluation.otherDue).toEqual([evaluation.sessions[0]!.id]);
  });

  it('does not fire when timeout completion is disabled; the session is orphaned after orphan_hours instead', () => {
    const c = cfg({ enable_timeout_completion: false }, { max_duration_minutes: 0 });
    const [session] = foldSessions(state(burst(3)), c);
    expect(decide(session!, plus(T0, 600), c).shouldScore).toBe(false);
    const late = decide(session!, plus(T0, 25 * 60), c);
    expect(late).toMatchObject({ shouldScore: false, status: 'abandoned', trigger: 'orphaned' });
  });
});

describe('event triggers', () => {
  it('a completion marker in a commit message makes the session due at once', () => {
    const events = [...burst(3), push(plus(T0, 7), 'Auto-PR: wrap up [session-complete]')];
    const [session] = foldSessions(state(events), DEFAULT_CONFIG);
    expect(decide(session!, plus(T0, 7), DEFAULT_CONFIG)).toMatchObject({ shouldScore: true, trigger: 'marker' });
  });

  it('"Completed" in every PR body does not complete the session (original failure)', () => {
    const events = [...burst(2), ev({ kind: 'pr_opened', at: plus(T0, 3), prNumber: 5, headSha: 'x', title: 'Auto-PR: x', body: '— Completed\n— Completed' })];
    const [session] = foldSessions(state(events), DEFAULT_CONFIG);
    expect(session!.completion).toBeNull();
  });

  it('/complete-session from a user with write access completes; from a non-collaborator it is ignored', () => {
    const base = burst(2);
    const outsider = ev({ kind: 'complete_command', at: plus(T0, 5), actor: 'mallory', association: 'NONE' });
    const [ignored] = foldSessions(state([...base, outsider]), DEFAULT_CONFIG);
    expect(ignored!.completion).toBeNull();
    expect(ignored!.ignored[0]?.reason).toMatch(/mallory.*write access/);
    for (const association of ['OWNER', 'MEMBER', 'COLLABORATOR'] as const) {
      const cmd = ev({ kind: 'complete_command', at: plus(T0, 5), actor: 'maintainer', association });
      const [s] = foldSessions(state([...base, cmd]), DEFAULT_CONFIG);
      expect(s!.completion?.trigger).toBe('complete_command');
    }
  });

  it.each([
    ['pr_ready_for_review', 'ready_for_review'],
    ['pr_merged', 'merged'],
    ['pr_closed', 'closed'],
  ] as const)('%s completes the session (%s)', (kind, trigger) => {
    const events = [push(T0, 'Auto-PR: a', { prNumber: 3 }), ev({ kind, at: plus(T0, 1), prNumber: 3 })];
    const [s] = foldSessions(state(events), DEFAULT_CONFIG);
    expect(s!.completion?.trigger).toBe(trigger);
  });

  it('each event trigger can be switched off', () => {
    const events = [push(T0, 'Auto-PR: a', { prNumber: 3 }), ev({ kind: 'pr_ready_for_review', at: plus(T0, 1), prNumber: 3 })];
    const [s] = foldSessions(state(events), cfg({}, { ready_for_review: false }));
    expect(s!.completion).toBeNull();
  });

  it('a closed PR with the closed trigger off leaves a visible orphan, not a silent skip', () => {
    const events = [push(T0, 'Auto-PR: a', { prNumber: 3 }), ev({ kind: 'pr_closed', at: plus(T0, 1), prNumber: 3 })];
    const [s] = foldSessions(state(events), cfg({}, { closed: false }));
    expect(decide(s!, plus(T0, 2), cfg({}, { closed: false }))).toMatchObject({ status: 'abandoned', shouldScore: false });
  });

  it('in author scope a session spanning PRs ends when its last PR closes', () => {
    const events = [
      push(T0, 'Auto-PR: a', { prNumber: 1 }),
      push(plus(T0, 1), 'Auto-PR: b', { prNumber: 2 }),
      ev({ kind: 'pr_merged', at: plus(T0, 2), prNumber: 1 }),
    ];
    const [open] = foldSessions(state(events), DEFAULT_CONFIG);
    expect(open!.completion).toBeNull();
    const [closed] = foldSessions(state([...events, ev({ kind: 'pr_merged', at: plus(T0, 3), prNumber: 2 })]), DEFAULT_CONFIG);
    expect(closed!.completion?.trigger).toBe('merged');
  });

  it('workflow_dispatch with complete=true completes; without it nothing happens', () => {
    const plain = ev({ kind: 'dispatch', at: plus(T0, 5), inputs: {} });
    const completeIt = ev({ kind: 'dispatch', at: plus(T0, 5), inputs: { complete: 'true' } });
    expect(foldSessions(state([...burst(2), plain]), DEFAULT_CONFIG)[0]!.completion).toBeNull();
    expect(foldSessions(state([...burst(2), completeIt]), DEFAULT_CONFIG)[0]!.completion?.trigger).toBe('dispatch');
  });

  it('maximum pushes: the Nth distinct push completes and the next opens a new session', () => {
    const c = cfg({}, { max_pushes: 3 });
    const sessions = foldSessions(state(burst(4)), c);
    expect(sessions.map((s) => s.pushes)).toEqual([3, 1]);
    expect(sessions[0]!.completion?.trigger).toBe('max_pushes');
  });

  it('a push and its pull_request synchronize count as one push', () => {
    const p = push(T0, 'Auto-PR: a', { headSha: 'abc', prNumber: 4 });
    const sync = ev({ kind: 'pr_synchronize', at: plus(T0, 0.1), headSha: 'abc', prNumber: 4 });
    expect(foldSessions(state([p, sync]), DEFAULT_CONFIG)[0]!.pushes).toBe(1);
  });

  it('maximum duration: a session that never goes idle still ends', () => {
    const c = cfg({}, { max_duration_minutes: 60 });
    const sessions = foldSessions(state(burst(40, 2)), c);
    expect(sessions[0]!.completion?.trigger).toBe('max_duration');
    expect(sessions[0]!.completion?.at).toBe(plus(T0, 60));
    expect(sessions.length).toBe(2);
  });

  it('tests-and-docs heuristic: off by default, fires when enabled and both were touched', () => {
    const withFiles = (at: string, file: string) =>
      push(at, 'Auto-PR: files', { headSha: file, commits: [{ sha: file, message: 'Auto-PR: files', at, added: [file], modified: [], removed: [] }] });
    const events = [withFiles(T0, 'src/a.test.ts'), withFiles(plus(T0, 1), 'docs/guide.md')];
    expect(foldSessions(state(events), DEFAULT_CONFIG)[0]!.completion).toBeNull();
    const on = cfg({ enable_heuristic_completion: true });
    expect(foldSessions(state(events), on)[0]!.completion?.trigger).toBe('heuristic_tests_docs');
  });
});

describe('scoring marks', () => {
  it('a push after the session was scored opens a new session', () => {
    const first = burst(3);
    const [s1] = foldSessions(state(first), DEFAULT_CONFIG);
    const scored = ev({ kind: 'scored', at: plus(T0, 40), sessionId: s1!.id, inputs: { run_id: '99' } });
    const later = push(plus(T0, 41), 'Auto-PR: more');
    const sessions = foldSessions(state([...first, scored, later]), DEFAULT_CONFIG);
    expect(sessions).toHaveLength(2);
    expect(decide(sessions[0]!, plus(T0, 42), DEFAULT_CONFIG)).toMatchObject({ status: 'scored', shouldScore: false });
    expect(decide(sessions[1]!, plus(T0, 42), DEFAULT_CONFIG)).toMatchObject({ status: 'active', pushes: 1 });
  });

  it('a hand-off answers should-score once, then waits; a stale hand-off is handed out again', () => {
    const events = burst(2);
    const [s] = foldSessions(state(events), DEFAULT_CONFIG);
    const due = plus(T0, 40);
    expect(decide(s!, due, DEFAULT_CONFIG).shouldScore).toBe(true);
    const handoff = ev({ kind: 'score_requested', at: due, sessionId: s!.id, inputs: { run_id: '7' } });
    const [s2] = foldSessions(state([...events, handoff]), DEFAULT_CONFIG);
    expect(decide(s2!, plus(due, 1), DEFAULT_CONFIG)).toMatchObject({ shouldScore: false, status: 'due' });
    expect(decide(s2!, plus(due, 61), DEFAULT_CONFIG)).toMatchObject({ shouldScore: true });
  });
});

describe('time', () => {
  it('naive time zones: durations are never negative (original showed -251 min)', () => {
    expect(minutesBetween('2025-11-19T20:00:00.000Z', '2025-11-19T15:49:00.000Z')).toBe(0);
    expect(minutesBetween('2025-11-19T15:49:00.000Z', '2025-11-19T20:00:00.000Z')).toBe(251);
  });

  it('skipped pushes always reach a score or a visible end state (original: 147 skipped, none scored)', () => {
    const arb = fc.array(fc.record({ minute: fc.integer({ min: 0, max: 2000 }), marker: fc.boolean() }), { minLength: 1, maxLength: 40 });
    fc.assert(fc.property(arb, fc.boolean(), (pushes, timeout) => {
      const events = pushes.map((p, i) => push(plus(T0, p.minute), p.marker ? 'Auto-PR: final PR' : `Auto-PR: ${i}`, { headSha: `h${i}` }));
      const c = cfg({ enable_timeout_completion: timeout });
      const sessions = foldSessions(state(events), c);
      const end = plus(sessions.at(-1)!.lastActivity, c.orphan_hours * 60 + 1);
      const covered = sessions.reduce((n, s) => n + s.pushes, 0);
      expect(covered).toBe(new Set(events.map((e) => e.headSha)).size);
      for (const s of sessions) expect(['due', 'scored', 'abandoned']).toContain(statusAt(s, end, c));
    }));
  });
});

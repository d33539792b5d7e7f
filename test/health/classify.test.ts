import { describe, expect, it } from 'vitest';
import type { HealthFinding, RepoFacts, SessionConfig, SessionFacts } from '@auto-pr-sessions/core';
import { DEFAULT_CONFIG, DEFAULT_THRESHOLDS, classify, evaluateHealth, streamFacts } from '@auto-pr-sessions/core';
import { plus } from '../helpers/events.js';
import { buildStates } from '../analytics/fixture.js';
import type { SessionSpec } from '../analytics/fixture.js';

const T0 = '2025-11-19T12:00:00.000Z';
const repoFacts = (over: Partial<RepoFacts> = {}): RepoFacts => ({ branches: new Set(['b1']), closedUnmerged: new Set(), dispatches: {}, ...over });

function factsOf(spec: Omit<SessionSpec, 'start'> & { start?: string }, now: string, config: SessionConfig = DEFAULT_CONFIG): SessionFacts {
  const [state] = buildStates([{ start: T0, ...spec }]);
  const facts = streamFacts(state!, config, now);
  expect(facts).toHaveLength(1);
  return facts[0]!;
}

function decide(spec: Omit<SessionSpec, 'start'>, minutesAfterStart: number, repo = repoFacts(), config: SessionConfig = DEFAULT_CONFIG): HealthFinding | null {
  const now = plus(T0, minutesAfterStart);
  return classify(factsOf(spec, now, config), { config, now, maxScoringAttempts: 3, stuckMinutes: config.triggers.max_duration_minutes || 24 * 60 }, repo);
}

describe('health sweep: what to do about one session (pure)', () => {
  it('active sessions and scored ones need nothing; an idle unscored one is handed to scoring', () => {
    expect(decide({ branch: 'b1', author: 'a', pushes: [0, 5] }, 20)).toBeNull();
    expect(decide({ branch: 'b1', author: 'a', pushes: [0, 5], scored: { after: 40, score: 1 } }, 300)).toBeNull();
    expect(decide({ branch: 'b1', author: 'a', pushes: [0, 5] }, 60)).toMatchObject({ kind: 'unscored', action: 'score', branch: 'b1', attempts: 0 });
  });

  it('a recent hand-off waits; an old one is handed out again; after the last attempt the session is closed out', () => {
    const pending = decide({ branch: 'b1', author: 'a', pushes: [0, 5], handOffAfter: 31 }, 60);
    expect(pending).toMatchObject({ kind: 'scoring-pending', action: 'none' });
    const retry = decide({ branch: 'b1', author: 'a', pushes: [0, 5], handOffAfter: 31 }, 5 + 31 + 61);
    expect(retry).toMatchObject({ kind: 'scoring-retry', action: 'score', attempts: 1 });
    // the sweep's own earlier dispatches count as attempts too
    const dispatched = decide({ branch: 'b1', author: 'a', pushes: [0, 5], handOffAfter: 31 }, 500, repoFacts({ dispatches: {} }));
    expect(dispatched?.kind).toBe('scoring-retry');
    const [state] = buildStates([{ branch: 'b1', author: 'a', start: T0, pushes: [0, 5] }]);
    const id = streamFacts(state!, DEFAULT_CONFIG, T0)[0]!.session.id;
    const failed = decide({ branch: 'b1', author: 'a', pushes: [0, 5], handOffAfter: 31 }, 500, repoFacts({ dispatches: { [id]: { at: plus(T0, 300), attempts: 3 } } }));
    expect(failed).toMatchObject({ kind: 'scoring-failed', action: 'close-out', attempts: 3 });
    expect(failed?.reason).toMatch(/^scoring failed: 3 hand-offs/);
  });

  it('orphaned: the branch is gone, or every PR closed without merge while the closed trigger is off', () => {
    const gone = decide({ branch: 'b-gone', author: 'a', pushes: [0, 5] }, 60);
    expect(gone).toMatchObject({ kind: 'orphaned', action: 'close-out' });
    expect(gone?.reason).toBe('orphaned: branch b-gone was deleted before the session was scored');
    // unknown branches (listing skipped): the dispatch answer tells instead
    expect(decide({ branch: 'b-gone', author: 'a', pushes: [0, 5] }, 60, repoFacts({ branches: null }))?.kind).toBe('unscored');
    const closedOff: SessionConfig = { ...DEFAULT_CONFIG, triggers: { ...DEFAULT_CONFIG.triggers, closed: false } };
    const closed = decide({ branch: 'b1', author: 'a', pushes: [0, 5], pr: 7 }, 60, repoFacts({ closedUnmerged: new Set([7]) }), closedOff);
    expect(closed).toMatchObject({ kind: 'orphaned', reason: 'orphaned: PR #7 closed without merge (the closed trigger is off)' });
    // with the closed trigger on, a closed PR is a completion: it gets scored
    expect(decide({ branch: 'b1', author: 'a', pushes: [0, 5], pr: 7 }, 60, repoFacts({ closedUnmerged: new Set([7]) }))?.kind).toBe('unscored');
  });

  it('orphaned by idling beyond orphan_hours when no completion can fire, and stuck beyond the maximum duration', () => {
    const noTimeout: SessionConfig = { ...DEFAULT_CONFIG, enable_timeout_completion: false, triggers: { ...DEFAULT_CONFIG.triggers, max_duration_minutes: 0 } };
    const idle = decide({ branch: 'b1', author: 'a', pushes: [0] }, 25 * 60, repoFacts(), noTimeout);
    expect(idle).toMatchObject({ kind: 'orphaned', action: 'close-out' });
    expect(idle?.reason).toMatch(/^orphaned: idle 25 h \(over orphan_hours 24\)/);
    const pushes = Array.from({ length: 14 }, (_, i) => i * 120); // a push every 2 h for 26 h
    const stuck = decide({ branch: 'b1', author: 'a', pushes }, 26 * 60 + 10, repoFacts(), noTimeout);
    expect(stuck).toMatchObject({ kind: 'stuck', action: 'close-out' });
    expect(stuck?.reason).toMatch(/^stuck: active for 26 h/);
    // with a maximum duration (480 min) a session that never idles is complete at it and gets scored instead
    const busy = Array.from({ length: 24 }, (_, i) => i * 20);
    const withMax = decide({ branch: 'b1', author: 'a', pushes: busy }, 490);
    expect(withMax).toMatchObject({ action: 'score', kind: 'unscored' });
    expect(withMax?.reason).toMatch(/complete \(max_duration/);
  });
});

describe('health status from configurable thresholds (pure)', () => {
  const NOW = plus(T0, 48 * 60);
  const orphans = (n: number) =>
    buildStates(Array.from({ length: n }, (_, i) => ({ branch: `o${i}`, author: 'a', start: plus(NOW, -300), pushes: [0], abandoned: { after: 200, reason: 'orphaned: branch gone' } })));
  const evaluate = (states: ReturnType<typeof buildStates>, extra: Partial<Parameters<typeof evaluateHealth>[0]> = {}, t = DEFAULT_THRESHOLDS) =>
    evaluateHealth({ facts: states.flatMap((s) => streamFacts(s, DEFAULT_CONFIG, NOW)), now: NOW, largestSnapshotBytes: 1000, cacheUsageBytes: 0, unreadableStreams: 0, staleStreams: 0, blockers: [], ...extra }, t);

  it('healthy with nothing wrong; orphaned > 5 in the window is unhealthy, 1..5 degraded, older ones do not count', () => {
    expect(evaluate([]).status).toBe('healthy');
    expect(evaluate(orphans(5)).status).toBe('degraded');
    const bad = evaluate(orphans(6));
    expect(bad.status).toBe('unhealthy');
    expect(bad.alerts).toContain('Orphaned sessions: 6 (threshold: 5)');
    expect(evaluate(orphans(6), {}, { ...DEFAULT_THRESHOLDS, maxOrphaned: 10 }).status).toBe('degraded');
    expect(evaluate(orphans(6), {}, { ...DEFAULT_THRESHOLDS, windowHours: 1 }).status).toBe('healthy');
  });

  it('average duration, state size, cache pressure, unreadable state, coverage and blocked scoring', () => {
    const long = buildStates([{ branch: 'l', author: 'a', start: plus(NOW, -400), pushes: [0, 30, 60, 90, 120, 150], scored: { after: 40, score: 1 } }]);
    expect(evaluate(long).alerts).toEqual(['Average duration: 2.5h (threshold: 2h)']);
    expect(evaluate([], { largestSnapshotBytes: 2 * 1024 * 1024 }).alerts[0]).toBe('State file size: 2.00MB (threshold: 1MB)');
    expect(evaluate([], { largestSnapshotBytes: 9 * 1024 * 1024 }).status).toBe('unhealthy');
    const cap = DEFAULT_THRESHOLDS.cacheCapBytes;
    expect(evaluate([], { cacheUsageBytes: cap * 0.85 }).status).toBe('degraded');
    expect(evaluate([], { cacheUsageBytes: cap }).status).toBe('unhealthy');
    expect(evaluate([], { unreadableStreams: 1 }).status).toBe('degraded');
    expect(evaluate([], { staleStreams: 3 }).alerts[0]).toMatch(/Sweep incomplete: 3 streams/);
    expect(evaluate([], { blockers: ['scoring workflow reward.yml not found on the default branch'] }).status).toBe('unhealthy');
  });
});

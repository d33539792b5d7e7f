import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionEvent, StreamState } from '@auto-pr-sessions/core';
import { DEFAULT_CONFIG, addEvents, emptyState, foldSessions, mergeStates, withWriter } from '@auto-pr-sessions/core';

const KEY = 'b-auto-pr-1';
const BASE = Date.parse('2025-11-19T12:00:00.000Z');

/** Arbitrary events on one stream: pushes, signals and suite marks within a few hours. */
const eventArb: fc.Arbitrary<SessionEvent> = fc
  .record({
    n: fc.integer({ min: 0, max: 40 }),
    minute: fc.integer({ min: 0, max: 300 }),
    kind: fc.constantFrom<SessionEvent['kind']>('push', 'push', 'push', 'pr_synchronize', 'pr_ready_for_review', 'complete_command', 'scored', 'pr_merged'),
    marker: fc.boolean(),
    assoc: fc.constantFrom<SessionEvent['association']>('OWNER', 'NONE'),
  })
  .map(({ n, minute, kind, marker, assoc }) => {
    const at = new Date(BASE + minute * 60_000).toISOString();
    const sha = `sha${n}`;
    return {
      // ids derive from content, as webhook ids do, so equal ids mean equal events
      id: `${kind}:${n}:${minute}:${marker ? 1 : 0}:${assoc}`,
      kind,
      at,
      repo: 'o/r',
      author: 'agent',
      actor: 'agent',
      branch: 'auto-pr-1',
      prNumber: 7,
      headSha: kind === 'push' || kind === 'pr_synchronize' ? sha : null,
      title: null,
      body: null,
      commits: kind === 'push' ? [{ sha, message: marker ? 'Auto-PR: done [ready]' : 'Auto-PR: step', at, added: [], modified: [], removed: [] }] : [],
      draft: null,
      association: kind === 'complete_command' ? assoc : null,
      inputs: {},
      sessionId: null,
      fork: false,
    } satisfies SessionEvent;
  });

/** Events whose ids collide although their content differs (a buggy producer): merge must still agree. */
const collidingArb: fc.Arbitrary<SessionEvent> = eventArb.map((e) => ({ ...e, id: `dup:${e.kind}` }));

const stateArb: fc.Arbitrary<StreamState> = fc
  .tuple(fc.array(fc.oneof(eventArb, eventArb, collidingArb), { maxLength: 25 }), fc.array(fc.constantFrom('1-1', '2-1', '3-2'), { maxLength: 3 }))
  .map(([events, writers]) => writers.reduce((s, w) => withWriter(s, w), addEvents(emptyState(KEY), events)));

describe('merging stream states', () => {
  it('is commutative', () => {
    fc.assert(fc.property(stateArb, stateArb, (a, b) => {
      expect(mergeStates(a, b)).toEqual(mergeStates(b, a));
    }));
  });

  it('is associative', () => {
    fc.assert(fc.property(stateArb, stateArb, stateArb, (a, b, c) => {
      expect(mergeStates(mergeStates(a, b), c)).toEqual(mergeStates(a, mergeStates(b, c)));
    }));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(stateArb, (a) => {
      expect(mergeStates(a, a)).toEqual(a);
    }));
  });

  it('folding the union equals folding the merge of the parts, whatever the delivery order', () => {
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (events, cut) => {
      const whole = addEvents(emptyState(KEY), events);
      const shuffled = [...events].reverse();
      const left = addEvents(emptyState(KEY), shuffled.slice(0, cut));
      const right = addEvents(emptyState(KEY), shuffled.slice(cut));
      const merged = mergeStates(left, right);
      expect(foldSessions(merged, DEFAULT_CONFIG)).toEqual(foldSessions(whole, DEFAULT_CONFIG));
    }));
  });

  it('duplicate deliveries change nothing', () => {
    fc.assert(fc.property(fc.array(eventArb, { maxLength: 20 }), (events) => {
      const once = addEvents(emptyState(KEY), events);
      const twice = addEvents(addEvents(emptyState(KEY), events), events);
      expect(twice).toEqual(once);
      expect(foldSessions(twice, DEFAULT_CONFIG)).toEqual(foldSessions(once, DEFAULT_CONFIG));
    }));
  });

  it('never loses an event: every event of the inputs is in the merge', () => {
    fc.assert(fc.property(stateArb, stateArb, (a, b) => {
      const ids = new Set(mergeStates(a, b).events.map((e) => e.id));
      for (const e of [...a.events, ...b.events]) expect(ids.has(e.id)).toBe(true);
    }));
  });

  it('refuses to merge different streams', () => {
    expect(() => mergeStates(emptyState('b-x'), emptyState('b-y'))).toThrow(/cannot merge/);
  });
});

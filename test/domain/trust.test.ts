import { describe, expect, it } from 'vitest';
import { compareEvents, defaultConfig, foldSessions, forkRepoIdOfStream, markEvent, resolveStreamKey, sessionIdFor, streamKey } from '@auto-pr-sessions/core';
import type { SessionEvent, StreamState } from '@auto-pr-sessions/core';
import { createAutoPrDetector } from '@auto-pr-sessions/core';
import { ev, push } from '../helpers/events.js';

const config = defaultConfig();
const T0 = Date.parse('2025-01-01T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();

/** Bursts of 10 pushes a minute apart, 45 min apart, each session handed out and scored. */
function stream(n: number): StreamState {
  const key = 'b-fold';
  const events: SessionEvent[] = [];
  for (let i = 0; events.length < n; i++) {
    const burst = Math.floor(i / 10);
    const at = T0 + burst * 55 * 60_000 + (i % 10) * 60_000;
    events.push(push(iso(at), `Auto-PR: ${i}`, { headSha: `h${i}`, id: `push:h${i}` }));
    if (i % 10 === 9) {
      const sid = sessionIdFor(key, iso(T0 + burst * 55 * 60_000));
      events.push(markEvent({ kind: 'scored', sessionId: sid, at: iso(at + 40 * 60_000), repo: 'o/r', runId: `${burst}` }));
    }
  }
  return { version: 1, streamKey: key, events: events.slice(0, n).sort(compareEvents), writers: [] };
}

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

describe('the session fold is linear in events', () => {
  it('100 000 events fold in well under a second, and 4x the events cost about 4x the time (a quadratic fold costs 16x)', () => {
    const big = stream(100_000);
    const small = stream(25_000);
    foldSessions(small, config); // warm-up
    const tSmall = Math.min(time(() => foldSessions(small, config)), time(() => foldSessions(small, config)));
    let sessions = 0;
    const tBig = Math.min(time(() => (sessions = foldSessions(big, config).length)), time(() => foldSessions(big, config)));
    expect(sessions).toBeGreaterThan(9_000);
    expect(tBig).toBeLessThan(1_000);
    expect(tBig / tSmall).toBeLessThan(9);
  });

  it('one long session of 20 000 pushes (the case that was quadratic in heads)', () => {
    const events = Array.from({ length: 20_000 }, (_, i) => push(iso(T0 + i * 1000), `Auto-PR: ${i}`, { headSha: `l${i}`, id: `push:l${i}` }));
    const state: StreamState = { version: 1, streamKey: 'b-long', events, writers: [] };
    const cfg = { ...config, triggers: { ...config.triggers, max_duration_minutes: 0 } };
    let pushes = 0;
    expect(time(() => (pushes = foldSessions(state, cfg)[0]!.pushes))).toBeLessThan(1_000);
    expect(pushes).toBe(20_000);
  });
});

describe('fork pull requests resolve to streams of their own', () => {
  const forkEvent = (extra: Partial<SessionEvent>) => ev({ kind: 'pr_opened', at: iso(T0), branch: 'main', prNumber: 7, fork: true, forkRepo: { id: 4242, fullName: 'mallory/octo-repo' }, ...extra });

  it('named after the head repository and its id, never the bare branch name', () => {
    const key = resolveStreamKey(forkEvent({}), config);
    expect(key).toBe(streamKey({ scope: 'fork', name: 'mallory/octo-repo:main', repoId: 4242 }));
    expect(key).toMatch(/^f-4242-mallory-octo-repo-main-[0-9a-f]{8}$/);
    expect(forkRepoIdOfStream(key!)).toBe(4242);
    expect(forkRepoIdOfStream('b-f-4242-x')).toBeNull();
    expect(resolveStreamKey(forkEvent({}), { ...config, scope: 'author' })).toBe(key);
  });

  it('a [session: ID] marker from a fork neither joins the explicit session nor counts as auto-PR evidence', () => {
    const marked = forkEvent({ body: 'continuing [session: agent-run-7]', title: 'chore' });
    expect(resolveStreamKey(marked, config)).toMatch(/^f-4242-/);
    expect(createAutoPrDetector(config).match(marked)).not.toBe('explicit session id');
    expect(resolveStreamKey({ ...marked, fork: false, forkRepo: null }, config)).toBe('s-agent-run-7');
  });

  it('a deleted fork (no head repository) still gets a fork stream', () => {
    expect(resolveStreamKey(forkEvent({ forkRepo: null }), config)).toMatch(/^f-0-deleted-fork-main-/);
  });
});

import { describe, expect, it } from 'vitest';
import type { CacheHead } from '@auto-pr-sessions/core';
import { planHeads, writerId, writerOfKey } from '@auto-pr-sessions/core';

interface Snap {
  readonly name: string;
  readonly writers: readonly string[];
}

const key = (w: string): string => `aps1-b-feature-${w}`;
const head = (w: string, ref = 'refs/heads/feature'): CacheHead => ({ id: null, key: key(w), ref, createdAt: '' });

/** Runs planHeads over keys (newest first) whose snapshots are given by writer id. */
async function plan(keys: CacheHead[], snaps: Record<string, readonly string[]>, readable = (ref: string) => ref === 'refs/heads/feature') {
  const restoredKeys: string[] = [];
  const result = await planHeads<Snap>(keys, {
    readable,
    maxRestores: 20,
    restore: async (k) => {
      restoredKeys.push(k);
      const w = writerOfKey(k) ?? '';
      const writers = snaps[w];
      return writers ? { name: w, writers } : undefined;
    },
  });
  return { restoredKeys, ...result };
}

describe('planHeads: which state caches a load restores', () => {
  it('writer ids name one write and end its cache key', () => {
    expect(writerId('12', '1', 'a1b2c3')).toBe('12-1-a1b2c3');
    expect(writerOfKey('aps1-b-my-branch-12-1-a1b2c3')).toBe('12-1-a1b2c3');
    expect(writerOfKey('something-else')).toBeNull();
  });

  it('the steady state restores ONE key however many superseded keys remain (actions: read)', async () => {
    // 100 sequential pushes, nothing deleted: each snapshot folds in every earlier write
    const ids = Array.from({ length: 100 }, (_, i) => `${i + 1}-1-aa${String(i).padStart(4, '0')}`);
    const snaps = Object.fromEntries(ids.map((w, i) => [w, ids.slice(0, i + 1)]));
    const r = await plan([...ids].reverse().map((w) => head(w)), snaps);
    expect(r.restoredKeys).toEqual([key(ids[99]!)]);
    expect(r.covered).toHaveLength(99);
    expect(r.missing).toEqual([]);
  });

  it('divergent heads left by racing runs are each restored once', async () => {
    // 10 and 11 both read 9's snapshot and wrote concurrently
    const r = await plan([head('11-1-bb'), head('10-1-aa'), head('9-1-99')], { '9-1-99': ['9-1-99'], '10-1-aa': ['9-1-99', '10-1-aa'], '11-1-bb': ['9-1-99', '11-1-bb'] });
    expect(r.restoredKeys).toEqual([key('11-1-bb'), key('10-1-aa')]);
    expect(r.states.map((s) => s.name)).toEqual(['11-1-bb', '10-1-aa']);
    expect(r.covered.map((h) => h.key)).toEqual([key('9-1-99')]);
  });

  it("a run's second write is not folded in by a snapshot that read only its first", async () => {
    // run 5 wrote 5-1-a1 (session-start); run 6 read it; then run 5 wrote its hand-off 5-1-a2
    const r = await plan([head('6-1-c6'), head('5-1-a2'), head('5-1-a1')], { '5-1-a1': ['5-1-a1'], '5-1-a2': ['5-1-a1', '5-1-a2'], '6-1-c6': ['5-1-a1', '6-1-c6'] });
    expect(r.restoredKeys).toEqual([key('6-1-c6'), key('5-1-a2')]);
    expect(r.covered.map((h) => h.key)).toEqual([key('5-1-a1')]);
  });

  it('snapshots from before per-write ids cover older keys of the runs they list', async () => {
    const r = await plan([head('8-1-f8'), head('7-1-e7'), head('6-1-d6')], { '8-1-f8': ['6-1', '7-1', '8-1-f8'] });
    expect(r.restoredKeys).toEqual([key('8-1-f8')]);
    expect(r.covered).toHaveLength(2);
  });

  it('keys of another scope count as missing unless a restored snapshot lists their write', async () => {
    const other = 'refs/pull/3/merge';
    const r = await plan([head('4-1-d4', other), head('3-1-c3'), head('2-1-b2', other)], { '3-1-c3': ['2-1-b2', '3-1-c3'] });
    expect(r.restoredKeys).toEqual([key('3-1-c3')]);
    expect(r.missing.map((h) => h.key)).toEqual([key('4-1-d4')]);
    expect(r.covered.map((h) => h.key)).toEqual([key('2-1-b2')]);
  });

  it('a key evicted between listing and restoring counts as missing', async () => {
    const r = await plan([head('2-1-b2'), head('1-1-a1')], { '1-1-a1': ['1-1-a1'] });
    expect(r.restoredKeys).toEqual([key('2-1-b2'), key('1-1-a1')]);
    expect(r.missing.map((h) => h.key)).toEqual([key('2-1-b2')]);
  });
});

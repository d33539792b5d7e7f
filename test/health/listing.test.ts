import { describe, expect, it } from 'vitest';
import type { ListCursor } from '@auto-pr-sessions/core';
import { RequestBudget, listIncremental } from '@auto-pr-sessions/core';

interface Item {
  id: number;
  createdAt: string;
}

/** A newest-first collection served 100 a page, counting the pages fetched. */
function collection(n: number) {
  const items: Item[] = [];
  let t = Date.parse('2025-11-01T00:00:00Z');
  const add = (count: number) => {
    for (let i = 0; i < count; i++) {
      t += 60_000;
      items.unshift({ id: items.length + 1, createdAt: new Date(t).toISOString() });
    }
  };
  add(n);
  let calls = 0;
  const pager = async (page: number) => {
    calls += 1;
    return items.slice((page - 1) * 100, page * 100);
  };
  return { items, add, pager, calls: () => calls };
}

async function list(c: ReturnType<typeof collection>, cursor: ListCursor | null, limit: number) {
  const before = c.calls();
  const counted = new RequestBudget(limit, () => c.calls() - before);
  const r = await listIncremental(c.pager, cursor, counted, 0, 'things');
  return r;
}

describe('incremental newest-first listing within a budget', () => {
  it('lists everything on the first run, then only what is new (one page)', async () => {
    const c = collection(950);
    const first = await list(c, null, 60);
    expect(first.items).toHaveLength(950);
    expect(first.pages).toBe(10);
    expect(first.complete).toBe(true);
    expect(first.cursor).toMatchObject({ newestId: 950, backlogOffset: null });
    c.add(30);
    const second = await list(c, first.cursor, 60);
    expect(second.pages).toBe(1);
    expect(second.items.filter((i) => i.id > 950)).toHaveLength(30);
    expect(second.cursor.newestId).toBe(980);
  });

  it('a full listing cut by the budget resumes where it stopped, even when new items shifted the pages', async () => {
    const c = collection(1000);
    const seen = new Set<number>();
    const first = await list(c, null, 4);
    first.items.forEach((i) => seen.add(i.id));
    expect(first.complete).toBe(false);
    expect(first.cursor.backlogOffset).toBe(400);
    c.add(150); // 150 new items push the backlog down by one and a half pages
    const second = await list(c, first.cursor, 4);
    second.items.forEach((i) => seen.add(i.id));
    let cursor = second.cursor;
    for (let run = 0; run < 5 && cursor.backlogOffset !== null; run++) {
      const next = await list(c, cursor, 4);
      next.items.forEach((i) => seen.add(i.id));
      cursor = next.cursor;
    }
    expect(cursor.backlogOffset).toBeNull();
    expect(seen.size).toBe(1150); // nothing skipped
  });

  it('stops before the first page when the budget is gone, keeping the cursor', async () => {
    const c = collection(10);
    const cursor: ListCursor = { newestId: 5, newestAt: c.items[5]!.createdAt, backlogOffset: null };
    const r = await list(c, cursor, 0);
    expect(r).toMatchObject({ pages: 0, complete: false, cursor });
  });
});

import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsStateStore } from '@auto-pr-sessions/core';
import { push } from '../helpers/events.js';

const T0 = '2025-11-19T12:00:00.000Z';

describe('filesystem state store', () => {
  it('20 concurrent appends to one stream lose no event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-fs-'));
    const events = Array.from({ length: 20 }, (_, i) => push(new Date(Date.parse(T0) + i * 1000).toISOString(), `Auto-PR: ${i}`, { headSha: `h${i}` }));
    await Promise.all(events.map((e) => new FsStateStore(dir).append('b-x', [e])));
    const loaded = await new FsStateStore(dir).load('b-x');
    expect(loaded.state.events.map((e) => e.id).sort()).toEqual(events.map((e) => e.id).sort());
  });

  it('skips a corrupted snapshot with a warning naming the file, keeping the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-fs-'));
    const store = new FsStateStore(dir);
    await store.append('b-x', [push(T0, 'Auto-PR: a', { headSha: 'a' })]);
    await writeFile(join(dir, 'streams', 'b-x', '000000000000001-bad.json'), '{"version":1,"events":[');
    const loaded = await store.load('b-x');
    expect(loaded.state.events).toHaveLength(1);
    expect(loaded.partial).toBe(true);
    expect(loaded.warnings[0]).toMatch(/000000000000001-bad\.json: not valid JSON/);
  });

  it('compacts many snapshots into one without losing events', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-fs-'));
    const store = new FsStateStore(dir);
    for (let i = 0; i < 40; i++) await store.append('b-y', [push(new Date(Date.parse(T0) + i * 1000).toISOString(), `Auto-PR: ${i}`, { headSha: `y${i}` })]);
    const files = await readdir(join(dir, 'streams', 'b-y'));
    expect(files.length).toBeLessThan(40);
    expect((await store.load('b-y')).state.events).toHaveLength(40);
    expect(await store.listStreams()).toEqual(['b-y']);
  });
});

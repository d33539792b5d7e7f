import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsStateStore, normalizeEvent } from '@auto-pr-sessions/core';
import { cli } from '../helpers/cli.js';
import { plus } from '../helpers/events.js';
import { pushPayload } from '../helpers/payloads.js';

const T0 = '2025-11-19T12:00:00.000Z';

async function seeded(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aps-cli-'));
  const store = new FsStateStore(dir);
  for (let i = 0; i < 3; i++) {
    const r = normalizeEvent('push', pushPayload({ branch: 'auto-pr-1', sha: `c${i}`, at: plus(T0, i), messages: [`Auto-PR: ${i}`] }), { now: plus(T0, i) });
    if (!r.ok) throw new Error(r.ignored);
    await store.append('b-auto-pr-1', [r.event]);
  }
  return dir;
}


afterEach(() => {
  process.exitCode = undefined;
});

describe('CLI session commands on a local state directory', () => {
  it('list, status and show read the sessions with their status at --now', async () => {
    const dir = await seeded();
    const list = await cli('list', '--state', dir, '--now', plus(T0, 5), '--json');
    expect(list.code).toBe(0);
    const rows = JSON.parse(list.out) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'active', pushes: 3, streamKey: 'b-auto-pr-1' });
    const status = JSON.parse((await cli('status', '--state', dir, '--now', plus(T0, 60), '--json')).out) as Record<string, unknown>;
    expect(status).toMatchObject({ sessions: 1, byStatus: { due: 1 } });
    expect(status['waitingForScore']).toEqual([rows[0]!['sessionId']]);
    const show = await cli('show', String(rows[0]!['sessionId']), '--state', dir, '--now', plus(T0, 5));
    expect(show.out).toMatch(/pushes\s+3/);
  });

  it('complete makes an active session due; abandon closes one with a reason; unknown ids exit 1', async () => {
    const dir = await seeded();
    const done = await cli('complete', 'b-auto-pr-1', '--state', dir, '--now', plus(T0, 5));
    expect(done.code, done.err).toBe(0);
    expect(done.out).toMatch(/session complete: completed by workflow_dispatch/);
    const missing = await cli('show', 'b-nope-20250101T000000Z', '--state', dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^auto-pr-sessions show: no session or stream "b-nope/);
    const dir2 = await seeded();
    const ab = await cli('abandon', 'b-auto-pr-1', '--state', dir2, '--now', plus(T0, 5), '--reason', 'agent crashed');
    expect(ab.code).toBe(0);
    const rows = JSON.parse((await cli('list', '--state', dir2, '--now', plus(T0, 6), '--json')).out) as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ status: 'abandoned', reason: 'agent crashed' });
  });

  it('backup then restore into an empty directory keeps every event', async () => {
    const dir = await seeded();
    const out = await mkdtemp(join(tmpdir(), 'aps-backup-'));
    const fresh = await mkdtemp(join(tmpdir(), 'aps-restore-'));
    expect((await cli('backup', '--state', dir, '--out', out, '--json')).code).toBe(0);
    const restored = await cli('restore', '--from', out, '--state', fresh, '--json');
    expect(JSON.parse(restored.out)).toMatchObject({ streams: 1, events: 3 });
    const rows = JSON.parse((await cli('list', '--state', fresh, '--now', plus(T0, 5), '--json')).out) as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({ pushes: 3 });
  });

  it('usage errors exit 2 with a message', async () => {
    const bad = await cli('list', '--repo', 'not-a-repo');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^auto-pr-sessions list: option '--repo <owner\/name>' argument 'not-a-repo' is invalid\. expected owner\/name/);
  });
});

describe('CLI session commands on a repository (local runtime)', () => {
  it('list reads the state artifacts over REST; complete dispatches the scoring workflow', async () => {
    const { startRuntime, newJob, runActionProcess } = await import('@auto-pr-sessions/runtime');
    const runtime = await startRuntime();
    runtime.github.setBranch('remote-1', runtime.github.addCommit().sha);
    try {
      for (let i = 0; i < 2; i++) {
        const at = plus(T0, i);
        const job = await newJob(runtime);
        const r = await runActionProcess(runtime, { action: 'session-start', eventName: 'push', ref: 'refs/heads/remote-1', job, payload: pushPayload({ branch: 'remote-1', sha: `rm${i}`, at, messages: [`Auto-PR: ${i}`] }), inputs: { now: at } });
        expect(r.code).toBe(0);
      }
      process.env['GITHUB_TOKEN'] = runtime.restToken({ actions: 'write' });
      const list = await cli('list', '--repo', runtime.repo, '--api-url', runtime.url, '--now', plus(T0, 3), '--json');
      expect(list.code, list.err).toBe(0);
      const rows = JSON.parse(list.out) as Array<Record<string, unknown>>;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ streamKey: 'b-remote-1', pushes: 2, status: 'active' });
      const done = await cli('complete', String(rows[0]!['sessionId']), '--repo', runtime.repo, '--api-url', runtime.url, '--now', plus(T0, 3), '--workflow', 'reward.yml');
      expect(done.code, done.err).toBe(0);
      expect(done.out).toMatch(/dispatched reward\.yml on remote-1/);
      expect(runtime.github.dispatches().at(-1)).toMatchObject({ ref: 'remote-1', inputs: { 'session-id': rows[0]!['sessionId'], complete: 'true' } });
      const unknown = await cli('list', '--repo', 'someone/else', '--api-url', runtime.url);
      expect(unknown.code).toBe(1);
      expect(unknown.err).toBe(`auto-pr-sessions list: repository someone/else not found at ${runtime.url}, or the token cannot see it (HTTP 404); check --repo and the token's access\n`);
    } finally {
      delete process.env['GITHUB_TOKEN'];
      await runtime.close();
    }
  });
});

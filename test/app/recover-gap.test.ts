import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEnv, StateStore } from '@auto-pr-sessions/core';
import { FsStateStore, memoryIO, runSessionCheck, runSessionStart } from '@auto-pr-sessions/core';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { plus } from '../helpers/events.js';
import { pushPayload } from '../helpers/payloads.js';

// Pushes whose session-start runs were cancelled (concurrency cancel-in-progress) or never started
// are read back from the branch's history by the next run that does start.

const T0 = '2025-11-19T12:00:00.000Z';
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => Date.parse(T0) });
});
afterAll(async () => {
  await rt.close();
});

interface Push {
  readonly payload: Record<string, unknown>;
  readonly at: string;
  readonly sha: string;
}

/** `n` pushes of one commit each on `branch`, made in the runtime's repository (so compare sees them). */
function burst(branch: string, n: number, message: (i: number) => string, start = T0): Push[] {
  const main = rt.github.branchSha('main')!;
  const pushes: Push[] = [];
  for (let i = 0; i < n; i++) {
    // the first push creates the branch: GitHub sends `before` as forty zeros
    const before = i === 0 ? '0'.repeat(40) : rt.github.branchSha(branch)!;
    const at = plus(start, i * 0.25); // 15 s apart
    const c = rt.github.addCommit({ branch, parents: i === 0 ? [main] : undefined, message: message(i), date: Date.parse(at) - 5_000 });
    const payload = pushPayload({ branch, sha: `${branch}-${i}`, at, messages: [message(i)] });
    payload['before'] = before;
    payload['after'] = c.sha;
    (payload['commits'] as Array<Record<string, unknown>>)[0]!['id'] = c.sha;
    payload['head_commit'] = { ...(payload['commits'] as unknown[])[0] as object, id: c.sha };
    pushes.push({ payload, at, sha: c.sha });
  }
  return pushes;
}

async function harness() {
  const base = await mkdtemp(join(tmpdir(), 'aps-gap-'));
  const workspace = join(base, 'ws');
  const tempDir = join(base, 'tmp');
  await mkdir(workspace, { recursive: true });
  await mkdir(tempDir, { recursive: true });
  const store: StateStore = new FsStateStore(join(base, 'state'));
  let run = 500;
  const token = rt.envFor({ ref: 'refs/heads/main', runId: 1, workspace, tempDir })['GITHUB_TOKEN']!;
  const env = (payload: unknown, now: string, branch: string): RunEnv => ({
    eventName: 'push', payload, owner: 'octo-org', repo: 'octo-repo', ref: `refs/heads/${branch}`, baseRef: '', defaultRef: 'refs/heads/main',
    runId: String((run += 1)), runAttempt: '1', workspace, tempDir, actor: 'agent-bot', apiUrl: rt.url, now,
  });
  const job = async (p: Push, branch: string) => {
    const e = env(p.payload, p.at, branch);
    await runSessionStart(memoryIO({ token }), e, { store });
    const io = memoryIO({ token });
    await runSessionCheck(io, e, { store });
    return { outputs: io.outputs, warnings: io.log };
  };
  return { job, store };
}

describe('session-start reads back pushes whose runs never recorded them', () => {
  it('a 20-push burst where only every fifth run starts: all 20 pushes recorded, the marker still completes the session', async () => {
    const { job, store } = await harness();
    const branch = 'auto-pr-gap';
    const pushes = burst(branch, 20, (i) => (i === 12 ? 'Auto-PR: step 12\n\n[session complete]' : `Auto-PR: step ${i}`));
    // runs of pushes 0, 5, 10, 15 and 19 start; the run of push 12 (the marker) is cancelled
    const started = [0, 5, 10, 15, 19];
    let last: Record<string, string> = {};
    for (const i of started) last = (await job(pushes[i]!, branch)).outputs;
    const { state } = await store.load(`b-${branch}`);
    const heads = new Set(state.events.filter((e) => e.kind === 'push').map((e) => e.headSha));
    for (const p of pushes) expect(heads.has(p.sha)).toBe(true);
    expect(state.events.filter((e) => e.kind === 'push')).toHaveLength(20);
    // the marker closed the first session at push 12; pushes 13..19 are a new session
    expect(last['pushes']).toBe('7');
    expect(last['other-due']).toMatch(/b-auto-pr-gap-/);
    expect(last['head-sha']).toBe(pushes[19]!.sha);
  });

  it('every run started: nothing is read back (no compare call, no duplicate push)', async () => {
    const { job, store } = await harness();
    const branch = 'auto-pr-nogap';
    const pushes = burst(branch, 5, (i) => `Auto-PR: step ${i}`, plus(T0, 120));
    rt.stats().reset();
    let last: Record<string, string> = {};
    for (const p of pushes) last = (await job(p, branch)).outputs;
    const { state } = await store.load(`b-${branch}`);
    expect(state.events.filter((e) => e.kind === 'push')).toHaveLength(5);
    expect(last['pushes']).toBe('5');
    const compares = Object.entries(rt.stats().restByRoute).filter(([route]) => route.includes('/compare/')).reduce((n, [, v]) => n + v, 0);
    expect(compares).toBe(0);
  });

  it('the first runs of a new branch all cancelled: commits since the default branch are recovered', async () => {
    const { job, store } = await harness();
    const branch = 'auto-pr-late';
    const pushes = burst(branch, 4, (i) => `Auto-PR: step ${i}`, plus(T0, 240));
    await job(pushes[3]!, branch);
    const { state } = await store.load(`b-${branch}`);
    const heads = state.events.filter((e) => e.kind === 'push').map((e) => e.headSha);
    for (const p of pushes) expect(heads).toContain(p.sha);
    expect(heads.length).toBe(4);
  });
});

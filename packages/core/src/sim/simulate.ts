import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateStore } from '../adapters/store/types.js';
import { memoryIO } from '../app/memory-io.js';
import type { RunEnv } from '../app/ports.js';
import { runSessionCheck } from '../app/session-check.js';
import { runSessionStart } from '../app/session-start.js';
import { type SessionConfig, foldSessions, markEvent } from '@auto-pr-sessions/domain';
import { loadActionConfig } from '../app/setup.js';
import type { TraceRow } from './trace.js';
import { muteStdout } from '../util/stdout.js';

/** Where the simulated actions keep state, and the environment each simulated run gets. */
export interface SimBackend {
  readonly owner: string;
  readonly repo: string;
  readonly apiUrl: string;
  /** Prepares process.env for one run (the toolkit reads it) and returns the token to pass as input. */
  prepareRun(run: { ref: string; runId: number; workspace: string; tempDir: string }): string;
  newRunId(): number;
  /** A store for the simulator's own reads (final tally) and for the simulated scorer's marks. */
  store(run: { ref: string; runId: number; workspace: string; tempDir: string }): StateStore | undefined;
  restCalls(): number;
  /**
   * Called when a stream's latest session is closed (scored or abandoned) and nothing else in it
   * waits: a later push opens a new session whatever came before, so a backend may set the
   * stream's history aside and keep later runs from re-reading it (see MemoryStateStore).
   */
  retire?(streamKey: string): void;
  /** Called before the final tally: put back whatever `retire` set aside. */
  settle?(): void;
}

export interface SimulateOptions {
  readonly pushes: readonly TraceRow[];
  readonly scope: 'author' | 'branch';
  readonly idleMinutes: number;
  readonly sweepMinutes?: number;
  readonly backend: SimBackend;
  /** Absolute path of the config file the simulated actions read (their `config` input); defaults otherwise. */
  readonly config?: string;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onLine?: (line: string) => void;
}

export interface SimulateResult {
  readonly sessions: number;
  readonly pushes: number;
  readonly scoringRuns: number;
  readonly perPushRuns: number;
  readonly doubleScored: number;
  readonly missed: number;
}

const MINUTE = 60_000;

/**
 * The simulated runs' workspace. Every run writes and reads a hand-off file there, as on a runner,
 * so on a busy disk the replay waits on I/O; a memory file system (/dev/shm) halves its wall time.
 */
async function scratchDir(): Promise<string> {
  try {
    return await mkdtemp('/dev/shm/aps-sim-ws-');
  } catch {
    return mkdtemp(join(tmpdir(), 'aps-sim-ws-'));
  }
}

/** The branch a trace row was pushed to: its own, else its PR's, else the first branch tip. */
export function branchOf(row: TraceRow): string {
  if (row.branch) return row.branch;
  if (row.prNumbers[0] !== undefined) return `auto-pr-pr${row.prNumbers[0]}`;
  return row.branchTips[0] ?? 'auto-pr-stream';
}

/** A push webhook payload with the fields GitHub sends that the suite reads. */
export function pushPayload(row: TraceRow, owner: string, repo: string): Record<string, unknown> {
  const at = row.committerDate ?? new Date(row.committerEpoch * 1000).toISOString();
  const sha = row.sha.padEnd(40, '0');
  const login = row.authorId;
  const message = row.message ?? row.subject;
  return {
    ref: `refs/heads/${branchOf(row)}`,
    before: '0'.repeat(40),
    after: sha,
    created: false,
    deleted: false,
    forced: false,
    repository: { full_name: `${owner}/${repo}`, name: repo, owner: { login: owner }, pushed_at: row.committerEpoch, default_branch: 'main' },
    pusher: { name: login, email: null },
    sender: { login, type: 'User' },
    commits: [{ id: sha, message, timestamp: at, added: [], modified: [], removed: [], author: { name: login, username: login } }],
    head_commit: { id: sha, message, timestamp: at, added: [], modified: [], removed: [] },
  };
}

/**
 * Replays auto-PR pushes through session-start and session-check (in process, against the given
 * backend) on a virtual clock, with a periodic sweep that checks streams holding an open session.
 * A scoring run is simulated by recording the `scored` mark, as compute-reward-batched does.
 */
export async function simulate(opts: SimulateOptions): Promise<SimulateResult> {
  const workspace = await scratchDir();
  const tempDir = join(workspace, '..', `${workspace.split('/').pop() ?? 'x'}-tmp`);
  try {
    await mkdir(tempDir, { recursive: true });
    return await replay(opts, workspace, tempDir);
  } finally {
    // the runs' hand-off files and toolkit scratch: nothing of them is needed after the replay
    await rm(workspace, { recursive: true, force: true });
    await rm(tempDir, { recursive: true, force: true });
  }
}

async function replay(opts: SimulateOptions, workspace: string, tempDir: string): Promise<SimulateResult> {
  const { backend } = opts;
  const sweep = (opts.sweepMinutes ?? 5) * MINUTE;
  const inputs = { scope: opts.scope, 'timeout-minutes': String(opts.idleMinutes), ...(opts.config ? { config: opts.config } : {}) };
  const scoredBy = new Map<string, number>();
  // stream key → ref of its latest run, and the first instant a sweep could find anything to do
  const openStreams = new Map<string, { ref: string; checkFrom: number }>();
  // the configuration the simulated actions run with (loadActionConfig: file, then the input overrides)
  const config: SessionConfig = await loadActionConfig(memoryIO(inputs), { workspace } as RunEnv);
  /**
   * An active session can only become due by time at its idle deadline (`dueAt`) or at its maximum
   * duration; pushes, markers and the other triggers arrive with runs of their own. Sweeps before
   * then read the state and change nothing, so the replay skips them.
   */
  const checkFrom = (d: { dueAt: string | null; firstActivity: string | null; shouldScore: boolean; status: string }): number => {
    if (d.shouldScore || d.status !== 'active' && d.status !== 'idle-warning' || !d.dueAt) return -Infinity;
    const byDuration = config.triggers.max_duration_minutes > 0 && d.firstActivity ? Date.parse(d.firstActivity) + config.triggers.max_duration_minutes * MINUTE : Infinity;
    return Math.min(Date.parse(d.dueAt), byDuration);
  };
  let scoringRuns = 0;

  const cwd = process.cwd();
  process.chdir(workspace); // @actions/cache globs relative paths against the cwd, as on a runner
  const unmute = muteStdout(); // the toolkit writes ::debug:: and info lines to stdout, as on a runner
  try {
    const runOnce = async (eventName: string, payload: unknown, ref: string, nowMs: number, extra: Record<string, string>, check: boolean) => {
      const runId = backend.newRunId();
      const run = { ref, runId, workspace, tempDir };
      const token = backend.prepareRun(run);
      const env: RunEnv = {
        eventName, payload, owner: backend.owner, repo: backend.repo, ref, baseRef: '', defaultRef: 'refs/heads/main', runId: String(runId), runAttempt: '1',
        workspace, tempDir, actor: 'simulator', apiUrl: backend.apiUrl, now: new Date(nowMs).toISOString(),
      };
      const io = memoryIO({ ...inputs, ...extra, token });
      const store = backend.store(run);
      const overrides = store ? { store } : {};
      if (!check) {
        await runSessionStart(io, env, overrides);
      }
      const checkIO = memoryIO({ ...inputs, ...extra, token });
      const result = await runSessionCheck(checkIO, env, overrides);
      const streamKey = io.outputs['stream-key'] ?? extra['session-id'] ?? '';
      if (streamKey) openStreams.set(streamKey, { ref, checkFrom: checkFrom(result.decision) });
      if (result.decision.shouldScore && !result.decision.sessionId) scoringRuns += 1; // not an auto-PR: scored per push, as without the suite
      if (result.decision.shouldScore && result.decision.sessionId) {
        scoringRuns += 1;
        const id = result.decision.sessionId;
        scoredBy.set(id, (scoredBy.get(id) ?? 0) + 1);
        const mark = markEvent({ kind: 'scored', sessionId: id, at: env.now, repo: `${backend.owner}/${backend.repo}`, runId: String(runId), actor: 'simulator' });
        const markStore = store ?? backend.store(run);
        if (markStore && streamKey) await markStore.append(streamKey, [mark]);
        opts.onLine?.(`${env.now} scored ${id} (${result.decision.trigger ?? '?'}, ${result.decision.pushes} push${result.decision.pushes === 1 ? '' : 'es'})`);
      }
      // a sweep stops visiting a stream once its latest session is closed and nothing else waits
      const done = result.decision.status === 'scored' || result.decision.status === 'abandoned';
      const othersWaiting = (checkIO.outputs['other-due'] ?? '[]') !== '[]';
      if (check && streamKey && done && !othersWaiting && !result.decision.shouldScore) {
        openStreams.delete(streamKey);
        backend.retire?.(streamKey);
      }
      return result;
    };

    const sweepUntil = async (fromMs: number, toMs: number) => {
      for (let t = Math.ceil(fromMs / sweep) * sweep; t < toMs; t += sweep) {
        for (const [stream, { ref, checkFrom: from }] of [...openStreams]) {
          if (t < from) continue;
          await runOnce('schedule', { schedule: `*/${opts.sweepMinutes ?? 5} * * * *` }, ref, t, { 'session-id': stream }, true);
        }
        if (openStreams.size === 0) return;
      }
    };

    let previous = -Infinity;
    for (const [i, row] of opts.pushes.entries()) {
      const at = row.committerEpoch * 1000;
      if (Number.isFinite(previous)) await sweepUntil(previous + 1, at);
      await runOnce('push', pushPayload(row, backend.owner, backend.repo), `refs/heads/${branchOf(row)}`, at, {}, false);
      previous = at;
      opts.onProgress?.(i + 1, opts.pushes.length);
    }
    await sweepUntil(previous + 1, previous + (opts.idleMinutes + 2 * (opts.sweepMinutes ?? 5) + 1) * MINUTE);
  } finally {
    unmute();
    process.chdir(cwd);
  }
  backend.settle?.();

  // final tally from the stored state
  let sessions = 0;
  let missed = 0;
  const last = { ref: 'refs/heads/main', runId: backend.newRunId(), workspace, tempDir };
  backend.prepareRun(last);
  const store = backend.store(last);
  if (store) {
    const cwd2 = process.cwd();
    process.chdir(workspace);
    const unmute2 = muteStdout();
    try {
      for (const key of await store.listStreams()) {
        const loaded = await store.load(key);
        for (const s of foldSessions(loaded.state, config)) {
          sessions += 1;
          if (!s.scored) missed += 1;
        }
      }
    } finally {
      unmute2();
      process.chdir(cwd2);
    }
  }
  const doubleScored = [...scoredBy.values()].filter((n) => n > 1).length;
  return { sessions, pushes: opts.pushes.length, scoringRuns, perPushRuns: opts.pushes.length, doubleScored, missed };
}

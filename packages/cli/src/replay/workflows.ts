/**
 * `simulate TRACE --workflows DIR`: a trace replayed through real workflow files with the local
 * workflow runner. Each trace push becomes a push (and a pull_request synchronize where the row has
 * a PR), schedules fire on the virtual clock, dispatches start the dispatched workflow, jobs take
 * virtual time and concurrency cancels as on GitHub. What the suite recorded is then read back from
 * the runtime's state artifacts, exactly as a later run would read it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionConfig, SimulateResult, TraceRow } from '@auto-pr-sessions/core';
import { ActionsStateStore, branchOf, createGitHubClient, createLogger, foldSessions, memorySink, muteStdout } from '@auto-pr-sessions/core';
import type { ActionHostKind, LoadedWorkflow, RunRecord, Sandbox } from '@auto-pr-sessions/runtime';
import { startWorkflowSandbox } from '@auto-pr-sessions/runtime';

const MIN = 60_000;

/** What every replayed `run:` step does instead of the tests: the reports init's workflows upload. */
const REPORTS = [
  'mkdir -p coverage',
  `printf '%s' '<testsuite name="replay" tests="1"><testcase classname="replay" name="ok"/></testsuite>' > junit.xml`,
  "printf 'SF:src/replay.ts\\nDA:1,1\\nend_of_record\\n' > coverage/lcov.info",
].join('\n');

export interface WorkflowReplayOptions {
  /** Auto-PR pushes in time order. */
  readonly rows: readonly TraceRow[];
  readonly workflows: readonly LoadedWorkflow[];
  /** Where `uses:` of the suite's actions are taken from (default: this checkout). */
  readonly actionsRoot?: string;
  /** Files of the repository's first commit (the workflows and the config, so checkouts find them). */
  readonly files: Readonly<Record<string, string>>;
  readonly config: SessionConfig;
  /** Virtual duration of every `run:` step (the test command of the score job). */
  readonly runStepMinutes: number;
  /**
   * A stretch without pushes longer than this is fast-forwarded: the sweeps it would hold find
   * nothing to do once every session has had its idle timeout and a sweep after it.
   */
  readonly quietMinutes?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** How the suite's actions run: warm threads (default; the bundle is compiled once) or a process per step as on GitHub. */
  readonly actionHost?: ActionHostKind;
}

export interface WorkflowReplayResult extends SimulateResult {
  /** Distinct pushed commits recorded in the sessions' state. */
  readonly pushesRecorded: number;
  readonly jobsStarted: number;
  readonly jobsCancelled: number;
  readonly workflowRuns: number;
  /** Session jobs that started, against one per push without the suite's cancellation. */
  readonly sessionJobsStarted: number;
}

function stepsOf(runs: readonly RunRecord[], action: string) {
  return runs.flatMap((r) => r.jobs.flatMap((j) => j.steps.filter((s) => s.name.includes(action))));
}

/** Reads every stream the runs recorded, as a trusted default-branch run would. */
async function recordedStates(sb: Sandbox) {
  const dir = await mkdtemp(join(tmpdir(), 'aps-replay-'));
  const env = sb.runtime.envFor({ ref: 'refs/heads/main', runId: sb.runtime.newRunId(), workspace: dir, tempDir: dir });
  const saved = { ...process.env };
  Object.assign(process.env, env);
  const unmute = muteStdout(); // the artifact client prints as on a runner
  try {
    const [owner = '', repo = ''] = sb.runtime.repo.split('/');
    const token = env['GITHUB_TOKEN'] ?? '';
    const github = createGitHubClient({ token, baseUrl: sb.runtime.url });
    const store = new ActionsStateStore({
      owner, repo, github, token, workspace: dir, tempDir: dir, runId: '0', runAttempt: '0', ref: '',
      retentionDays: 1, artifactsOnly: true, log: createLogger({ sink: memorySink(), operation: 'replay' }),
    });
    const streams = await store.listStreams(1_000);
    return await Promise.all(streams.map(async (s) => (await store.load(s)).state));
  } finally {
    unmute();
    for (const k of Object.keys(env)) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

export async function replayThroughWorkflows(opts: WorkflowReplayOptions): Promise<WorkflowReplayResult> {
  const rows = opts.rows;
  const first = (rows[0]?.committerEpoch ?? Date.now() / 1000) * 1000;
  const quiet = (opts.quietMinutes ?? opts.config.timeout_minutes + 60) * MIN;
  const sb = await startWorkflowSandbox({
    workflows: [...opts.workflows],
    start: Math.floor((first - 10 * MIN) / MIN) * MIN,
    ...(opts.actionsRoot ? { actionsRoot: opts.actionsRoot } : {}),
    files: { ...opts.files },
    // run: steps (the test command) take their virtual time and write small reports in its place
    runSteps: { mode: 'bash', durationMs: opts.runStepMinutes * MIN, script: () => REPORTS },
    actionHost: opts.actionHost ?? 'worker',
    // The runtime runs on the virtual clock: pacing REST writes in wall time (1 s apart on GitHub)
    // protects nothing here and would be most of a scoring job's replay time.
    baseEnv: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', AUTO_PR_SESSIONS_WRITE_INTERVAL_MS: '0' },
  });
  try {
    const openPrs = new Map<number, number>(); // trace PR number -> the runtime's PR number
    let last = first;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const at = row.committerEpoch * 1000;
      if (at - last > quiet) {
        await sb.runner.runUntil(last + quiet);
        await sb.runner.settle();
        sb.runner.skipSchedulesUntil(at - 1);
      }
      await sb.runner.runUntil(Math.max(at - 1, sb.clock.now()));
      const branch = branchOf(row);
      const author = { login: row.authorId, name: row.authorId };
      sb.runner.push({ branch, actor: row.authorId, at, commits: [{ message: row.message ?? row.subject, author }] });
      const pr = row.prNumbers[0];
      if (pr !== undefined && !openPrs.has(pr)) {
        openPrs.set(pr, pr);
        sb.runner.pullRequest({ action: 'opened', head: branch, title: row.subject, actor: row.authorId, at: at + 1_000 });
      }
      last = at;
      opts.onProgress?.(i + 1, rows.length);
    }
    // let every session reach its idle timeout, the sweep after it, and the scoring it dispatches
    await sb.runner.runUntil(last + quiet);
    await sb.runner.settle();
    const runs = sb.runner.runs();
    const states = await recordedStates(sb);
    const sessions = states.flatMap((st) => foldSessions(st, opts.config));
    const scoredIds = stepsOf(runs, 'compute-reward-batched').filter((s) => s.outputs['status'] === 'scored').map((s) => s.outputs['session-id'] ?? '');
    const perSession = new Map<string, number>();
    for (const id of scoredIds) perSession.set(id, (perSession.get(id) ?? 0) + 1);
    const recorded = new Set<string>();
    for (const st of states) for (const e of st.events) if (e.kind === 'push') for (const c of e.commits) recorded.add(c.sha);
    const jobs = runs.flatMap((r) => r.jobs);
    return {
      sessions: sessions.length,
      pushes: rows.length,
      scoringRuns: scoredIds.length,
      perPushRuns: rows.length,
      doubleScored: [...perSession.values()].filter((n) => n > 1).length,
      missed: sessions.filter((s) => s.scored === null && s.abandoned === null).length,
      pushesRecorded: recorded.size,
      jobsStarted: jobs.filter((j) => j.startedAt !== null).length,
      jobsCancelled: jobs.filter((j) => j.result === 'cancelled').length,
      workflowRuns: runs.length,
      sessionJobsStarted: jobs.filter((j) => j.id === 'session' && j.startedAt !== null).length,
    };
  } finally {
    await sb.close();
  }
}

// In-process harness for compute-reward-batched: the use case runs with a memory IO against a local
// runtime (REST, cache, artifacts), with the variables a runner would set in process.env for the
// toolkit clients. Report fixtures are real tool output, copied into each job's workspace.
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEnv, StateStore } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { memoryIO, runComputeReward } from '@auto-pr-sessions/core';

export const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));

export interface Job {
  readonly workspace: string;
  readonly tempDir: string;
  readonly runId: number;
}

export function newJobDirs(rt: LocalRuntime): Job {
  const base = mkdtempSync(join(tmpdir(), 'aps-reward-'));
  const workspace = join(base, 'ws');
  const tempDir = join(base, 'tmp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(tempDir, { recursive: true });
  return { workspace, tempDir, runId: rt.newRunId() };
}

/** Copies fixture files (paths under test/fixtures/reports) into `dir`, keeping their names. */
export function copyFixtures(dir: string, files: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) cpSync(join(FIXTURES, f), join(dir, f.split('/').pop() as string));
}

export interface RunOptions {
  readonly inputs?: Record<string, string>;
  readonly now: string;
  readonly eventName?: string;
  readonly payload?: unknown;
  readonly ref?: string;
  readonly job?: Job;
  readonly store?: StateStore;
  readonly token?: string;
}

/** Runs the use case once, in-process, as one step of a job. */
export async function runReward(rt: LocalRuntime, opts: RunOptions) {
  const job = opts.job ?? newJobDirs(rt);
  const ref = opts.ref ?? 'refs/heads/main';
  const vars = rt.envFor({ ref, runId: job.runId, workspace: job.workspace, tempDir: job.tempDir, eventName: opts.eventName ?? 'workflow_dispatch' });
  Object.assign(process.env, vars);
  // the toolkit resolves cache paths against the working directory, which a runner sets to the workspace
  process.chdir(job.workspace);
  const env: RunEnv = {
    eventName: opts.eventName ?? 'workflow_dispatch',
    payload: opts.payload ?? {},
    owner: 'octo-org',
    repo: 'octo-repo',
    ref,
    baseRef: '',
    defaultRef: 'refs/heads/main',
    runId: String(job.runId),
    runAttempt: '1',
    workspace: job.workspace,
    tempDir: job.tempDir,
    actor: 'octocat',
    apiUrl: rt.url,
    now: opts.now,
  };
  const io = memoryIO({ token: opts.token ?? vars['GITHUB_TOKEN'] ?? '', ...opts.inputs });
  let error: Error | null = null;
  try {
    await runComputeReward(io, env, opts.store ? { store: opts.store } : {});
  } catch (err) {
    error = err as Error;
  }
  return { outputs: io.outputs, summary: io.summaries.join('\n'), error, job, io };
}

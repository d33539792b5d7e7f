// The local workflow runner: public surface.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitHeadBranch, importGitRepository } from '../git-import.js';
import { startRuntime } from '../server.js';
import type { LocalRuntime, RuntimeOptions } from '../types.js';
import { loadWorkflow, type LoadedWorkflow } from './parser.js';
import { VirtualClock, WorkflowRunner, type WorkflowRunnerOptions } from './runner.js';

export { loadWorkflow, type LoadedWorkflow } from './parser.js';
export { evaluate, evalBool, evalToken, evalTemplateString, type ExprScope, type Json, type StatusView } from './expressions.js';
export { triggers, dispatchInputs, matchesPatterns, filterPatternRegex, type TriggerEvent } from './filters.js';
export { jobPermissions, permissionsFrom, defaultPermissions, type TokenPermissions } from './permissions.js';
export { ConcurrencyGroups, type ConcurrencyMember } from './concurrency.js';
export { resolveAction, type RunStepMode, type StepTiming, type StepOutcome } from './steps.js';
export type { RunnerEvent } from './events.js';
export { type ActionHostKind } from './action-host.js';
export { nodeFor, type NodeChoice } from './node-binary.js';
export * from './runner.js';

/** Every *.yml / *.yaml file of a directory (e.g. .github/workflows), read with GitHub's parser. */
export async function loadWorkflowDir(dir: string): Promise<LoadedWorkflow[]> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  return Promise.all(names.map(async (n) => loadWorkflow(n, await readFile(join(dir, n), 'utf8'))));
}

export interface SandboxOptions extends Omit<WorkflowRunnerOptions, 'runtime' | 'clock' | 'workflows'> {
  /** Workflow files: a directory or loaded workflows. */
  workflows: string | LoadedWorkflow[];
  /** Virtual start time (ms). Default now, rounded down to the minute. */
  start?: number;
  /** Files of the repository's first commit on the default branch (what actions/checkout writes). */
  files?: Record<string, string>;
  /**
   * A git clone to stand in for the repository: its branches and history (same shas) are imported,
   * so checkout, compare and pull-request commits and files come from git; its HEAD branch is the
   * default branch unless `runtime.defaultBranch` says otherwise.
   */
  gitDir?: string;
  runtime?: Omit<RuntimeOptions, 'now'>;
}

export interface Sandbox {
  runner: WorkflowRunner;
  runtime: LocalRuntime;
  clock: VirtualClock;
  close(): Promise<void>;
}

/** A runtime on a virtual clock with a runner for the given workflows: the quickest way to try a workflow. */
export async function startWorkflowSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const clock = new VirtualClock(opts.start ?? Math.floor(Date.now() / 60_000) * 60_000);
  const defaultBranch = opts.runtime?.defaultBranch ?? (opts.gitDir ? (gitHeadBranch(opts.gitDir) ?? undefined) : undefined);
  const runtime = await startRuntime({ ...opts.runtime, ...(defaultBranch ? { defaultBranch } : {}), now: clock.now });
  const { workflows, start: _s, files, runtime: _r, gitDir, ...rest } = opts;
  if (gitDir) importGitRepository(runtime.github, gitDir);
  const loaded = typeof workflows === 'string' ? await loadWorkflowDir(workflows) : workflows;
  if (files && Object.keys(files).length > 0) {
    const branch = runtime.github.repo.defaultBranch;
    runtime.github.addCommit({ branch, message: 'Add the repository files', files: Object.entries(files).map(([filename, content]) => ({ filename, status: 'added', content })) });
  }
  const runner = new WorkflowRunner({ ...rest, runtime, clock, workflows: loaded });
  return {
    runner,
    runtime,
    clock,
    close: async () => {
      await runner.close();
      await runtime.close();
    },
  };
}

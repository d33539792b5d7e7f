/** `simulate TRACE --workflows DIR`: reads the workflow files and the config, replays, prints. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionConfig, TraceRow } from '@auto-pr-sessions/core';
import { DEFAULT_CONFIG, formatIssues, loadConfig, parseConfig } from '@auto-pr-sessions/core';
import { loadWorkflow } from '@auto-pr-sessions/runtime';
import { InputError } from '../errors.js';
import { progressBar } from '../progress.js';
import { replayThroughWorkflows } from './workflows.js';

export interface WorkflowDirOptions {
  readonly workflows: string;
  readonly pushes: readonly TraceRow[];
  /** What was read, for the first line (e.g. "585 auto-PR pushes of trace.tsv"). */
  readonly what: string;
  readonly config?: string;
  readonly scope?: 'author' | 'branch';
  readonly idleMinutes?: number;
  readonly runStepMinutes: number;
  readonly scoringRunMinutes: number;
  readonly actionHost?: 'worker' | 'process';
  readonly json?: boolean;
}

const CONFIG_PATH = '.github/auto-pr-sessions.yml';

/**
 * The config the replayed repository holds: --config's file (or the defaults) with --scope and
 * --idle-minutes applied, written as JSON (YAML 1.2 reads it as it is).
 */
async function configText(opts: WorkflowDirOptions): Promise<string> {
  let config: SessionConfig = DEFAULT_CONFIG;
  if (opts.config !== undefined) {
    if (!(await stat(opts.config).catch(() => null))?.isFile()) {
      throw new InputError(`--config ${opts.config}: no such file; give the path of an auto-pr-sessions.yml, or leave --config out for the defaults`);
    }
    const loaded = await loadConfig(opts.config);
    if (!loaded.ok) throw new InputError(`--config ${opts.config} is invalid (check it with: auto-pr-sessions validate ${opts.config}):\n${formatIssues(loaded.issues)}`);
    config = loaded.config;
  }
  return `${JSON.stringify({ ...config, ...(opts.scope ? { scope: opts.scope } : {}), ...(opts.idleMinutes ? { timeout_minutes: opts.idleMinutes } : {}) }, null, 2)}\n`;
}

export async function replayWorkflowDir(opts: WorkflowDirOptions): Promise<void> {
  const started = Date.now();
  if (!(await stat(opts.workflows).catch(() => null))?.isDirectory()) {
    throw new InputError(`--workflows ${opts.workflows}: no such directory; give a folder of workflow files, e.g. the .github/workflows that auto-pr-sessions init writes`);
  }
  const names = (await readdir(opts.workflows)).filter((n) => /\.ya?ml$/.test(n)).sort();
  if (names.length === 0) throw new InputError(`--workflows ${opts.workflows}: no .yml or .yaml file there; write them with: auto-pr-sessions init --dry-run`);
  const files: Record<string, string> = {};
  const workflows = [];
  for (const name of names) {
    const text = await readFile(join(opts.workflows, name), 'utf8');
    const wf = await loadWorkflow(name, text);
    if (wf.errors.length > 0) throw new InputError(`${join(opts.workflows, name)}: ${wf.errors.join('; ')}; fix the workflow (actionlint helps) and retry`);
    workflows.push(wf);
    files[`.github/workflows/${name}`] = text;
  }
  const config = await configText(opts);
  const parsed = parseConfig(config, opts.config ?? CONFIG_PATH);
  if (!parsed.ok) throw new InputError(`--config ${opts.config ?? '(defaults)'} is invalid (check it with: auto-pr-sessions validate):\n${formatIssues(parsed.issues)}`);
  files[CONFIG_PATH] = config;
  const bar = opts.json ? null : progressBar('replaying pushes through the workflows');
  let result;
  try {
    result = await replayThroughWorkflows({
      rows: opts.pushes,
      workflows,
      files,
      config: parsed.config,
      runStepMinutes: opts.runStepMinutes,
      ...(opts.actionHost ? { actionHost: opts.actionHost } : {}),
      onProgress: (done, total) => bar?.update(done, total),
    });
  } finally {
    bar?.stop();
  }
  if (!opts.json) {
    const saved = result.perPushRuns - result.scoringRuns;
    process.stdout.write(
      [
        `replayed ${opts.what} through ${names.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s (scope ${parsed.config.scope}, idle ${parsed.config.timeout_minutes} min)`,
        `${result.sessions} sessions; ${result.scoringRuns} scoring runs instead of ${result.perPushRuns} (one per push): ${saved} saved; double-scored ${result.doubleScored}, missed ${result.missed}`,
        `${result.pushesRecorded} of ${result.pushes} pushes recorded; ${result.workflowRuns} workflow runs, ${result.jobsStarted} jobs started (${result.sessionJobsStarted} session jobs for ${result.pushes} pushes), ${result.jobsCancelled} cancelled`,
        `CI minutes saved: ${Math.round(saved * opts.scoringRunMinutes)} (assuming ${opts.scoringRunMinutes} min per scoring run)`,
      ].join('\n') + '\n',
    );
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

import type { Command } from 'commander';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SimBackend, SimulateResult, TraceRow } from '@auto-pr-sessions/core';
import { FsStateStore, MemoryStateStore, TraceError, autoPrPushes, formatIssues, loadConfig, memoryBackend, parseTrace, simulate } from '@auto-pr-sessions/core';
import { InputError, UsageError, guarded } from '../errors.js';
import { readGitHistory } from '../git-history.js';
import { actionHost, idleMinutes, minutes, positiveInt, scope } from '../options.js';
import { progressBar } from '../progress.js';
import { replayWorkflowDir } from '../replay/workflow-dir.js';
import { safeStreamKey } from '../safe-path.js';

interface SimulateOptions {
  git?: string;
  workflows?: string;
  runStepMinutes: number;
  actionHost?: 'worker' | 'process';
  scope?: 'author' | 'branch';
  idleMinutes?: number;
  sweepMinutes: number;
  config?: string;
  stateOut?: string;
  scoringRunMinutes: number;
  limit?: number;
  runtime?: boolean;
  json?: boolean;
  verbose?: boolean;
}

/** What the replay reads: a trace's auto-PR rows, or every commit of a clone. */
async function readPushes(trace: string | undefined, opts: SimulateOptions): Promise<{ pushes: TraceRow[]; what: string }> {
  if (opts.git !== undefined) {
    const history = await readGitHistory(opts.git);
    const branches = new Set(history.rows.map((r) => r.branch)).size;
    return { pushes: history.rows, what: `${history.rows.length} commits of ${opts.git} (${history.refs} refs, ${history.pullRefs} of them refs/pull/*/head; ${branches} branches; default ${history.defaultBranch})` };
  }
  const file = trace ?? '';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot read the trace ${file} (${code}); give a TSV trace such as examples/verosuite-commit-trace.tsv, or --git DIR`);
  }
  try {
    const pushes = autoPrPushes(parseTrace(text, file));
    return { pushes, what: `${pushes.length} auto-PR pushes of ${file}` };
  } catch (err) {
    if (err instanceof TraceError) throw new InputError(`${err.message}; the columns are described in examples/README.md`);
    throw err;
  }
}

/** The config the replayed actions read (absolute, since they resolve it against their workspace). */
async function readConfig(file: string | undefined): Promise<{ path: string | undefined; scope: 'author' | 'branch' | undefined; idle: number | undefined }> {
  if (file === undefined) return { path: undefined, scope: undefined, idle: undefined };
  const path = resolve(file);
  if (!(await stat(path).catch(() => null))?.isFile()) throw new InputError(`--config ${file}: no such file; give the path of an auto-pr-sessions.yml, or leave --config out for the defaults`);
  const loaded = await loadConfig(path);
  if (!loaded.ok) throw new InputError(`--config ${file} is invalid (check it with: auto-pr-sessions validate ${file}):\n${formatIssues(loaded.issues)}`);
  return { path, scope: loaded.config.scope, idle: loaded.config.timeout_minutes };
}

async function emptyDirOrAbsent(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) throw new InputError(`--state-out ${dir} is a file; give a new directory`);
  if ((await readdir(dir)).length > 0) throw new InputError(`--state-out ${dir} is not empty; give a new or empty directory (a replay is not merged into existing state)`);
}

/** Writes every replayed stream in the filesystem store's layout, for status, list, show and analytics. */
async function writeState(store: MemoryStateStore, dir: string): Promise<number> {
  await mkdir(dir, { recursive: true }); // even with no stream: status then reports 0 sessions, not a missing directory
  const out = new FsStateStore(dir);
  let written = 0;
  for (const key of await store.listStreams()) {
    safeStreamKey(key, `a replayed stream key`);
    const { state } = await store.load(key);
    await out.append(key, state.events);
    written += 1;
  }
  return written;
}

/** A backend that runs the replay through the local runtime (cache, artifact and REST stand-ins). */
async function runtimeReplay(): Promise<{ backend: (scope: 'author' | 'branch') => SimBackend; close: () => Promise<void> }> {
  const { runtimeBackend, startRuntime } = await import('@auto-pr-sessions/runtime');
  const runtime = await startRuntime();
  return { backend: (s) => runtimeBackend(runtime, { scope: s }), close: () => runtime.close() };
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .summary('replay a commit trace or a clone\'s git history through the actions; the last line is a JSON summary')
    .description(
      'Replay pushes through session-start and session-check (the actions\' own code, in process) on a virtual clock, with a sweep every ' +
        '--sweep-minutes, and count sessions and scoring runs. TRACE is a TSV trace such as examples/verosuite-commit-trace.tsv (its ' +
        'auto-PR rows are replayed); --git DIR replays every commit of a local clone as one push at its committer time, to its branch ' +
        '(from refs, refs/pull/N/head when fetched, and merge messages). The last line of stdout is the JSON summary ' +
        '{sessions, pushes, scoringRuns, perPushRuns, doubleScored, missed}.',
    )
    .argument('[trace]', 'trace file (TSV); rows of kind auto_pr are pushes')
    .option('--git <dir>', 'replay the history of this local clone instead of a trace')
    .option('--scope <scope>', 'session scope: author or branch (default: the config\'s, else author)', scope)
    .option('--idle-minutes <n>', 'idle timeout in minutes, 5–120 (default: the config\'s, else 30)', idleMinutes)
    .option('--config <file>', 'configuration the replayed actions read (patterns, triggers, non_auto_prs); default: the built-in defaults')
    .option('--state-out <dir>', 'write the replayed state here (a new directory) for status, list, show and analytics --state DIR')
    .option('--scoring-run-minutes <n>', 'minutes one scoring run takes, for the CI minutes saved (an assumption, stated in the output)', minutes, 10)
    .option('--sweep-minutes <n>', 'minutes between sweeps on the virtual clock', positiveInt, 5)
    .option('--limit <n>', 'replay only the first N pushes', positiveInt)
    .option('--runtime', 'replay through the local runtime (the real cache and artifact clients over HTTP): slower, same counts')
    .option('--workflows <dir>', 'replay through these workflow files (e.g. the .github/workflows that init writes) with the local workflow runner: jobs, concurrency, schedules and dispatches as on GitHub; adds pushesRecorded, jobsStarted, jobsCancelled, workflowRuns to the summary')
    .option('--run-step-minutes <n>', 'with --workflows: virtual minutes each run: step takes (the test command; replaced by one that writes junit.xml and coverage/lcov.info)', minutes, 3)
    .option('--action-host <kind>', 'with --workflows: how the actions run: worker (default: warm threads, the bundle compiled once) or process (a node process per step, as on GitHub; slower)', actionHost)
    .option('--json', 'print only the JSON summary')
    .option('--verbose', 'print each scoring run')
    .action((trace: string | undefined, opts: SimulateOptions) =>
      guarded('simulate', async () => {
        if ((trace === undefined) === (opts.git === undefined)) throw new UsageError('give a TRACE file or --git DIR (one of them); see auto-pr-sessions simulate --help');
        if (opts.runtime && opts.stateOut !== undefined) throw new UsageError('--state-out writes the in-process replay\'s state; leave out --runtime');
        if (opts.stateOut !== undefined) await emptyDirOrAbsent(opts.stateOut);
        if (opts.workflows !== undefined) {
          if (opts.runtime || opts.stateOut !== undefined) throw new UsageError('--workflows replays through the workflow runner; leave out --runtime and --state-out');
          const { pushes: all, what } = await readPushes(trace, opts);
          const pushes = all.slice(0, opts.limit ?? Infinity);
          await replayWorkflowDir({ ...opts, workflows: opts.workflows, pushes, what: pushes.length === all.length ? what : `the first ${pushes.length} of ${what}` });
          return;
        }
        const config = await readConfig(opts.config);
        const sessionScope = opts.scope ?? config.scope ?? 'author';
        const idle = opts.idleMinutes ?? config.idle ?? 30;
        const started = Date.now();
        const { pushes: all, what } = await readPushes(trace, opts);
        const pushes = all.slice(0, opts.limit ?? Infinity);
        const store = new MemoryStateStore();
        const remote = opts.runtime ? await runtimeReplay() : null;
        const bar = opts.json ? null : progressBar('replaying pushes');
        let result: SimulateResult;
        try {
          result = await simulate({
            pushes,
            scope: sessionScope,
            idleMinutes: idle,
            sweepMinutes: opts.sweepMinutes,
            backend: remote ? remote.backend(sessionScope) : memoryBackend({ store }),
            ...(config.path ? { config: config.path } : {}),
            onProgress: (done, total) => bar?.update(done, total),
            ...(opts.verbose && !opts.json ? { onLine: (line: string) => bar?.log(line) } : {}),
          });
        } finally {
          bar?.stop();
          await remote?.close();
        }
        const streams = opts.stateOut === undefined ? 0 : await writeState(store, opts.stateOut);
        if (!opts.json) {
          const saved = result.perPushRuns - result.scoringRuns;
          const lines = [
            `replayed ${result.pushes === all.length ? what : `the first ${result.pushes} of ${what}`} in ${((Date.now() - started) / 1000).toFixed(1)} s (scope ${sessionScope}, idle ${idle} min${config.path ? `, config ${opts.config}` : ''})`,
            `${result.sessions} sessions; ${result.scoringRuns} scoring runs instead of ${result.perPushRuns} (one per push): ${saved} saved (${Math.round((saved / Math.max(1, result.perPushRuns)) * 100)}%); double-scored ${result.doubleScored}, missed ${result.missed}`,
            `CI minutes saved: ${Math.round(saved * opts.scoringRunMinutes)} (assuming ${opts.scoringRunMinutes} min per scoring run; set --scoring-run-minutes to yours)`,
          ];
          if (opts.stateOut !== undefined) lines.push(`wrote ${streams} streams to ${opts.stateOut}; see them with: auto-pr-sessions status --state ${opts.stateOut} (also list, show, analytics)`);
          process.stdout.write(`${lines.join('\n')}\n`);
        }
        process.stdout.write(`${JSON.stringify(result)}\n`);
      }),
    );
}

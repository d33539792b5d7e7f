import type { Command } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadWorkflowDir, startWorkflowSandbox, type RunRecord, type RunnerEvent } from '@auto-pr-sessions/runtime';
import { InputError, UsageError, guarded } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { positiveInt } from '../options.js';

const EVENTS = ['push', 'pull_request', 'workflow_dispatch', 'schedule', 'issue_comment'] as const;
type EventName = (typeof EVENTS)[number];

interface WorkflowOptions {
  workflows: string;
  event: string;
  ref: string;
  workflow?: string;
  base: string;
  action: string;
  message: string;
  input: string[];
  payload?: string;
  repoDir?: string;
  run: string;
  runMinutes: number;
  untilMinutes: number;
  json?: boolean;
}

function parseInputs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at <= 0) throw new UsageError(`--input ${p}: expected NAME=VALUE`);
    out[p.slice(0, at)] = p.slice(at + 1);
  }
  return out;
}

function describe(runs: RunRecord[], problems: string[]): string {
  const lines: string[] = [];
  for (const r of runs) {
    lines.push(`${r.workflow} (${r.event}${r.action ? `.${r.action}` : ''} ${r.ref}) run ${r.id}: ${r.conclusion ?? r.status}${r.cancelReason ? ` (${r.cancelReason})` : ''}`);
    for (const j of r.jobs) {
      lines.push(`  job ${j.id}: ${j.result ?? j.status}`);
      for (const s of j.steps) {
        lines.push(`    ${s.outcome.padEnd(9)} ${s.name}`);
        for (const a of s.annotations) lines.push(`              ${a.level}: ${a.message.split('\n')[0]}`);
      }
    }
  }
  if (runs.length === 0) lines.push('no workflow started for this event (check the on: filters)');
  for (const p of problems) lines.push(`problem: ${p}`);
  return `${lines.join('\n')}\n`;
}

export function registerWorkflow(program: Command): void {
  program
    .command('run-workflow')
    .description('run workflow files offline against the local runtime, with GitHub\'s run semantics on a virtual clock (on: filters, needs, if:, permissions, concurrency); this suite\'s actions run for real, actions/checkout is emulated, other actions are stubs')
    .option('--workflows <dir>', 'directory of workflow files', '.github/workflows')
    .option('--event <name>', `event to send: ${EVENTS.join(', ')}`, 'push')
    .option('--ref <branch>', 'branch pushed, pull request head, or dispatched ref', 'main')
    .option('--workflow <file>', 'workflow_dispatch: the workflow to dispatch (default: the only one with workflow_dispatch)')
    .option('--base <branch>', 'pull request base branch', 'main')
    .option('--action <type>', 'pull_request activity type', 'opened')
    .option('--message <text>', 'message of the pushed commit, or body of the comment', 'local run')
    .option('--input <name=value>', 'workflow_dispatch input (repeatable)', (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--payload <file>', 'JSON object merged over the generated event payload')
    .option('--repo-dir <dir>', 'git clone standing in for the repository: its branches and commits (checkout, compare, PR commits and files come from git); default: an empty repository')
    .option('--run <mode>', 'run: steps: stub (take --run-minutes, do nothing) or bash', 'stub')
    .option('--run-minutes <n>', 'virtual minutes a run: step takes', positiveInt, 1)
    .option('--until-minutes <n>', 'keep the virtual clock going this long after the event (schedules fire)', (v: string) => (v === '0' ? 0 : positiveInt(v)), 0)
    .option('--json', 'print the runs as JSON')
    .action((opts: WorkflowOptions) =>
      guarded('run-workflow', async () => {
        if (!(EVENTS as readonly string[]).includes(opts.event)) throw new UsageError(`--event ${opts.event}: expected one of ${EVENTS.join(', ')}`);
        if (opts.run !== 'stub' && opts.run !== 'bash') throw new UsageError(`--run ${opts.run}: expected stub or bash`);
        const dir = resolve(opts.workflows);
        if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new InputError(`--workflows ${opts.workflows}: no such directory; give the directory holding the workflow files (e.g. .github/workflows)`);
        const workflows = await loadWorkflowDir(dir);
        if (workflows.length === 0) throw new InputError(`--workflows ${opts.workflows} holds no .yml or .yaml file`);
        let patch: Record<string, unknown> = {};
        if (opts.payload) {
          try {
            patch = JSON.parse(await readFile(opts.payload, 'utf8')) as Record<string, unknown>;
          } catch (err) {
            throw new InputError(`--payload ${opts.payload}: ${err instanceof Error ? err.message : String(err)}; give a file holding a JSON object`);
          }
        }
        const gitDir = opts.repoDir ? resolve(opts.repoDir) : undefined;
        if (gitDir && !(await stat(join(gitDir, '.git')).catch(() => null))) throw new InputError(`--repo-dir ${opts.repoDir} is not the root of a git clone; give one, or leave --repo-dir out to check out no files`);
        const sb = await startWorkflowSandbox({
          workflows,
          ...(gitDir ? { gitDir } : {}),
          runSteps: { mode: opts.run as 'stub' | 'bash', durationMs: opts.runMinutes * 60_000 },
          eventHook: (ev: RunnerEvent) => ({ ...ev, payload: { ...ev.payload, ...patch } }),
        });
        try {
          const event = opts.event as EventName;
          const inputs = parseInputs(opts.input);
          if (event === 'push') sb.runner.push({ branch: opts.ref, commits: [{ message: opts.message }] });
          else if (event === 'pull_request') {
            sb.runner.pullRequest({ action: 'opened', head: opts.ref, base: opts.base, title: opts.message });
            if (opts.action !== 'opened') sb.runner.pullRequest({ action: opts.action as 'closed', number: 1 });
          } else if (event === 'workflow_dispatch') {
            if (opts.ref !== sb.runtime.github.repo.defaultBranch) sb.runtime.github.setBranch(opts.ref, sb.runtime.github.branchSha(sb.runtime.github.repo.defaultBranch) ?? '');
            const dispatchable = workflows.filter((w) => 'workflow_dispatch' in w.template.events).map((w) => w.file);
            const target = opts.workflow ?? (dispatchable.length === 1 ? dispatchable[0] : undefined);
            if (!target) throw new UsageError(`--event workflow_dispatch needs --workflow FILE: ${dispatchable.length} workflows accept it (${dispatchable.join(', ') || 'none'})`);
            sb.runner.dispatch({ workflow: target, ref: opts.ref, inputs });
          } else if (event === 'issue_comment') {
            sb.runner.pullRequest({ action: 'opened', head: opts.ref, base: opts.base });
            sb.runner.issueComment({ issue: 1, body: opts.message });
          }
          await sb.runner.settle();
          if (opts.untilMinutes > 0 || event === 'schedule') await sb.runner.runUntil(sb.clock.now() + Math.max(opts.untilMinutes, event === 'schedule' ? 60 : 0) * 60_000);
          const runs = await sb.runner.settle();
          process.stdout.write(opts.json ? `${JSON.stringify({ runs, problems: sb.runner.problems }, null, 2)}\n` : describe(runs, sb.runner.problems));
          const failed = runs.some((r) => r.conclusion === 'failure') || sb.runner.problems.length > 0;
          return failed ? EXIT.invalid : EXIT.ok;
        } finally {
          await sb.close();
        }
      }),
    );
}

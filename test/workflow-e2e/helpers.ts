// Sandboxes running the workflows `auto-pr-sessions init` writes, with this checkout's actions, on a
// virtual clock. The test command is replaced by one that writes small reports (bash, real files).
import { fileURLToPath } from 'node:url';
import { loadWorkflow, startWorkflowSandbox, type RunRecord, type Sandbox, type StepRecord } from '@auto-pr-sessions/runtime';
import { initFiles } from '../../packages/cli/src/commands/init.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MIN = 60_000;
export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);

const JUNIT = '<testsuite name="unit" tests="2"><testcase classname="unit" name="a"/><testcase classname="unit" name="b"/></testsuite>';
const REPORTS = `mkdir -p coverage && printf '%s' '${JUNIT}' > junit.xml && printf 'SF:src/a.ts\\nLF:2\\nLH:2\\nend_of_record\\n' > coverage/lcov.info`;

export interface InitSandboxOptions {
  readonly scope?: 'branch' | 'author';
  /** Virtual duration of the test command. */
  readonly runMs?: number;
}

export async function initSandbox(opts: InitSandboxOptions = {}): Promise<Sandbox & { lines: string[] }> {
  const files = initFiles({
    usesPrefix: 'auto-pr-sessions/auto-pr-sessions/actions',
    ref: 'v1',
    scope: opts.scope ?? 'branch',
    testCommand: REPORTS,
    junit: 'junit.xml',
    lcov: 'coverage/lcov.info',
    healthCron: '*/15 * * * *',
    defaultBranch: 'main',
  });
  const workflows = await Promise.all(files.filter((f) => f.path.startsWith('.github/workflows/')).map((f) => loadWorkflow(f.path.split('/').pop() ?? '', f.content)));
  for (const w of workflows) if (w.errors.length > 0) throw new Error(`${w.path}: ${w.errors.join('; ')}`);
  const lines: string[] = [];
  const sb = await startWorkflowSandbox({
    workflows,
    start: T0,
    actionsRoot: ROOT,
    files: Object.fromEntries(files.map((f) => [f.path, f.content])),
    runSteps: { mode: 'bash', durationMs: opts.runMs ?? 3 * MIN },
    log: (l) => lines.push(l),
  });
  return { ...sb, lines };
}

/** Steps of every run whose name mentions `action` (e.g. 'compute-reward-batched'). */
export function stepsNamed(runs: readonly RunRecord[], action: string): Array<StepRecord & { run: RunRecord }> {
  return runs.flatMap((run) => run.jobs.flatMap((j) => j.steps.filter((s) => s.name.includes(action)).map((s) => ({ ...s, run }))));
}

/** Sessions scored by compute-reward-batched (session mode: `session-id`; batch mode: `scored-sessions`). */
export function scored(runs: readonly RunRecord[]): string[] {
  return stepsNamed(runs, 'compute-reward-batched').flatMap((s) => {
    const batch = JSON.parse(s.outputs['scored-sessions'] || '[]') as Array<{ id: string }>;
    if (batch.length > 0) return batch.map((b) => b.id);
    return s.outputs['status'] === 'scored' ? [s.outputs['session-id'] ?? ''] : [];
  });
}

/** WF_DEBUG=1 prints every run, job and step with its outputs and log. */
export function debugDump(sb: Sandbox & { lines: string[] }): void {
  if (!process.env['WF_DEBUG']) return;
  console.log(sb.lines.join('\n'));
  for (const r of sb.runner.runs()) {
    console.log(`=== ${new Date(r.createdAt).toISOString()} ${r.workflow} ${r.event}${r.action ? `.${r.action}` : ''} ${r.ref} ${r.conclusion ?? r.status}`);
    for (const j of r.jobs) {
      for (const st of j.steps) console.log(`  ${j.id} ${st.name} ${st.conclusion} ${JSON.stringify(st.outputs)}\n${st.log.split('\n').filter((l) => !l.startsWith('::debug::')).join('\n').slice(0, 3000)}`);
    }
  }
}

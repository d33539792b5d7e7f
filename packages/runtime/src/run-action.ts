// Runs a bundled action the way a runner does: INPUT_* variables, GITHUB_EVENT_PATH, GITHUB_OUTPUT,
// GITHUB_STATE and GITHUB_STEP_SUMMARY files, cwd = workspace, ACTIONS_* pointing at a local runtime.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalRuntime } from './types.js';

/** Repository root (this file lives in packages/runtime/{src,dist}/). */
const ROOT = new URL('../../../', import.meta.url).pathname;

export interface ActionRun {
  readonly code: number;
  readonly outputs: Record<string, string>;
  readonly stdout: string;
  readonly stderr: string;
  readonly summary: string;
  readonly warnings: string[];
}

export interface RunSpec {
  readonly action: 'session-start' | 'session-check' | 'compute-reward-batched' | 'session-health';
  readonly eventName: string;
  readonly payload: unknown;
  readonly ref: string;
  readonly baseRef?: string;
  readonly runId?: number;
  readonly runAttempt?: number;
  readonly inputs?: Record<string, string>;
  /** Reuse a job directory so steps of one job share RUNNER_TEMP and the workspace. */
  readonly job?: JobDirs;
  readonly actionsPermission?: 'read' | 'write';
  readonly env?: Record<string, string>;
  /** Another entry than actions/<action>/main.mjs (e.g. a split repository's). */
  readonly script?: string;
  /** The node binary (default: the current one); the workflow runner picks it from runs.using. */
  readonly node?: string;
}

export interface JobDirs {
  readonly workspace: string;
  readonly tempDir: string;
  readonly runId: number;
}

export async function newJob(runtime: LocalRuntime): Promise<JobDirs> {
  const base = await mkdtemp(join(tmpdir(), 'aps-e2e-'));
  const workspace = join(base, 'workspace');
  const tempDir = join(base, 'temp');
  await mkdir(workspace, { recursive: true });
  await mkdir(tempDir, { recursive: true });
  return { workspace, tempDir, runId: runtime.newRunId() };
}

/** Parses a GITHUB_OUTPUT file (`name<<DELIM` … `DELIM` blocks, or `name=value` lines). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delim] = heredoc;
      const value: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== delim; i++) value.push(lines[i] ?? '');
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

/** Runs `node actions/<name>/main.mjs` (action.yml's runs.main, over the shared bundle actions/dist) the way the runner does. */
export async function runActionProcess(runtime: LocalRuntime, spec: RunSpec): Promise<ActionRun> {
  const job = spec.job ?? (await newJob(runtime));
  const id = randomUUID();
  const eventPath = join(job.tempDir, `event-${id}.json`);
  const outputPath = join(job.tempDir, `output-${id}`);
  const statePath = join(job.tempDir, `state-${id}`);
  const summaryPath = join(job.tempDir, `summary-${id}.md`);
  await writeFile(eventPath, JSON.stringify(spec.payload));
  await Promise.all([outputPath, statePath, summaryPath].map((p) => writeFile(p, '')));
  const runEnv = runtime.envFor({
    ref: spec.ref,
    ...(spec.baseRef ? { baseRef: spec.baseRef } : {}),
    runId: spec.runId ?? job.runId,
    runAttempt: spec.runAttempt ?? 1,
    workspace: job.workspace,
    tempDir: job.tempDir,
    eventName: spec.eventName,
    actionsPermission: spec.actionsPermission ?? 'write',
  });
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries({ token: runEnv['GITHUB_TOKEN'] ?? '', ...spec.inputs })) {
    inputs[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  }
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? '',
    ...runEnv,
    ...inputs,
    GITHUB_EVENT_NAME: spec.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STATE: statePath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    ...spec.env,
  };
  const script = spec.script ?? join(ROOT, 'actions', spec.action, 'main.mjs');
  const child = spawn(spec.node ?? process.execPath, [script], { cwd: job.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  const outputs = parseOutputFile(await readFile(outputPath, 'utf8'));
  const summary = await readFile(summaryPath, 'utf8');
  const warnings = stdout.split('\n').filter((l) => l.startsWith('::warning')).map((l) => l.replace(/^::warning[^:]*::/, ''));
  return { code, outputs, stdout, stderr, summary, warnings };
}

// One step of a job, executed the way the runner does: `uses:` of a local action (its action.yml, input
// defaults, INPUT_* variables, file commands, node `main`), actions/checkout emulated from the runtime's
// repository, `run:` in bash or as a stub of virtual duration, any other action stubbed with a notice.
// https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { LocalRuntime, RunContext } from '../types.js';
import { asText, evalTemplateString, type ExprScope, type Json } from './expressions.js';
import { spawnProgram, type ActionHost, type MainResult } from './action-host.js';
import { runArtifactClient, uploadFiles } from './artifact-actions.js';
import { nodeFor } from './node-binary.js';
import { annotationsOf, commandEnv, newCommandFiles, readCommandFiles, type Annotation } from './file-commands.js';

export type StepOutcome = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepResult {
  outcome: StepOutcome;
  outputs: Record<string, string>;
  /** Virtual time the step took. */
  durationMs: number;
  log: string;
  annotations: Annotation[];
  summary: string;
  /** GITHUB_ENV and GITHUB_PATH additions, for the following steps. */
  env: Record<string, string>;
  path: string[];
}

/** How `run:` steps execute. */
export interface RunStepMode {
  /** bash: run the script (default); stub: do nothing but take `durationMs` of virtual time. */
  mode: 'bash' | 'stub';
  /** Virtual duration of a run step (bash or stub). Default 30 s. */
  durationMs?: number | ((script: string) => number);
  /** bash: the script actually run in place of the workflow's (simulations: write small reports). */
  script?: (script: string) => string;
}

export interface StepTiming {
  /** Virtual duration of a local action step. Default 5 s. */
  actionMs: number;
  /** Virtual duration of actions/checkout. Default 3 s. */
  checkoutMs: number;
  /** Virtual duration of a stubbed third-party action. Default 2 s. */
  stubMs: number;
}

/** Everything a step needs from its job. */
export interface StepHost {
  runtime: LocalRuntime;
  /** Where `./path` and `owner/repo/actions/<name>@ref` actions are looked up. */
  actionsRoot: string;
  run: RunContext;
  /** The runtime's variables for this job (envFor, minted once: one GITHUB_TOKEN per job, as on GitHub). */
  jobEnv: Record<string, string>;
  eventPath: string;
  /** Runner variables beyond the runtime's (GITHUB_JOB, GITHUB_WORKFLOW, ...). */
  runnerEnv: Record<string, string>;
  runMode: RunStepMode;
  timing: StepTiming;
  /** Actions declaring a `now` input get the virtual time in it unless the workflow sets it. */
  virtualNowInput: boolean;
  now(): number;
  /** Process environment the steps inherit (PATH, HOME, ...). */
  baseEnv: Record<string, string>;
  /** How node actions run (the runner's: a process per step as on GitHub, or warm threads). */
  actionHost: ActionHost;
}

export interface StepSpec {
  /** Display name. */
  name: string;
  uses?: string;
  run?: string;
  with: Record<string, Json>;
  /** workflow + job + step env, evaluated, plus GITHUB_ENV additions of earlier steps. */
  env: Record<string, string>;
  path: string[];
  shell?: string;
  workingDirectory?: string;
  /** Expression scope of the step (for action.yml defaults). */
  scope: ExprScope;
}

function finish(partial: Partial<StepResult> & { outcome: StepOutcome; durationMs: number }): StepResult {
  return { outputs: {}, log: '', annotations: [], summary: '', env: {}, path: [], ...partial };
}

/** What a `uses:` value refers to. */
export type ActionRef =
  | { kind: 'local'; dir: string }
  | { kind: 'checkout' }
  | { kind: 'upload-artifact' }
  | { kind: 'download-artifact' }
  | { kind: 'stub'; uses: string };

export function resolveAction(uses: string, actionsRoot: string): ActionRef {
  if (uses.startsWith('./') || uses.startsWith('../')) return { kind: 'local', dir: resolve(actionsRoot, uses) };
  if (/^actions\/checkout@/.test(uses)) return { kind: 'checkout' };
  // v4 and later speak the artifact service the runtime serves (v3 used the retired one)
  if (/^actions\/upload-artifact@v?([4-9]|\d\d)/.test(uses)) return { kind: 'upload-artifact' };
  if (/^actions\/download-artifact@v?([4-9]|\d\d)/.test(uses)) return { kind: 'download-artifact' };
  // owner/repo/actions/<name>@ref: this suite's action, taken from the local checkout.
  const m = /^[^/]+\/[^/]+\/(actions\/[^@]+)@.+$/.exec(uses);
  if (m?.[1] && hasActionYml(join(actionsRoot, m[1]))) return { kind: 'local', dir: join(actionsRoot, m[1]) };
  return { kind: 'stub', uses };
}

function hasActionYml(dir: string): boolean {
  return existsSync(join(dir, 'action.yml')) || existsSync(join(dir, 'action.yaml'));
}

export async function executeStep(host: StepHost, step: StepSpec): Promise<StepResult> {
  if (step.run !== undefined) return runScript(host, step, step.run);
  const ref = resolveAction(step.uses ?? '', host.actionsRoot);
  if (ref.kind === 'checkout') return checkout(host, step);
  if (ref.kind === 'upload-artifact' || ref.kind === 'download-artifact') return artifactStep(host, step, ref.kind);
  if (ref.kind === 'stub') {
    const notice = `${step.uses} is not emulated: the step was skipped as a stub that succeeds with no outputs`;
    return finish({ outcome: 'success', durationMs: host.timing.stubMs, log: `::notice::${notice}\n`, annotations: [{ level: 'notice', message: notice }] });
  }
  return runLocalAction(host, step, ref.dir);
}

interface ActionMetadata {
  inputs?: Record<string, { default?: unknown; required?: boolean }>;
  runs?: { using?: string; main?: string; pre?: string; post?: string };
}

async function runLocalAction(host: StepHost, step: StepSpec, dir: string): Promise<StepResult> {
  const file = existsSync(join(dir, 'action.yml')) ? join(dir, 'action.yml') : join(dir, 'action.yaml');
  let meta: ActionMetadata;
  try {
    meta = parseYaml(await readFile(file, 'utf8')) as ActionMetadata;
  } catch (err) {
    return failed(host, `${step.uses}: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const using = meta.runs?.using ?? '';
  if (!/^node\d+$/.test(using) || !meta.runs?.main) {
    return failed(host, `${step.uses}: runs.using '${using}' is not emulated (node actions with a main script only)`);
  }
  const main = join(dir, meta.runs.main);
  if (!existsSync(main)) return failed(host, `${step.uses}: ${main} does not exist; build the action bundles first (npm run build)`);
  // Inputs: the workflow's `with:`, then the action's defaults (which may hold expressions).
  // https://docs.github.com/en/actions/reference/workflows-and-actions/metadata-syntax#inputs
  const inputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(meta.inputs ?? {})) {
    if (name in step.with) continue;
    if (name === 'now' && host.virtualNowInput) inputs[name] = new Date(host.now()).toISOString();
    else if (def?.default !== undefined) inputs[name] = evalTemplateString(String(def.default), step.scope);
  }
  for (const [name, v] of Object.entries(step.with)) inputs[name] = asText(v);
  const inputEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) inputEnv[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  const unexpected = Object.keys(step.with).filter((k) => !(k in (meta.inputs ?? {})));
  const warn = unexpected.length ? `::warning::Unexpected input(s) ${unexpected.map((u) => `'${u}'`).join(', ')}, valid inputs are ${Object.keys(meta.inputs ?? {}).join(', ')}\n` : '';
  // the node of `runs.using` (node24 here, as on GitHub's runners) when a process runs the step
  const node = host.actionHost.kind === 'process' ? nodeFor(using) : null;
  const r = await spawnStep(host, step, (env, cwd) => host.actionHost.runMain(main, env, cwd, node ? { node: node.path } : {}), inputEnv, host.timing.actionMs);
  const note = node?.fallback ? `(${node.fallback})\n` : '';
  return warn || note ? { ...r, log: note + warn + r.log, annotations: [...annotationsOf(warn), ...r.annotations] } : r;
}

async function runScript(host: StepHost, step: StepSpec, script: string): Promise<StepResult> {
  const d = host.runMode.durationMs;
  const durationMs = typeof d === 'function' ? d(script) : (d ?? 30_000);
  if (host.runMode.mode === 'stub') return finish({ outcome: 'success', durationMs, log: `(stub) ${script.split('\n')[0]}\n` });
  const file = join(host.run.tempDir, `run-${Date.now()}-${Math.random().toString(36).slice(2)}.sh`);
  await writeFile(file, host.runMode.script ? host.runMode.script(script) : script);
  // The runner's default shell: bash --noprofile --norc -eo pipefail {0}
  // https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell
  const shell = step.shell ?? 'bash';
  if (shell !== 'bash' && shell !== 'sh') return failed(host, `shell '${shell}' is not emulated (bash and sh are)`);
  const args = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail', file] : ['-e', file];
  return spawnStep(host, step, (env, cwd) => spawnProgram(shell, args, env, cwd), {}, durationMs);
}

function failed(host: StepHost, message: string): StepResult {
  void host;
  return finish({ outcome: 'failure', durationMs: 0, log: `::error::${message}\n`, annotations: [{ level: 'error', message }] });
}

async function spawnStep(host: StepHost, step: StepSpec, exec: (env: Record<string, string>, cwd: string) => Promise<MainResult>, extra: Record<string, string>, durationMs: number): Promise<StepResult> {
  const files = await newCommandFiles(host.run.tempDir);
  const pathVar = [...step.path, host.baseEnv['PATH'] ?? ''].filter(Boolean).join(':');
  const env: Record<string, string> = {
    ...host.baseEnv,
    ...host.jobEnv,
    ...host.runnerEnv,
    GITHUB_EVENT_PATH: host.eventPath,
    ...commandEnv(files),
    ...step.env,
    ...extra,
    PATH: pathVar,
  };
  const cwd = step.workingDirectory ? (isAbsolute(step.workingDirectory) ? step.workingDirectory : join(host.run.workspace, step.workingDirectory)) : host.run.workspace;
  const { code, stdout, log } = await exec(env, cwd);
  const cmds = await readCommandFiles(files);
  return finish({
    outcome: code === 0 ? 'success' : 'failure',
    durationMs,
    outputs: cmds.outputs,
    log: code === 0 ? log : `${log}\nProcess completed with exit code ${code}.\n`,
    annotations: annotationsOf(stdout),
    summary: cmds.summary,
    env: cmds.env,
    path: cmds.path,
  });
}

/**
 * actions/checkout, emulated: the repository's files at `ref` (input) or the run's sha are written into
 * the workspace (or `path`); `sparse-checkout` limits them to the listed directories. No .git directory.
 */
async function checkout(host: StepHost, step: StepSpec): Promise<StepResult> {
  const fake = host.runtime.github;
  const want = asText(step.with['ref'] ?? null) || host.run.sha || host.run.ref;
  const sha = fake.resolve(want) ?? (want.startsWith('refs/pull/') ? undefined : fake.resolve(want.replace(/^refs\/heads\//, '')));
  if (!sha || !fake.commit(sha)) return failed(host, `actions/checkout: the repository has no ref or commit '${want}'`);
  const target = join(host.run.workspace, asText(step.with['path'] ?? null));
  const sparse = asText(step.with['sparse-checkout'] ?? null).split('\n').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  if (target === host.run.workspace) {
    // the action cleans the workspace first (clean: true)
    await rm(target, { recursive: true, force: true });
  }
  await mkdir(target, { recursive: true });
  let n = 0;
  for (const [path, content] of fake.tree(sha)) {
    // sparse-checkout (cone mode) keeps the top-level files and the listed directories
    if (sparse.length > 0 && path.includes('/') && !sparse.some((s) => path === s || path.startsWith(`${s}/`))) continue;
    const dest = join(target, path);
    await mkdir(dirname(dest), { recursive: true });
    await writeFile(dest, content);
    n++;
  }
  return finish({ outcome: 'success', durationMs: host.timing.checkoutMs, log: `checked out ${n} files of ${sha.slice(0, 7)} into ${target}\n` });
}

/** upload-artifact / download-artifact with their documented inputs (name, path, if-no-files-found, retention-days). */
async function artifactStep(host: StepHost, step: StepSpec, kind: 'upload-artifact' | 'download-artifact'): Promise<StepResult> {
  const input = (k: string, d = ''): string => asText(step.with[k] ?? null) || d;
  const env = { ...host.baseEnv, ...host.jobEnv, ...host.runnerEnv, ...step.env };
  if (kind === 'upload-artifact') {
    const { files, root } = uploadFiles(host.run.workspace, input('path'));
    const name = input('name', 'artifact');
    if (files.length === 0) {
      const mode = input('if-no-files-found', 'warn');
      const message = `No files were found with the provided path: ${input('path')}. No artifacts will be uploaded.`;
      if (mode === 'error') return failed(host, message);
      return finish({ outcome: 'success', durationMs: host.timing.actionMs, log: `${message}\n`, annotations: mode === 'warn' ? [{ level: 'warning', message }] : [] });
    }
    const retention = Number(input('retention-days', '0'));
    const r = await runArtifactClient({ op: 'upload', name, files, root, ...(retention > 0 ? { retentionDays: retention } : {}) }, env, host.run.workspace, host.actionHost);
    return r.ok ? finish({ outcome: 'success', durationMs: host.timing.actionMs, outputs: r.outputs, log: r.log }) : { ...failed(host, `upload-artifact ${name} failed`), log: r.log };
  }
  const name = input('name');
  if (!name) return failed(host, 'download-artifact without `name` (all artifacts of the run) is not emulated; give the name');
  const path = resolve(host.run.workspace, input('path', '.'));
  const r = await runArtifactClient({ op: 'download', name, path }, env, host.run.workspace, host.actionHost);
  return r.ok ? finish({ outcome: 'success', durationMs: host.timing.actionMs, outputs: r.outputs, log: r.log }) : { ...failed(host, `download-artifact: no artifact named ${name} in this run`), log: r.log };
}

// Workflow file commands: GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE, GITHUB_STEP_SUMMARY, and the
// stdout commands that matter to a reader (::error::, ::warning::, ::notice::).
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseOutputFile } from '../run-action.js';

export interface CommandFiles {
  readonly output: string;
  readonly env: string;
  readonly path: string;
  readonly state: string;
  readonly summary: string;
}

/** Fresh, empty command files for one step in the job's RUNNER_TEMP. */
export async function newCommandFiles(tempDir: string): Promise<CommandFiles> {
  const id = randomUUID();
  const files: CommandFiles = {
    output: join(tempDir, `_runner_file_commands/set_output_${id}`),
    env: join(tempDir, `_runner_file_commands/set_env_${id}`),
    path: join(tempDir, `_runner_file_commands/add_path_${id}`),
    state: join(tempDir, `_runner_file_commands/save_state_${id}`),
    summary: join(tempDir, `_runner_file_commands/step_summary_${id}`),
  };
  const { mkdir } = await import('node:fs/promises');
  await mkdir(join(tempDir, '_runner_file_commands'), { recursive: true });
  await Promise.all(Object.values(files).map((f: string) => writeFile(f, '')));
  return files;
}

export function commandEnv(f: CommandFiles): Record<string, string> {
  return { GITHUB_OUTPUT: f.output, GITHUB_ENV: f.env, GITHUB_PATH: f.path, GITHUB_STATE: f.state, GITHUB_STEP_SUMMARY: f.summary };
}

export interface CommandResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  path: string[];
  state: Record<string, string>;
  summary: string;
}

export async function readCommandFiles(f: CommandFiles): Promise<CommandResults> {
  const [output, env, path, state, summary] = await Promise.all([f.output, f.env, f.path, f.state, f.summary].map((p) => readFile(p, 'utf8').catch(() => '')));
  return {
    outputs: parseOutputFile(output ?? ''),
    env: parseOutputFile(env ?? ''),
    path: (path ?? '').split('\n').filter(Boolean),
    state: parseOutputFile(state ?? ''),
    summary: summary ?? '',
  };
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

/** ::error::, ::warning:: and ::notice:: lines of a step's stdout. */
export function annotationsOf(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    if (m) out.push({ level: m[1] as Annotation['level'], message: (m[2] ?? '').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%') });
  }
  return out;
}

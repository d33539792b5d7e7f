// One workflow run of the local runtime played in this process: the toolkit clients read
// process.env at call time and @actions/cache resolves paths against the working directory, so the
// run's variables and a fresh directory are set for the duration of `fn` and restored afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { muteStdout } from '@auto-pr-sessions/core';
import type { LocalRuntime, RunContext } from '@auto-pr-sessions/runtime';

export interface InRun {
  readonly env: Record<string, string>;
  readonly token: string;
  readonly runId: number;
  /** The run's workspace and temp directory (one directory, removed afterwards). */
  readonly dir: string;
}

export async function inRun<T>(
  rt: LocalRuntime,
  run: Omit<RunContext, 'runId' | 'workspace' | 'tempDir'>,
  fn: (ctx: InRun) => Promise<T>,
  opts: { prefix?: string; env?: Record<string, string> } = {},
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), opts.prefix ?? 'aps-run-'));
  const runId = rt.newRunId();
  const env = { ...rt.envFor({ ...run, runId, workspace: dir, tempDir: dir }), ...opts.env };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const unmute = muteStdout(); // the toolkit writes ::debug:: lines to stdout
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await fn({ env, token: env['GITHUB_TOKEN'] ?? '', runId, dir });
  } finally {
    process.chdir(cwd);
    unmute();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await rm(dir, { recursive: true, force: true });
  }
}

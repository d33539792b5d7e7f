import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { ActionsStateStore, createGitHubClient, createLogger, memorySink } from '@auto-pr-sessions/core';
import { inRun } from '../helpers/in-run.js';

/**
 * Runs `fn` as one workflow run of the local runtime, in this process: the toolkit clients read
 * process.env, so the run's variables are set for the duration and restored afterwards.
 */
export function asRun<T>(rt: LocalRuntime, ref: string, fn: (ctx: { token: string; workspace: string; tempDir: string; runId: number }) => Promise<T>): Promise<T> {
  return inRun(rt, { ref, eventName: 'push' }, ({ token, dir, runId }) => fn({ token, workspace: dir, tempDir: dir, runId }), { prefix: 'aps-seed-' });
}

/** Records a stream's events the way session-start does (cache in the branch's scope + artifact), in one run. */
export async function seedStream(rt: LocalRuntime, state: StreamState, branch: string): Promise<void> {
  const [owner = '', repo = ''] = rt.repo.split('/');
  await asRun(rt, `refs/heads/${branch}`, async ({ token, workspace, tempDir, runId }) => {
    const store = new ActionsStateStore({
      owner, repo, github: createGitHubClient({ token, baseUrl: rt.url }), token, workspace, tempDir, runId: String(runId), runAttempt: '1',
      ref: `refs/heads/${branch}`, defaultRef: 'refs/heads/main', retentionDays: 30, artifactsOnly: false, log: createLogger({ sink: memorySink(), operation: 'seed' }),
    });
    const saved = await store.append(state.streamKey, state.events);
    if (!saved.durable) throw new Error(`seeding ${state.streamKey} failed: ${saved.warnings.join('; ')}`);
  });
}

/** Uploads an artifact with arbitrary files (e.g. a corrupted state snapshot) from a new run. */
export async function uploadRaw(rt: LocalRuntime, name: string, files: Record<string, string>): Promise<void> {
  await asRun(rt, 'refs/heads/main', async ({ tempDir }) => {
    const paths: string[] = [];
    for (const [file, content] of Object.entries(files)) {
      await writeFile(join(tempDir, file), content);
      paths.push(join(tempDir, file));
    }
    const { DefaultArtifactClient } = await import('@actions/artifact');
    await new DefaultArtifactClient().uploadArtifact(name, paths, tempDir, { retentionDays: 30 });
  });
}

/** GET on the runtime's REST API with a fresh token. */
export async function rest<T>(rt: LocalRuntime, path: string): Promise<T> {
  const res = await fetch(`${rt.url}/repos/${rt.repo}${path}`, { headers: { authorization: `Bearer ${rt.restToken()}`, accept: 'application/vnd.github+json' } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

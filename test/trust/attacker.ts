// A stranger's fork, played as GitHub runs it: a `pull_request` run on `refs/pull/N/merge` whose
// GITHUB_TOKEN is read-only, whose head repository is the fork, and which still holds a runtime token
// that lets the real @actions/cache and @actions/artifact clients save caches in its own scope and
// upload artifacts of any name. Everything here goes through those clients or the bundled actions.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalRuntime, PermissionLevel, RestPermission } from '@auto-pr-sessions/runtime';
import { newJob, runActionProcess, type ActionRun, type JobDirs, type RunSpec } from '../e2e/harness.js';
import { inRun } from '../helpers/in-run.js';
import { pullRequestPayload, shaOf } from '../helpers/payloads.js';

export const FORK = 'mallory/octo-repo';

/** A fork's pull_request token: read on everything (GitHub's default for fork PRs). */
export const READ_ONLY: Partial<Record<RestPermission, PermissionLevel>> = { actions: 'read', contents: 'read', issues: 'read', pull_requests: 'read', checks: 'read', metadata: 'read' };

/** Opens a pull request from the fork's branch `head` (the branch lives in the fork, not here). */
export function forkPull(rt: LocalRuntime, head: string, opts: { title?: string; body?: string } = {}): number {
  return rt.github.addPull({ head, headRepo: FORK, title: opts.title ?? `Auto-PR: ${head}`, body: opts.body ?? '', user: 'mallory' }).number;
}

/** The webhook payload of the fork's pull request event (head.repo is the fork, with its id). */
export function forkPayload(rt: LocalRuntime, action: string, opts: { number: number; branch: string; title: string; body?: string; at: string; sha?: string }) {
  const p = pullRequestPayload(action, { ...opts, author: 'mallory' });
  p['pull_request']['head']['repo'] = { ...p['pull_request']['head']['repo'], id: rt.github.repoIdOf(FORK), full_name: FORK, name: 'octo-repo', fork: true, owner: { login: 'mallory' } };
  return p;
}

/**
 * Runs `fn` in this process as the fork's pull_request run of PR `pr`: the toolkit clients read
 * process.env, so the run's variables are set for the duration and restored afterwards.
 */
export function asForkRun<T>(rt: LocalRuntime, pr: number, fn: (ctx: { dir: string; runId: number; token: string }) => Promise<T>): Promise<T> {
  return inRun(rt, { ref: `refs/pull/${pr}/merge`, baseRef: 'main', eventName: 'pull_request', actionsPermission: 'read', permissions: READ_ONLY }, fn, { prefix: 'aps-fork-' });
}

/** The fork's run uploads an artifact named `name` holding `files` (the real artifact client). */
export async function forkUpload(rt: LocalRuntime, pr: number, name: string, files: Record<string, string | Buffer>): Promise<number> {
  return asForkRun(rt, pr, async ({ dir }) => {
    const paths: string[] = [];
    for (const [file, content] of Object.entries(files)) {
      await writeFile(join(dir, file), content);
      paths.push(join(dir, file));
    }
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const res = await new DefaultArtifactClient().uploadArtifact(name, paths, dir, { retentionDays: 30 });
    return res.id ?? 0;
  });
}

/** The fork's run saves a cache entry under `key` in its own scope (refs/pull/N/merge), as state caches are laid out. */
export async function forkSaveCache(rt: LocalRuntime, pr: number, key: string, stateJson: string): Promise<number> {
  return asForkRun(rt, pr, async ({ dir }) => {
    const rel = '.auto-pr-sessions/cache';
    await mkdir(join(dir, rel), { recursive: true });
    await writeFile(join(dir, rel, 'state.json'), stateJson);
    const cache = await import('@actions/cache');
    return cache.saveCache([rel], key);
  });
}

/** Runs a bundled action as the fork's pull_request run: read-only token, the PR's merge ref. */
export async function forkAction(rt: LocalRuntime, pr: number, spec: Omit<RunSpec, 'ref' | 'eventName'> & { eventName?: string }): Promise<ActionRun> {
  const token = rt.restToken(READ_ONLY);
  return runActionProcess(rt, {
    eventName: 'pull_request',
    ...spec,
    ref: `refs/pull/${pr}/merge`,
    baseRef: 'main',
    actionsPermission: 'read',
    inputs: { ...spec.inputs, token },
    env: { ...spec.env, GITHUB_TOKEN: token },
  });
}

/** A push job of this repository (session-start, then session-check), as the workflow runs it. */
export async function pushJob(rt: LocalRuntime, branch: string, label: string, at: string, message: string, job?: JobDirs): Promise<{ start: ActionRun; check: ActionRun }> {
  const j = job ?? (await newJob(rt));
  const { pushPayload } = await import('../helpers/payloads.js');
  const payload = pushPayload({ branch, sha: label, at, messages: [message] });
  const spec = { eventName: 'push', payload, ref: `refs/heads/${branch}`, job: j, inputs: { now: at } };
  const start = await runActionProcess(rt, { ...spec, action: 'session-start' });
  const check = await runActionProcess(rt, { ...spec, action: 'session-check' });
  return { start, check };
}

/** The scheduled sweep's check of one stream, on the default branch. */
export function sweepCheck(rt: LocalRuntime, stream: string, now: string): Promise<ActionRun> {
  return runActionProcess(rt, { action: 'session-check', eventName: 'schedule', payload: { schedule: '*/5 * * * *' }, ref: 'refs/heads/main', inputs: { now, 'session-id': stream } });
}

/** What a session looks like to a workflow, with the stream's name taken out so two streams compare. */
export function view(run: ActionRun, name: string): Record<string, string> {
  const strip = (s: string | undefined) => (s ?? '').split(name).join('<stream>').replace(/run \d+/g, 'run <id>');
  const o = run.outputs;
  return { code: String(run.code), 'should-score': strip(o['should-score']), status: strip(o['status']), pushes: strip(o['pushes']), trigger: strip(o['trigger']), reason: strip(o['reason']), 'session-id': strip(o['session-id']) };
}

export { shaOf };

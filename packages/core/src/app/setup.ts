import type { GitHubClient } from '../adapters/github/client.js';
import { lazyGitHubClient } from '../adapters/github/lazy-client.js';
import { ActionsStateStore } from '../adapters/store/actions-store.js';
import type { StateStore } from '../adapters/store/types.js';
import { formatIssues, type SessionConfig } from '@auto-pr-sessions/domain';
import { loadConfig } from '../adapters/config-file.js';
import type { ActionIO, RunEnv } from './ports.js';

export class UserError extends Error {}

/** Loads the config named by the `config` input and applies the `scope` / `timeout-minutes` overrides. */
export async function loadActionConfig(io: ActionIO, env: RunEnv): Promise<SessionConfig> {
  const input = io.getInput('config') || '.github/auto-pr-sessions.yml';
  const file = input.startsWith('/') ? input : `${env.workspace}/${input}`;
  const result = await loadConfig(file);
  if (!result.ok) throw new UserError(`invalid configuration:\n${formatIssues(result.issues)}`);
  let config = result.config;
  const scope = io.getInput('scope');
  if (scope) {
    if (scope !== 'branch' && scope !== 'author') throw new UserError(`input scope: expected "branch" or "author", found "${scope}"`);
    config = { ...config, scope };
  }
  const timeout = io.getInput('timeout-minutes');
  if (timeout) {
    const n = Number(timeout);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`input timeout-minutes: expected a whole number of minutes, found "${timeout}"`);
    config = { ...config, timeout_minutes: n, idle_warning_minutes: Math.min(config.idle_warning_minutes, Math.max(1, n - 1)) };
  }
  return config;
}

export function booleanInput(io: ActionIO, name: string, fallback: boolean): boolean {
  const v = io.getInput(name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new UserError(`input ${name}: expected true or false, found "${v}"`);
}

/**
 * Why this run's writes cannot decide a session's fate: a `pull_request` run from a fork executes
 * the fork's workflow with a read-only token. Its scores, hand-offs and close-outs are not recorded
 * (and readers would ignore them: see adapters/store/provenance.ts). Null for every other run.
 */
export function forkRunReason(env: RunEnv): string | null {
  if (env.eventName !== 'pull_request') return null;
  const pr = (env.payload as { pull_request?: { head?: { repo?: { full_name?: unknown } | null } } } | null)?.pull_request;
  const head = pr?.head?.repo;
  if (head === undefined) return null;
  if (head === null || head.full_name !== `${env.owner}/${env.repo}`) return 'this run is a pull request from a fork: only runs of this repository record scores, hand-offs and close-outs';
  return null;
}

export interface Wiring {
  readonly github: GitHubClient | null;
  readonly store: StateStore;
  readonly restCalls: () => number;
}

/** Builds the REST client and the state store from inputs and environment. */
export function wire(io: ActionIO, env: RunEnv, config: SessionConfig, overrides: { store?: StateStore } = {}): Wiring {
  const token = io.getInput('token') || process.env['GITHUB_TOKEN'] || '';
  let calls = 0;
  const github = token
    ? lazyGitHubClient({ token, baseUrl: env.apiUrl, log: io.log, onRequest: () => { calls += 1; }, ...(env.writeIntervalMs !== undefined ? { writeIntervalMs: env.writeIntervalMs } : {}) })
    : null;
  if (!token) io.log.warn('no token: running without the GitHub API (no reconciliation across runs, no artifacts of other runs)');
  const retention = Number(io.getInput('retention-days') || '30');
  const store =
    overrides.store ??
    new ActionsStateStore({
      owner: env.owner,
      repo: env.repo,
      github,
      token: token || null,
      workspace: env.workspace,
      tempDir: env.tempDir,
      runId: env.runId,
      runAttempt: env.runAttempt,
      ref: env.ref,
      baseRef: env.baseRef,
      defaultRef: env.defaultRef,
      retentionDays: Number.isFinite(retention) && retention > 0 ? retention : 30,
      artifactsOnly: config.scope === 'author',
      log: io.log,
      marksRefused: forkRunReason(env),
    });
  return { github, store, restCalls: () => calls };
}

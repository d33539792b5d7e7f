import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { RunEnv } from './ports.js';
import { cacheClientOf, CACHE_CLIENT_VAR } from '../adapters/store/cache-client-choice.js';

export class EnvError extends Error {}

function readPayload(path: string | undefined): unknown {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new EnvError(`GITHUB_EVENT_PATH ${path} could not be read as JSON (${err instanceof Error ? err.message : String(err)}); run this action inside a GitHub Actions job`);
  }
}

/** Parses a clock override (ISO instant or unix seconds); the real clock otherwise. */
export function resolveNow(override: string | undefined): string {
  if (!override) return new Date().toISOString();
  const n = /^\d+$/.test(override) ? Number(override) * 1000 : Date.parse(override);
  if (Number.isNaN(n)) throw new EnvError(`the clock override "${override}" is not an ISO-8601 instant or unix seconds`);
  return new Date(n).toISOString();
}

/**
 * AUTO_PR_SESSIONS_WRITE_INTERVAL_MS: the pause between two REST writes of one run (three times it
 * for writes that notify). Unset: 1 s (3 s), as GitHub advises and octokit does. A replay on a
 * virtual clock sets 0 (wall-time pacing protects nothing there).
 */
export function writeIntervalOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 60_000) {
    throw new EnvError(`AUTO_PR_SESSIONS_WRITE_INTERVAL_MS is "${value.slice(0, 40)}": expected whole milliseconds from 0 to 60000 (unset it for GitHub's advised 1000)`);
  }
  return Number(value);
}

function defaultBranchOf(payload: unknown): string {
  const repo = typeof payload === 'object' && payload !== null ? (payload as { repository?: { default_branch?: unknown } }).repository : undefined;
  return typeof repo?.default_branch === 'string' && repo.default_branch ? repo.default_branch : 'main';
}

/** Reads the variables a runner sets for an action step. */
export function readRunEnv(env: NodeJS.ProcessEnv, nowOverride?: string): RunEnv {
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  if (!owner || !repo) throw new EnvError('GITHUB_REPOSITORY is not set (expected owner/name); run this action inside a GitHub Actions job');
  const payload = readPayload(env['GITHUB_EVENT_PATH']);
  const base = env['GITHUB_BASE_REF'] ?? '';
  const writeInterval = writeIntervalOf(env['AUTO_PR_SESSIONS_WRITE_INTERVAL_MS']);
  try {
    cacheClientOf(env[CACHE_CLIENT_VAR]); // checked here, so a typo fails the step before any write
  } catch (err) {
    throw new EnvError(err instanceof Error ? err.message : String(err));
  }
  return {
    eventName: env['GITHUB_EVENT_NAME'] ?? '',
    payload,
    owner,
    repo,
    ref: env['GITHUB_REF'] ?? '',
    baseRef: base ? `refs/heads/${base}` : '',
    defaultRef: `refs/heads/${defaultBranchOf(payload)}`,
    runId: env['GITHUB_RUN_ID'] ?? '0',
    runAttempt: env['GITHUB_RUN_ATTEMPT'] ?? '1',
    workspace: env['GITHUB_WORKSPACE'] ?? process.cwd(),
    tempDir: env['RUNNER_TEMP'] ?? tmpdir(),
    actor: env['GITHUB_ACTOR'] ?? '',
    apiUrl: env['GITHUB_API_URL'] ?? 'https://api.github.com',
    now: resolveNow(nowOverride || env['AUTO_PR_SESSIONS_NOW']),
    ...(writeInterval !== undefined ? { writeIntervalMs: writeInterval } : {}),
  };
}

import type { Command } from 'commander';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionConfig, StateStore } from '@auto-pr-sessions/core';
import { ActionsStateStore, FsStateStore, createGitHubClient, createLogger, formatIssues, loadConfig, memorySink, resolveNow } from '@auto-pr-sessions/core';

export const DEFAULT_STATE_DIR = '.auto-pr-sessions/state';

/** Options every state-reading command shares. */
export interface SourceOptions {
  state?: string;
  repo?: string;
  apiUrl?: string;
  config?: string;
  now?: string;
  json?: boolean;
}

export class UsageError extends Error {}
export class NotFoundError extends Error {}

export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--state <dir>', `local state directory (as written by the filesystem store)`, DEFAULT_STATE_DIR)
    .option('--repo <owner/name>', 'read a GitHub repository instead (token from GITHUB_TOKEN or GH_TOKEN; needs actions: read)')
    .option('--api-url <url>', 'GitHub REST base URL (default GITHUB_API_URL or https://api.github.com)')
    .option('--config <file>', 'configuration file', '.github/auto-pr-sessions.yml')
    .option('--now <instant>', 'evaluate at this instant (ISO-8601 or unix seconds) instead of the clock')
    .option('--json', 'print JSON');
}

export interface Source {
  readonly store: StateStore;
  readonly config: SessionConfig;
  readonly now: string;
  readonly remote: { owner: string; repo: string; token: string; apiUrl: string } | null;
}

/** Builds the store (local directory or a repository's artifacts) and loads the config. */
export async function openSource(opts: SourceOptions): Promise<Source> {
  const loaded = await loadConfig(opts.config ?? '.github/auto-pr-sessions.yml');
  if (!loaded.ok) throw new UsageError(`invalid configuration:\n${formatIssues(loaded.issues)}`);
  const now = resolveNow(opts.now);
  if (!opts.repo) return { store: new FsStateStore(opts.state ?? DEFAULT_STATE_DIR), config: loaded.config, now, remote: null };
  const [owner, repo] = opts.repo.split('/');
  if (!owner || !repo) throw new UsageError(`--repo expects owner/name, got "${opts.repo}"`);
  const token = process.env['GITHUB_TOKEN'] || process.env['GH_TOKEN'] || '';
  if (!token) throw new UsageError('--repo needs a token in GITHUB_TOKEN or GH_TOKEN (actions: read)');
  const apiUrl = opts.apiUrl || process.env['GITHUB_API_URL'] || 'https://api.github.com';
  // @actions/artifact reads GITHUB_API_URL when it is first imported (lazily, on the first download)
  process.env['GITHUB_API_URL'] = apiUrl;
  const github = createGitHubClient({ token, baseUrl: apiUrl });
  const temp = await mkdtemp(join(tmpdir(), 'aps-cli-'));
  const store = new ActionsStateStore({
    owner, repo, github, token, workspace: temp, tempDir: temp, runId: '0', runAttempt: '0', ref: '',
    retentionDays: 1, artifactsOnly: true, log: createLogger({ sink: memorySink(), operation: 'cli' }),
  });
  return { store, config: loaded.config, now, remote: { owner, repo, token, apiUrl } };
}

import type { Command } from 'commander';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionConfig, StateStore } from '@auto-pr-sessions/core';
import { ActionsStateStore, DEFAULT_CONFIG_PATH, FsStateStore, createGitHubClient, createLogger, formatIssues, loadConfig, memorySink, resolveNow } from '@auto-pr-sessions/core';
import { CliError, InputError, UsageError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { instant, repoName } from './options.js';

export { NotFoundError, UsageError } from './errors.js';

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

/** How long the CLI waits for the GitHub API to answer its first request before saying so. */
const PROBE_TIMEOUT_MS = 10_000;

export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--state <dir>', `local state directory, as simulate --state-out or the filesystem store writes it (default ${DEFAULT_STATE_DIR})`)
    .option('--repo <owner/name>', 'read a GitHub repository instead (token from GITHUB_TOKEN or GH_TOKEN; needs actions: read)', repoName)
    .option('--api-url <url>', 'GitHub REST base URL (default GITHUB_API_URL or https://api.github.com)')
    .option('--config <file>', `configuration file (default ${DEFAULT_CONFIG_PATH} when it exists, else the defaults)`)
    .option('--now <instant>', 'evaluate at this instant (ISO-8601 or unix seconds) instead of the clock', instant)
    .option('--json', 'print JSON');
}

export interface Source {
  readonly store: StateStore;
  readonly config: SessionConfig;
  readonly now: string;
  readonly remote: { owner: string; repo: string; token: string; apiUrl: string } | null;
  /** What was read, for messages: the state directory or owner/name. */
  readonly where: string;
}

/** Loads a config: a file named with --config must exist; the default one may be absent (defaults). */
export async function loadCliConfig(file: string | undefined): Promise<SessionConfig> {
  const path = file ?? DEFAULT_CONFIG_PATH;
  if (file !== undefined && !(await stat(file).catch(() => null))?.isFile()) {
    throw new InputError(`--config ${file}: no such file; give the path of an auto-pr-sessions.yml, or leave --config out for ${DEFAULT_CONFIG_PATH} (or the defaults)`);
  }
  const loaded = await loadConfig(path);
  if (!loaded.ok) throw new InputError(`the configuration ${path} is invalid (check it with: auto-pr-sessions validate ${path}):\n${formatIssues(loaded.issues)}`);
  return loaded.config;
}

/** A local state directory that must exist: a missing one is said, never read as "no sessions". */
export async function requireStateDir(dir: string | undefined, flag = '--state'): Promise<string> {
  const path = dir ?? DEFAULT_STATE_DIR;
  const info = await stat(path).catch(() => null);
  if (!info) {
    const hint = dir === undefined ? `; give ${flag} DIR, or --repo owner/name, or write one with: auto-pr-sessions simulate --git . --state-out ${DEFAULT_STATE_DIR}` : `; check the path`;
    throw new InputError(`${flag} ${path}: no such state directory${hint}`);
  }
  if (!info.isDirectory()) throw new InputError(`${flag} ${path} is a file, not a state directory; give the directory simulate --state-out or backup --out wrote`);
  return path;
}

/**
 * Asks the API for the repository once, with a deadline, before any real work: a closed port, a
 * wrong URL, a bad token or an unknown repository is said at once, in words, instead of after
 * Octokit's retries.
 */
async function probeRepository(apiUrl: string, owner: string, repo: string, token: string): Promise<void> {
  const where = `${apiUrl}/repos/${owner}/${repo}`;
  let res: Response;
  try {
    res = await fetch(where, { headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'auto-pr-sessions' }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (err) {
    const inner = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (err instanceof Error ? err.name : 'error');
    if (err instanceof Error && err.name === 'TimeoutError') throw new CliError(EXIT.failure, `${apiUrl} did not answer within ${PROBE_TIMEOUT_MS / 1000} s; check --api-url and the network, then retry`);
    throw new InputError(`cannot reach the GitHub API at ${apiUrl} (${cause}); check --api-url (or GITHUB_API_URL)`);
  }
  await res.body?.cancel();
  if (res.status === 401) throw new InputError(`the token was refused by ${apiUrl} (HTTP 401); set a valid GITHUB_TOKEN or GH_TOKEN`);
  if (res.status === 404 || res.status === 403) throw new InputError(`repository ${owner}/${repo} not found at ${apiUrl}, or the token cannot see it (HTTP ${res.status}); check --repo and the token's access`);
  if (!res.ok) throw new CliError(EXIT.failure, `${where} answered HTTP ${res.status}; retry later`);
}

/** Builds the store (local directory or a repository's artifacts) and loads the config. */
export async function openSource(opts: SourceOptions): Promise<Source> {
  const config = await loadCliConfig(opts.config);
  const now = opts.now ?? resolveNow(undefined);
  if (!opts.repo) {
    if (opts.apiUrl !== undefined) throw new UsageError('--api-url goes with --repo owner/name; leave it out to read a local --state directory');
    const dir = await requireStateDir(opts.state);
    return { store: new FsStateStore(dir), config, now, remote: null, where: dir };
  }
  if (opts.state !== undefined) throw new UsageError('give --state DIR or --repo owner/name, not both');
  const [owner = '', repo = ''] = opts.repo.split('/');
  const token = process.env['GITHUB_TOKEN'] || process.env['GH_TOKEN'] || '';
  if (!token) throw new UsageError('--repo needs a token in GITHUB_TOKEN or GH_TOKEN (actions: read); export one and retry');
  const apiUrl = (opts.apiUrl || process.env['GITHUB_API_URL'] || 'https://api.github.com').replace(/\/$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) throw new UsageError(`--api-url expects an http(s) URL, got "${apiUrl}"`);
  await probeRepository(apiUrl, owner, repo, token);
  // @actions/artifact reads GITHUB_API_URL when it is first imported (lazily, on the first download)
  process.env['GITHUB_API_URL'] = apiUrl;
  const github = createGitHubClient({ token, baseUrl: apiUrl });
  const temp = await mkdtemp(join(tmpdir(), 'aps-cli-'));
  const store = new ActionsStateStore({
    owner, repo, github, token, workspace: temp, tempDir: temp, runId: '0', runAttempt: '0', ref: '',
    retentionDays: 1, artifactsOnly: true, log: createLogger({ sink: memorySink(), operation: 'cli' }),
  });
  return { store, config, now, remote: { owner, repo, token, apiUrl }, where: `${owner}/${repo}` };
}

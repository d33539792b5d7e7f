import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Logger } from '../logger.js';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface GitHubClientOptions {
  readonly token: string;
  /** REST base URL, e.g. https://api.github.com or the local runtime's URL. */
  readonly baseUrl: string;
  readonly log?: Logger;
  /** Retries after a rate-limit answer (primary or secondary) before giving up. */
  readonly rateLimitRetries?: number;
  /** Called once per HTTP request sent (retries included), for budgets and benchmarks. */
  readonly onRequest?: (route: string) => void;
}

/**
 * Octokit with retry (5xx, network) and throttling (403/429 rate limits: waits for the reset the
 * answer names, then retries). The token never appears in logs: Octokit redacts it and we log routes only.
 */
export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const retries = opts.rateLimitRetries ?? 2;
  const octokit = getOctokit(
    opts.token,
    {
      baseUrl: opts.baseUrl,
      retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 409, 422, 429] },
      throttle: {
        onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          opts.log?.warn(`GitHub API rate limit hit on ${options.method} ${options.url}; retrying in ${retryAfter} s`, { retryCount });
          return retryCount < retries;
        },
        onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
          opts.log?.warn(`GitHub API secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`, { retryCount });
          return retryCount < retries;
        },
      },
    },
    retry,
    throttling,
  );
  if (opts.onRequest) {
    const count = opts.onRequest;
    octokit.hook.before('request', (options) => {
      count(`${options.method} ${String(options.url)}`);
    });
  }
  return octokit;
}

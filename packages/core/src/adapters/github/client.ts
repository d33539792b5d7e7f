import { randomUUID } from 'node:crypto';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import type { Logger } from '../logger.js';
import { httpFetch } from '../http-fetch.js';

/**
 * Built from @octokit/core rather than @actions/github's getOctokit (which would take the base URL
 * explicitly): its entry imports undici and a second @actions/http-client and reads the event
 * payload at import, and every action that sends a request builds this client (lazy-client.ts defers
 * it to the first request). Measured: session-check after session-start doubles its CPU
 * (100 → 200 ms); see ARCHITECTURE.md, "Octokit from @octokit/core".
 */
const GitHubOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  readonly token: string;
  /** REST base URL, e.g. https://api.github.com or the local runtime's URL. */
  readonly baseUrl: string;
  readonly log?: Logger;
  /** Retries after a rate-limit answer (primary or secondary) before giving up. */
  readonly rateLimitRetries?: number;
  /** Called once per HTTP request sent (retries included), for budgets and benchmarks. */
  readonly onRequest?: (route: string) => void;
  /**
   * Least time between two mutating requests (POST, PATCH, PUT, DELETE) of this client. Default
   * 1000 ms, GitHub's advice ("wait at least one second between each request",
   * https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#pause-between-mutative-requests)
   * and @octokit/plugin-throttling's default; writes that trigger notifications (comments,
   * issues) wait three times as long, as that plugin does by default (3 s).
   */
  readonly writeIntervalMs?: number;
}

interface ThrottleOptions {
  readonly method: string;
  readonly url: string;
}

/**
 * Octokit with retry (5xx, network) and throttling (403/429 rate limits: waits for the reset the
 * answer names, then retries). The token never appears in logs: we log routes only.
 */
export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const retries = opts.rateLimitRetries ?? 2;
  const onLimit = (kind: string) => (retryAfter: number, options: ThrottleOptions, _o: unknown, retryCount: number): boolean => {
    opts.log?.warn(`GitHub API ${kind} on ${options.method} ${options.url}; retrying in ${retryAfter} s`, { retryCount });
    return retryCount < retries;
  };
  const octokit = new GitHubOctokit({
    auth: opts.token,
    baseUrl: opts.baseUrl.replace(/\/$/, ''),
    userAgent: 'auto-pr-sessions',
    // Node's fetch, or undici's through the runner's proxy (http-fetch.ts)
    request: { fetch: httpFetch },
    retry: { doNotRetry: [400, 401, 403, 404, 409, 422, 429] },
    throttle: {
      // pacing limiters are shared per id: one id per client, so independent in-process runs
      // (simulator, tests) do not queue behind each other's writes
      id: randomUUID(),
      onRateLimit: onLimit('rate limit'),
      onSecondaryRateLimit: onLimit('secondary rate limit'),
      // writes that notify (comments, issues) are paced three times as long, octokit's ratio (1 s / 3 s)
      ...(opts.writeIntervalMs !== undefined
        ? {
            write: new Bottleneck.Group({ maxConcurrent: 1, minTime: opts.writeIntervalMs }),
            notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: 3 * opts.writeIntervalMs }),
          }
        : {}),
    },
  });
  if (opts.onRequest) {
    const count = opts.onRequest;
    octokit.hook.before('request', (options) => {
      count(`${options.method} ${String(options.url)}`);
    });
  }
  return octokit;
}

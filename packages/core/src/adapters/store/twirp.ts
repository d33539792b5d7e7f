// The results service's Twirp JSON transport, shared by the one-file artifact uploader and the state
// cache client, sent with http-fetch.ts (the runner's proxy variables apply). Both reproduce the
// toolkit's own clients (actions/toolkit, packages/artifact lib/internal/shared/artifact-twirp-client.js
// and packages/cache lib/internal/shared/cacheTwirpClient.js):
// POST {origin}/twirp/<service>/<method>, JSON with proto field names, Bearer runtime token, the same
// retry loop (5 attempts, 3 s then ×1.5 with jitter) and the same error texts, which callers match.
// The two differ in what they retry: artifact retries 429, cache fails at once on it (RateLimitError).
import { debug, info, setSecret, warning } from '../runner-commands.js';
import { connectionCode, httpFetch } from '../http-fetch.js';

export interface RetryPolicy {
  /** 5 attempts, 3 s, ×1.5 (with jitter), in both toolkit clients. */
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly multiplier: number;
}
export const TWIRP_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 3000, multiplier: 1.5 };

export interface TwirpService {
  /** e.g. github.actions.results.api.v1.CacheService */
  readonly service: string;
  readonly userAgent: string;
  /** Statuses retried (any body that is not JSON is retried too, as the toolkit does). */
  readonly retryable: ReadonlySet<number>;
  /** Cache: a 429 fails at once with a RateLimitError (and a warning naming retry-after). */
  readonly rateLimitFails: boolean;
  /** The UsageError text of the toolkit client (a `msg` containing "insufficient usage"). */
  readonly quotaMessage: string;
}

export type Json = Record<string, unknown>;

/** shared/errors.js NetworkError: connection failures are not retried. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH']);

export function isNetworkCode(code: unknown): code is string {
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/** A connection failure as the toolkit's NetworkError (not retried); anything else unchanged. */
export function asNetworkError(err: unknown): unknown {
  const code = connectionCode(err);
  return isNetworkCode(code) ? networkError(code) : err;
}

export function networkError(code: string): Error {
  const err = new Error(
    `Unable to make request: ${code}\nIf you are using self-hosted runners, please make sure your runner has access to all GitHub endpoints: https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github`,
  );
  err.name = 'NetworkError';
  (err as Error & { code: string }).code = code;
  return err;
}

function namedError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/**
 * A field of a Twirp answer by its proto name; the toolkit reads answers leniently, so the JSON
 * (lowerCamelCase) name counts too.
 */
export function field(answer: Json, protoName: string): unknown {
  return answer[protoName] ?? answer[protoName.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())];
}

/** The results service's origin and the runtime token; `urlMissing` is the text the toolkit client throws. */
export function resultsEndpoint(env: NodeJS.ProcessEnv, urlMissing: string): { baseUrl: string; token: string } {
  const token = env['ACTIONS_RUNTIME_TOKEN'];
  if (!token) throw new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable');
  const url = env['ACTIONS_RESULTS_URL'];
  if (!url) throw new Error(urlMissing);
  return { baseUrl: new URL(url).origin, token };
}

/** The `sig` of a signed URL is masked in the log (shared/util.js maskSigUrl). */
export function maskSig(url: unknown): void {
  if (typeof url !== 'string' || !url) return;
  try {
    const sig = new URL(url).searchParams.get('sig');
    if (sig) {
      setSecret(sig);
      setSecret(encodeURIComponent(sig));
    }
  } catch {
    // not a URL: nothing to mask
  }
}

/** getExponentialRetryTimeMilliseconds: base, then base·m^n … base·m^(n+1) at random. */
export function retryWaitMs(attempt: number, retry: RetryPolicy): number {
  if (attempt === 0) return retry.baseMs;
  const min = retry.baseMs * retry.multiplier ** attempt;
  return Math.trunc(Math.random() * (min * retry.multiplier - min) + min);
}

/**
 * One Twirp JSON call with the toolkit's retry loop and error messages
 * (`Failed to <Method>: Received non-retryable error: Failed request: (409) Conflict: <msg>`).
 * Signed URLs in the answer are masked before anything is logged.
 */
export async function twirpCall(s: TwirpService, baseUrl: string, token: string, method: string, body: Json, retry: RetryPolicy): Promise<Json> {
  const url = new URL(`/twirp/${s.service}/${method}`, baseUrl).href;
  debug(`[Request] ${method} ${url}`);
  try {
    let errorMessage = '';
    for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
      let retryable: boolean;
      let raw = '';
      try {
        const res = await httpFetch(url, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'User-Agent': s.userAgent },
        });
        const status = res.status;
        raw = await res.text();
        const parsed = JSON.parse(raw) as Json;
        for (const name of ['signed_upload_url', 'signed_url', 'signed_download_url']) maskSig(field(parsed, name));
        if (status >= 200 && status < 300) return parsed;
        retryable = s.retryable.has(status);
        errorMessage = `Failed request: (${status}) ${res.statusText}`;
        const msg = typeof parsed['msg'] === 'string' ? parsed['msg'] : '';
        if (msg) {
          if (msg.includes('insufficient usage')) throw namedError('UsageError', s.quotaMessage);
          errorMessage = `${errorMessage}: ${msg}`;
        }
        if (status === 429 && s.rateLimitFails) {
          const seconds = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
          if (seconds > 0) warning(`You've hit a rate limit, your rate limit will reset in ${seconds} seconds`);
          throw namedError('RateLimitError', `Rate limited: ${errorMessage}`);
        }
      } catch (err) {
        if (err instanceof SyntaxError) debug(`Raw Body: ${raw}`);
        if (err instanceof Error && (err.name === 'UsageError' || err.name === 'RateLimitError')) throw err;
        const network = asNetworkError(err);
        if (network !== err) throw network;
        retryable = true;
        errorMessage = err instanceof Error ? err.message : String(err);
      }
      if (!retryable) throw new Error(`Received non-retryable error: ${errorMessage}`);
      if (attempt + 1 === retry.maxAttempts) throw new Error(`Failed to make request after ${retry.maxAttempts} attempts: ${errorMessage}`);
      const wait = retryWaitMs(attempt, retry);
      info(`Attempt ${attempt + 1} of ${retry.maxAttempts} failed with error: ${errorMessage}. Retrying request in ${wait} ms...`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw new Error('Request failed');
  } catch (err) {
    throw new Error(`Failed to ${method}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** config.js isGhes (both packages): any host but github.com, *.ghe.com and *.localhost. */
export function isGhes(env: NodeJS.ProcessEnv): boolean {
  const host = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').hostname.trimEnd().toUpperCase();
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}

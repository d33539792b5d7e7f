// Public types of the local Actions runtime (a loopback stand-in for GitHub's cache, artifact and REST services).
import type { FaultController } from './faults.js';
import type { GithubFake } from './github-fake.js';

/** Milliseconds since the epoch. Every expiry, eviction and timestamp in the runtime reads this clock. */
export type Clock = () => number;

export interface RuntimeOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Filesystem-backed (state survives restarts) when set, in-memory otherwise. */
  dir?: string;
  /** 'owner/name'; default 'octo-org/octo-repo'. */
  repo?: string;
  /** Default 'main'. */
  defaultBranch?: string;
  /** Controllable clock for eviction, retention, token expiry and tests. Default Date.now. */
  now?: Clock;
  /** Total cache size before least-recently-used entries are evicted. Default 10 GiB. */
  cacheCapBytes?: number;
  /** REST requests a token may make per hour before 403 answers. Default 1000 (GITHUB_TOKEN's budget). */
  restRateLimit?: number;
  /**
   * New cache entries per minute (GitHub allows 200 per repository); beyond it CreateCacheEntry answers
   * 429, which the client turns into save() = -1. Off by default: tests on a frozen clock would hit it.
   */
  cacheUploadsPerMinute?: number;
  /**
   * Order of REST artifact listings. GitHub documents none (it answers newest first in practice, the
   * default); `oldest-first` shows whether a caller depends on an order.
   */
  artifactOrder?: 'newest-first' | 'oldest-first';
  /** Sees every REST answer (route template, status, body), e.g. to check them against GitHub's OpenAPI description. */
  observeRest?: (answer: RestAnswer) => void;
}

export interface RestAnswer {
  method: string;
  /** `METHOD /template` of the route, or `METHOD (unknown)`. */
  route: string;
  path: string;
  status: number;
  /** Parsed JSON body; undefined when empty or not JSON. */
  body: unknown;
}

/** GITHUB_TOKEN permission scopes the REST fake checks. */
export type RestPermission = 'actions' | 'contents' | 'issues' | 'pull_requests' | 'checks' | 'metadata';
export type PermissionLevel = 'none' | 'read' | 'write';

export interface RunContext {
  /** e.g. refs/heads/feature or refs/pull/7/merge; the cache scope this run writes. */
  ref: string;
  /** PR base branch (name or refs/heads/...) for pull_request runs; readable cache scope. */
  baseRef?: string;
  /** A run id from newRunId(); allocated when omitted. */
  runId?: number;
  runAttempt?: number;
  workspace: string;
  tempDir: string;
  eventName?: string;
  /** GITHUB_TOKEN's actions permission (cache/artifact REST deletes need write). Default 'write'. */
  actionsPermission?: 'read' | 'write';
  /** Other GITHUB_TOKEN permissions; default 'write' for each (fork PRs: pass 'read' everywhere). */
  permissions?: Partial<Record<RestPermission, PermissionLevel>>;
  /**
   * A run of an untrusted trigger gets a read-only cache token in the default branch's scope. Default:
   * true for issue_comment and pull_request_target; pass true for a workflow_run caused by a fork.
   */
  untrustedTrigger?: boolean;
  /** Head commit of the run (GITHUB_SHA); defaults to the tip of `ref` when the fake knows it. */
  sha?: string;
}

export interface RuntimeStatsCounters {
  /** REST requests received (all routes, including /rate_limit and unknown ones). */
  rest: number;
  /** Keyed by `METHOD /route/{template}`. */
  restByRoute: Record<string, number>;
  /** Keyed by `Service/Method`, e.g. `CacheService/CreateCacheEntry`. */
  twirp: Record<string, number>;
  /** Blob requests (PUT block/list/blob, GET, HEAD). */
  blob: number;
}

export interface RuntimeStats extends RuntimeStatsCounters {
  /** Zeroes the live counters (this snapshot keeps its values). */
  reset(): void;
}

export interface LocalRuntime {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly repo: string;
  /** Every variable a runner sets for an action step, so the real toolkit clients talk to this server. */
  envFor(run: RunContext): Record<string, string>;
  /** Allocates a workflow run id and registers its run backend id. */
  newRunId(): number;
  faults: FaultController;
  stats(): RuntimeStats;
  /** Seed and inspect REST state. */
  github: GithubFake;
  /** A REST token (as GITHUB_TOKEN) with the given permissions; default write on everything. */
  restToken(permissions?: Partial<Record<RestPermission, PermissionLevel>>): string;
  /** Changes the per-token REST budget (requests per hour). */
  setRestRateLimit(limit: number): void;
  /** Every REST route the runtime serves, as `METHOD /template`. */
  restRoutes(): string[];
  /** Drops expired artifacts and evicts caches now (they are also swept lazily on every request). */
  sweep(): Promise<void>;
  /** Writes pending state to disk (no-op in memory); close() does this too. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

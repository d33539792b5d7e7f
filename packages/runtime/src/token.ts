// Fake credentials. All are HMAC-signed with a per-runtime secret (persisted with `dir`) so the
// server can trust their claims without a token table. They grant nothing outside this runtime.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PermissionLevel, RestPermission } from './types.js';

/** Cache scope permission bits, as in the `ac` claim of real runtime tokens. */
export const CACHE_READ = 1;
export const CACHE_WRITE = 2;

export interface CacheScope {
  Scope: string;
  Permission: number;
}

export interface RuntimeClaims {
  iss: string;
  aud: string;
  iat: number;
  nbf: number;
  exp: number;
  /** `Actions.Results:<runBackendId>:<jobBackendId>` is what @actions/artifact reads. */
  scp: string;
  /** JSON string of CacheScope[] (a string, as in GitHub's tokens). */
  ac: string;
  repository_id: string;
  /** Non-standard: the numeric run id, so artifacts can be listed by run over REST. */
  run_id: string;
  fake: true;
}

export interface RuntimeIdentity {
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  scopes: CacheScope[];
}

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

export class TokenAuthority {
  constructor(
    private readonly secret: string,
    private readonly now: () => number,
  ) {}

  sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }

  verifySignature(data: string, sig: string): boolean {
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** ACTIONS_RUNTIME_TOKEN: an HS256 JWT shaped like the runner's. */
  runtimeToken(id: RuntimeIdentity, repositoryId: number, ttlSec: number): string {
    const iat = Math.floor(this.now() / 1000);
    const claims: RuntimeClaims = {
      iss: 'https://token.actions.githubusercontent.localhost',
      aud: 'actions.localhost',
      iat,
      nbf: iat - 60,
      exp: iat + ttlSec,
      scp: `Actions.ExampleScope Actions.Results:${id.runBackendId}:${id.jobBackendId}`,
      ac: JSON.stringify(id.scopes),
      repository_id: String(repositoryId),
      run_id: String(id.runId),
      fake: true,
    };
    const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${this.sign(`${head}.${body}`)}`;
  }

  /** The identity in a runtime token, or a reason it is not acceptable. */
  readRuntimeToken(token: string): RuntimeIdentity | string {
    const [head, body, sig] = token.split('.');
    if (!head || !body || !sig || !this.verifySignature(`${head}.${body}`, sig)) return 'invalid token signature';
    let claims: RuntimeClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as RuntimeClaims;
    } catch {
      return 'malformed token';
    }
    const nowSec = this.now() / 1000;
    if (claims.exp < nowSec) return 'token expired';
    if (claims.nbf > nowSec) return 'token not yet valid';
    const results = claims.scp.split(' ').find((s) => s.startsWith('Actions.Results:'));
    const [, runBackendId, jobBackendId] = results?.split(':') ?? [];
    if (!runBackendId || !jobBackendId) return 'token has no Actions.Results scope';
    let scopes: CacheScope[];
    try {
      scopes = JSON.parse(claims.ac) as CacheScope[];
    } catch {
      return 'malformed ac claim';
    }
    return { runId: Number(claims.run_id), runBackendId, jobBackendId, scopes };
  }

  /** GITHUB_TOKEN stand-in: `ghs_fake.<payload>.<sig>`. */
  restToken(grant: RestGrant, ttlSec: number): string {
    const payload: RestTokenPayload = { ...grant, exp: Math.floor(this.now() / 1000) + ttlSec, jti: randomBytes(6).toString('hex') };
    const body = b64url(JSON.stringify(payload));
    return `ghs_fake.${body}.${this.sign(`rest.${body}`)}`;
  }

  readRestToken(token: string): RestGrant | undefined {
    const [prefix, body, sig] = token.split('.');
    if (prefix !== 'ghs_fake' || !body || !sig || !this.verifySignature(`rest.${body}`, sig)) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as RestTokenPayload;
      if (payload.exp < this.now() / 1000) return undefined;
      return { permissions: payload.permissions, runId: payload.runId, login: payload.login };
    } catch {
      return undefined;
    }
  }
}

export interface RestGrant {
  permissions: Record<RestPermission, PermissionLevel>;
  runId?: number;
  /** The acting user; comments and check runs are authored by it. */
  login: string;
}

interface RestTokenPayload extends RestGrant {
  exp: number;
  /** Unique per token, so each token has its own budget even when minted in the same second. */
  jti: string;
}

export const REST_PERMISSIONS: readonly RestPermission[] = ['actions', 'contents', 'issues', 'pull_requests', 'checks', 'metadata'];

export function fullPermissions(
  overrides: Partial<Record<RestPermission, PermissionLevel>> = {},
): Record<RestPermission, PermissionLevel> {
  const out = {} as Record<RestPermission, PermissionLevel>;
  for (const p of REST_PERMISSIONS) out[p] = overrides[p] ?? (p === 'metadata' ? 'read' : 'write');
  return out;
}

/**
 * Events whose runs GitHub treats as untrusted for the cache: they run default-branch code on input
 * anyone can send, so their cache token is read-only in the default branch's scope (GitHub changelog
 * of 2026-06-26; @actions/cache's CacheWriteDeniedError documents the `cache write denied:` answer).
 * A fork's workflow_run is untrusted too, but the event name alone does not say so: see RunContext.
 */
export const UNTRUSTED_CACHE_EVENTS: readonly string[] = ['issue_comment', 'pull_request_target'];

/**
 * Ordered cache scopes for a run: own ref read+write, then the PR base, then the default branch (read).
 * "Workflow runs can restore caches created in either the current branch or the default branch";
 * a pull_request run writes refs/pull/N/merge and reads its base branch too.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/dependency-caching#restrictions-for-accessing-a-cache
 * Untrusted runs read the default branch only and write nothing.
 */
export function cacheScopesFor(ref: string, defaultBranch: string, baseRef?: string, untrusted = false): CacheScope[] {
  if (untrusted) return [{ Scope: `refs/heads/${defaultBranch}`, Permission: CACHE_READ }];
  const scopes: CacheScope[] = [{ Scope: ref, Permission: CACHE_READ | CACHE_WRITE }];
  const add = (scope: string): void => {
    if (!scopes.some((s) => s.Scope === scope)) scopes.push({ Scope: scope, Permission: CACHE_READ });
  };
  if (baseRef) add(baseRef.startsWith('refs/') ? baseRef : `refs/heads/${baseRef}`);
  add(`refs/heads/${defaultBranch}`);
  return scopes;
}

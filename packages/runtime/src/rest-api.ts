// The REST side: authentication (fake GITHUB_TOKENs), the per-token budget, permission checks and
// dispatch to the route tables in rest-repo.ts and rest-actions.ts. Every answer is JSON and carries
// x-ratelimit-* headers, as GitHub's do.
import type { IncomingHttpHeaders } from 'node:http';
import type { ArtifactStore } from './artifact-service.js';
import type { BlobStore } from './blob-store.js';
import type { CacheStore } from './cache-service.js';
import type { GithubFake } from './github-fake.js';
import { HttpAnswer, jsonReply, parseJsonObject, restError, Router, type Reply } from './http.js';
import { rateHeaders, type RateLimiter } from './rate-limit.js';
import { registerActionsRoutes, type ArtifactOrder } from './rest-actions.js';
import { registerRepoRoutes } from './rest-repo.js';
import type { Shapes } from './rest-shapes.js';
import type { RestGrant, TokenAuthority } from './token.js';
import type { Clock, PermissionLevel, RestPermission } from './types.js';

export interface RestContext {
  method: string;
  /** Absolute URL of the request (runtime origin + path + query). */
  url: URL;
  query: URLSearchParams;
  params: Record<string, string>;
  body: Record<string, unknown>;
  /** Undefined for anonymous requests (which may only read). */
  grant: RestGrant | undefined;
}

export interface RestRoute {
  /** Any one of these scopes at `level` (or write) grants access. */
  scopes: RestPermission[];
  level: 'read' | 'write';
  handle(ctx: RestContext): Reply | Promise<Reply>;
}

export interface RestDeps {
  fake: GithubFake;
  shapes: Shapes;
  caches: CacheStore;
  artifacts: ArtifactStore;
  blobs: BlobStore;
  now: Clock;
  /** Order of artifact listings (GitHub documents none); default newest-first. */
  artifactOrder?: ArtifactOrder;
}

export type RestRouter = Router<RestRoute>;

export interface RestRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A route definition helper: `route(router, 'GET', '/repos/{owner}/{repo}/pulls', ['pull_requests'], 'read', handler)`. */
export function route(
  router: RestRouter,
  method: string,
  template: string,
  scopes: RestPermission[],
  level: 'read' | 'write',
  handle: RestRoute['handle'],
): void {
  router.add(method, template, { scopes, level, handle });
}

/** 422 with GitHub's validation error shape. */
export function validationFailed(message: string, errors: Record<string, unknown>[] = []): Reply {
  return restError(422, message, errors.length > 0 ? { errors } : {});
}

export function notFound(message = 'Not Found'): Reply {
  return restError(404, message);
}

/** Throws a 422 when `v` is not a non-empty string. */
export function requireString(body: Record<string, unknown>, field: string, resource: string): string {
  const v = body[field];
  if (typeof v === 'string' && v.length > 0) return v;
  throw new HttpAnswer(validationFailed('Invalid request.', [{ resource, field, code: 'missing_field' }]));
}

export function optString(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  return typeof v === 'string' ? v : undefined;
}

function permits(level: PermissionLevel | undefined, need: 'read' | 'write'): boolean {
  return level === 'write' || (need === 'read' && level === 'read');
}

export class RestApi {
  private readonly router: RestRouter = new Router<RestRoute>();

  constructor(
    private readonly deps: RestDeps,
    private readonly tokens: TokenAuthority,
    private readonly limiter: RateLimiter,
  ) {
    registerRepoRoutes(this.router, deps);
    registerActionsRoutes(this.router, deps);
  }

  /** Every REST route the runtime serves, as `METHOD /template`. */
  routes(): string[] {
    return ['GET /rate_limit', ...this.router.list()];
  }

  /** `METHOD /template` of the route a request would take (for the counters). */
  routeName(method: string, rawPath: string): string {
    const path = rawPath.replace(/\/+$/, '') || '/';
    if (path === '/rate_limit') return `${method} /rate_limit`;
    const m = this.router.match(method, path);
    return m === undefined || m === 'method' ? `${method} (unknown)` : `${method} ${m.route.template}`;
  }

  async handle(req: RestRequest): Promise<Reply> {
    const path = req.url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/rate_limit' && req.method === 'GET') return this.rateLimitReply(req);

    const token = bearer(req.headers.authorization);
    const grant = token === undefined ? undefined : this.tokens.readRestToken(token);
    const budgetKey = token ?? 'anonymous';
    if (token !== undefined && !grant) return this.withRate(restError(401, 'Bad credentials'), 'anonymous');
    const rate = this.limiter.consume(budgetKey);
    if (rate.exceeded) {
      const r = restError(403, 'API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID.');
      Object.assign(r.headers, rateHeaders(rate));
      return r;
    }
    const match = this.router.match(req.method, path);
    if (match === undefined || match === 'method') return this.withRate(notFound(), budgetKey);
    return this.withRate(await this.run(match.route.handler, match.params, req, grant), budgetKey);
  }

  private async run(r: RestRoute, params: Record<string, string>, req: RestRequest, grant: RestGrant | undefined): Promise<Reply> {
    const repo = this.deps.fake.repo;
    if (params['owner'] !== undefined && `${params['owner']}/${params['repo']}`.toLowerCase() !== repo.fullName.toLowerCase()) {
      return notFound();
    }
    if (!grant && r.level === 'write') return restError(401, 'Requires authentication');
    if (grant && !r.scopes.some((s) => permits(grant.permissions[s], r.level))) {
      return restError(403, 'Resource not accessible by integration', { accepted_permissions: r.scopes.map((s) => `${s}=${r.level}`).join('; ') });
    }
    try {
      const body = req.body.length > 0 ? parseJsonObject(req.body, restError(400, 'Problems parsing JSON')) : {};
      return await r.handle({ method: req.method, url: req.url, query: req.url.searchParams, params, body, grant });
    } catch (err) {
      if (err instanceof HttpAnswer) return err.reply;
      throw err;
    }
  }

  /** Adds the caller's x-ratelimit-* headers to an answer made outside handle() (faults, crashes). */
  decorate(reply: Reply, authorization: string | undefined): Reply {
    if (reply.headers['x-ratelimit-limit'] === undefined) this.withRate(reply, bearer(authorization) ?? 'anonymous');
    return reply;
  }

  private withRate(reply: Reply, key: string): Reply {
    Object.assign(reply.headers, rateHeaders(this.limiter.peek(key)));
    return reply;
  }

  private rateLimitReply(req: RestRequest): Reply {
    const token = bearer(req.headers.authorization);
    const s = this.limiter.peek(token ?? 'anonymous');
    const core = { limit: s.limit, used: s.used, remaining: s.remaining, reset: s.reset };
    return jsonReply(200, { resources: { core, search: { ...core, limit: 30, used: 0, remaining: 30 } }, rate: core }, rateHeaders(s));
  }
}

function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim());
  return m?.[1] ?? header.trim();
}

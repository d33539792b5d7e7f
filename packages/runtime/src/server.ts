// startRuntime: wires storage, services and the REST fake behind one node:http server, and applies
// faults and counters around every request.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { resolve } from 'node:path';
import { ArtifactStore, artifactTwirpMethods } from './artifact-service.js';
import { BLOB_ACCOUNT, BlobStore } from './blob-store.js';
import { CacheStore, cacheTwirpMethods, UploadLimiter } from './cache-service.js';
import { FaultController, faultReply, type FaultArea, type FaultSpec } from './faults.js';
import { BOT_LOGIN, GithubFake } from './github-fake.js';
import { blobError, readBody, restError, twirpError, type Reply } from './http.js';
import { RateLimiter } from './rate-limit.js';
import { RestApi } from './rest-api.js';
import { Shapes } from './rest-shapes.js';
import { buildRunEnv, TOKEN_TTL_SEC } from './run-env.js';
import { StatsCounter } from './stats.js';
import { FsStorage, MemoryStorage, type Storage } from './storage.js';
import { fullPermissions, TokenAuthority } from './token.js';
import { TWIRP_PREFIX, TwirpServer, twirpRouteName } from './twirp.js';
import type { LocalRuntime, RunContext, RuntimeOptions } from './types.js';

export const DEFAULT_REPO = 'octo-org/octo-repo';
export const DEFAULT_CACHE_CAP_BYTES = 10 * 1024 ** 3;

interface MetaDoc {
  /** Signs runtime tokens, REST tokens and blob URLs; persisted so tokens survive a restart. */
  secret: string;
}

function areaOf(path: string): FaultArea {
  if (path.startsWith(`/${BLOB_ACCOUNT}/`)) return 'blob';
  if (path.startsWith(`${TWIRP_PREFIX}ArtifactService/`)) return 'artifact';
  if (path.startsWith(TWIRP_PREFIX)) return 'cache';
  return 'rest';
}

function errorFor(area: FaultArea, status: number, message: string): Reply {
  if (area === 'rest') return restError(status, message);
  if (area === 'blob') return blobError(status, 'InternalError', message);
  return twirpError('internal', message, status);
}

function jsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

export async function startRuntime(opts: RuntimeOptions = {}): Promise<LocalRuntime> {
  const now = opts.now ?? Date.now;
  const host = opts.host ?? '127.0.0.1';
  const repoName = opts.repo ?? DEFAULT_REPO;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repoName)) throw new Error(`repo must be owner/name, got ${JSON.stringify(repoName)}`);
  const storage: Storage = opts.dir ? new FsStorage(resolve(opts.dir)) : new MemoryStorage();

  let meta = await storage.loadDoc<MetaDoc>('meta');
  if (!meta) {
    meta = { secret: randomBytes(32).toString('hex') };
    await storage.saveDoc('meta', meta);
  }
  let url = '';
  const tokens = new TokenAuthority(meta.secret, now);
  const blobs = new BlobStore(storage, tokens, () => url, now);
  const caches = await CacheStore.load(storage, blobs, now, opts.cacheCapBytes ?? DEFAULT_CACHE_CAP_BYTES);
  const artifacts = await ArtifactStore.load(storage, blobs, now);
  const github = await GithubFake.load(storage, repoName, opts.defaultBranch ?? 'main', now);
  let restLimit = opts.restRateLimit ?? 1000;
  const limiter = new RateLimiter(now, restLimit);
  const rest = new RestApi(
    { fake: github, shapes: new Shapes(github, () => url), caches, artifacts, blobs, now, ...(opts.artifactOrder ? { artifactOrder: opts.artifactOrder } : {}) },
    tokens,
    limiter,
  );
  const twirp = new TwirpServer(tokens, {
    CacheService: cacheTwirpMethods(caches, blobs, new UploadLimiter(opts.cacheUploadsPerMinute, now)),
    ArtifactService: artifactTwirpMethods(artifacts, now),
  });
  const faults = new FaultController();
  const counters = new StatsCounter();
  const held = new Set<Socket>();

  async function answer(area: FaultArea, req: IncomingMessage, reqUrl: URL, body: Buffer): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (area === 'blob') return blobs.handle({ method, url: reqUrl, headers: req.headers, body });
    if (area !== 'rest') return twirp.handle(method, reqUrl.pathname, req.headers.authorization, body);
    return rest.handle({ method, url: reqUrl, headers: req.headers, body });
  }

  function count(area: FaultArea, method: string, reqUrl: URL): void {
    if (area === 'blob') counters.blob();
    else if (area === 'rest') counters.rest(rest.routeName(method, reqUrl.pathname));
    else counters.twirp(twirpRouteName(reqUrl.pathname) ?? 'unknown');
  }

  function send(req: IncomingMessage, res: ServerResponse, r: Reply, fault: FaultSpec | undefined): void {
    const headers = { ...r.headers, 'content-length': r.headers['content-length'] ?? String(r.body.length) };
    if (fault?.kind === 'truncate') {
      // Promise the whole body, send half of it, then drop the connection.
      res.writeHead(r.status, headers);
      res.write(r.body.subarray(0, Math.floor(r.body.length / 2)), () => req.socket.destroy());
      return;
    }
    res.writeHead(r.status, headers);
    res.end(req.method === 'HEAD' ? undefined : r.body);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const reqUrl = new URL(req.url ?? '/', url);
    const area = areaOf(reqUrl.pathname);
    count(area, method, reqUrl);
    const fault = faults.take(area, method, reqUrl.pathname);
    const body = await readBody(req);
    if (fault?.kind === 'timeout') {
      // Never answer; drop the socket later (or at close()).
      held.add(req.socket);
      setTimeout(() => {
        held.delete(req.socket);
        req.socket.destroy();
      }, fault.delayMs ?? 60_000).unref();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1000);
    const injected = fault ? faultReply(fault, area, now(), restLimit) : undefined;
    let r: Reply;
    try {
      r = injected ?? (await answer(area, req, reqUrl, body));
    } catch (err) {
      r = errorFor(area, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (area === 'rest') {
      rest.decorate(r, req.headers.authorization);
      if (opts.observeRest) opts.observeRest({ method, route: rest.routeName(method, reqUrl.pathname), path: reqUrl.pathname, status: r.status, body: jsonBody(r.body) });
    }
    send(req, res, r, fault);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(err) }));
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const flush = async (): Promise<void> => {
    await Promise.all([caches.flush(), artifacts.flush(), github.flush()]);
  };

  return {
    url,
    repo: repoName,
    envFor: (run: RunContext) => buildRunEnv(run, url, github, tokens),
    newRunId: () => github.addWorkflowRun().id,
    faults,
    stats: () => counters.snapshot(),
    github,
    restToken: (permissions) => tokens.restToken({ permissions: fullPermissions(permissions), login: BOT_LOGIN }, TOKEN_TTL_SEC),
    setRestRateLimit: (limit: number) => {
      restLimit = limit;
      limiter.setLimit(limit);
    },
    restRoutes: () => rest.routes(),
    sweep: async () => {
      await caches.sweep();
      await artifacts.sweep();
    },
    flush,
    close: async () => {
      for (const s of held) s.destroy();
      held.clear();
      const closed = new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await closed;
      await flush();
    },
  };
}

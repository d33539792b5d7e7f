// The REST client the actions wire up, loaded and built on its first request: an action step that
// sends none (session-check after session-start in the same job, its common case) loads neither
// Octokit nor its plugins (a 150 kB bundle chunk) and builds no client. Everything else about the
// client is client.ts's: this only defers it. It serves the surface the suite uses:
// `rest.<namespace>.<method>(params)`, `paginate(method, params)`, `paginate.iterator(method, params)`
// and `request(route, params)`; test/adapters/lazy-client.test.ts holds it to the eager client.
import type { GitHubClient, GitHubClientOptions } from './client.js';

/** What a deferred endpoint method remembers, so paginate can hand the real one to Octokit. */
const ENDPOINT = Symbol('endpoint');
interface Deferred {
  readonly [ENDPOINT]: { readonly namespace: string; readonly method: string };
}
type Call = (params?: unknown) => Promise<unknown>;
type Rest = Record<string, Record<string, Call>>;

export function lazyGitHubClient(opts: GitHubClientOptions): GitHubClient {
  let built: Promise<GitHubClient> | undefined;
  const client = (): Promise<GitHubClient> => (built ??= import('./client.js').then((m) => m.createGitHubClient(opts)));
  const real = (c: GitHubClient, fn: unknown): unknown => {
    const at = (fn as Partial<Deferred> | null)?.[ENDPOINT];
    return at ? (c.rest as unknown as Rest)[at.namespace]?.[at.method] : fn;
  };
  const endpoint = (namespace: string, method: string): Call & Deferred =>
    Object.assign(async (params?: unknown) => {
      const fn = (await client()).rest as unknown as Rest;
      const call = fn[namespace]?.[method];
      if (!call) throw new TypeError(`github.rest.${namespace}.${method} is not a REST method`);
      return call(params);
    }, { [ENDPOINT]: { namespace, method } });
  const namespaces = new Map<string, Record<string, Call>>();
  const rest = new Proxy({} as Rest, {
    get: (_t, namespace) => {
      if (typeof namespace !== 'string') return undefined;
      let ns = namespaces.get(namespace);
      if (!ns) {
        const methods = new Map<string, Call>();
        ns = new Proxy({} as Record<string, Call>, {
          get: (_u, method) => {
            if (typeof method !== 'string') return undefined;
            let m = methods.get(method);
            if (!m) methods.set(method, (m = endpoint(namespace, method)));
            return m;
          },
        });
        namespaces.set(namespace, ns);
      }
      return ns;
    },
  });
  type Paginate = GitHubClient['paginate'];
  const paginate = Object.assign(
    async (fn: unknown, params?: unknown) => {
      const c = await client();
      return (c.paginate as unknown as (f: unknown, p?: unknown) => Promise<unknown>)(real(c, fn), params);
    },
    {
      iterator: (fn: unknown, params?: unknown) => ({
        async *[Symbol.asyncIterator]() {
          const c = await client();
          yield* (c.paginate.iterator as unknown as (f: unknown, p?: unknown) => AsyncIterable<unknown>)(real(c, fn), params);
        },
      }),
    },
  ) as unknown as Paginate;
  const request = (async (route: string, params?: Record<string, unknown>) => (await client()).request(route, params)) as unknown as GitHubClient['request'];
  return { rest, paginate, request } as unknown as GitHubClient;
}

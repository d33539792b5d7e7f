// The one HTTP client of the actions: REST (Octokit's fetch), the results service's Twirp calls and
// the blob transfers behind its signed URLs. It honours the runner's proxy variables the way
// @actions/http-client does (https_proxy / HTTPS_PROXY, http_proxy / HTTP_PROXY, no_proxy /
// NO_PROXY, decided per URL by its lib/proxy.js; self-hosted runners behind a proxy set them:
// https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/using-a-proxy-server-with-self-hosted-runners).
// Without a proxy for the URL it is Node's own fetch, which needs no module of ours; through a
// proxy, the undici package's fetch with its ProxyAgent (loaded only then).
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import type { ProxyAgent } from 'undici';

type Fetch = typeof globalThis.fetch;

/** One ProxyAgent per proxy URL, kept for the process (its connections are reused). */
const agents = new Map<string, ProxyAgent>();

/** fetch(input, init), through the runner's proxy when one applies to the URL. */
export const httpFetch = (async (input: Parameters<Fetch>[0], init?: Parameters<Fetch>[1]) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const proxy = getProxyUrl(url);
  if (!proxy) return globalThis.fetch(input, init);
  const { fetch, ProxyAgent } = await import('undici');
  const dispatcher = agents.get(proxy.href) ?? new ProxyAgent(proxyOptions(proxy));
  agents.set(proxy.href, dispatcher);
  return fetch(input as Parameters<typeof fetch>[0], { ...(init as Parameters<typeof fetch>[1]), dispatcher }) as unknown as Promise<Response>;
}) as Fetch;


/** Credentials in the proxy URL (decoded by lib/proxy.js) become a Basic token, as @actions/http-client sends them. */
function proxyOptions(proxy: URL): ProxyAgent.Options {
  if (!proxy.username && !proxy.password) return { uri: proxy.href };
  return { uri: proxy.href, token: `Basic ${Buffer.from(`${proxy.username}:${proxy.password}`).toString('base64')}` };
}

/** The code of a connection failure (ECONNREFUSED, …) behind fetch's `TypeError: fetch failed`. */
export function connectionCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// Every request of the actions (REST through Octokit, the results service's Twirp calls) goes
// through the runner's proxy when http_proxy / https_proxy name one, with the proxy credentials as a
// Basic Proxy-Authorization, and skips it for no_proxy hosts: the rules of @actions/http-client,
// which the toolkit clients follow. A CONNECT proxy in front of the local runtime records what it
// tunnels; the runtime is reached through a made-up host name only the proxy resolves.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { createGitHubClient } from '@auto-pr-sessions/core';
import { cacheVersion, restoreEntry } from '../../packages/core/src/adapters/store/cache-client.js';

interface Tunnel {
  readonly target: string;
  readonly auth: string | undefined;
}

let rt: LocalRuntime;
let proxy: Server;
let proxyPort = 0;
const tunnels: Tunnel[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  rt = await startRuntime();
  const runtimePort = new URL(rt.url).port;
  proxy = createServer();
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] });
    // every tunnel leads to the runtime, whatever host it names
    const upstream = connect(Number(runtimePort), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  proxyPort = (proxy.address() as AddressInfo).port;
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  tunnels.length = 0;
});
afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((r) => proxy?.close(() => r()));
  await rt?.close();
});

const host = () => `runtime.aps-proxy.test:${new URL(rt.url).port}`;

describe('requests through the runner\'s proxy', () => {
  it('sends REST and Twirp calls through http_proxy with the proxy credentials, as @actions/http-client would', async () => {
    const env = rt.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' });
    Object.assign(process.env, env, { http_proxy: `http://agent:p%40ss@127.0.0.1:${proxyPort}`, ACTIONS_RESULTS_URL: `http://${host()}/` });
    const gh = createGitHubClient({ token: env['GITHUB_TOKEN'] ?? '', baseUrl: `http://${host()}` });
    const [owner = '', repo = ''] = rt.repo.split('/');
    const listed = await gh.rest.actions.getActionsCacheList({ owner, repo, per_page: 1 });
    expect(listed.status).toBe(200);
    // the host resolves nowhere: both answers came through the proxy (one tunnel, kept alive, or two)
    expect(await restoreEntry('aps1-nothing-here-', [], cacheVersion(['x']), 1024)).toBeUndefined();
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels.map((t) => t.target))).toEqual(new Set([host()]));
    for (const t of tunnels) expect(t.auth).toBe(`Basic ${Buffer.from('agent:p@ss').toString('base64')}`);
  });

  it('goes direct for no_proxy hosts and for loopback addresses', async () => {
    const env = rt.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' });
    Object.assign(process.env, env, { http_proxy: `http://127.0.0.1:${proxyPort}`, no_proxy: 'example.org,.aps-proxy.test' });
    const [owner = '', repo = ''] = rt.repo.split('/');
    // the made-up host resolves nowhere without the proxy: a direct attempt fails to connect
    const direct = createGitHubClient({ token: env['GITHUB_TOKEN'] ?? '', baseUrl: `http://${host()}`, rateLimitRetries: 0 });
    await expect(direct.rest.actions.getActionsCacheList({ owner, repo, per_page: 1, request: { retries: 0 } })).rejects.toThrow(/fetch failed|ENOTFOUND|EAI_AGAIN/);
    // the runtime's own loopback URL never goes through a proxy
    const loopback = createGitHubClient({ token: env['GITHUB_TOKEN'] ?? '', baseUrl: rt.url });
    expect((await loopback.rest.actions.getActionsCacheList({ owner, repo, per_page: 1 })).status).toBe(200);
    expect(tunnels).toEqual([]);
  });
});

// REST writes are paced 1 s apart by default (3 s for writes that notify) (GitHub: "wait at least one second between each
// request" for POST, PATCH, PUT and DELETE); AUTO_PR_SESSIONS_WRITE_INTERVAL_MS changes the pause.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../packages/core/src/adapters/github/client.js';
import { readRunEnv, writeIntervalOf } from '../../packages/core/src/app/env.js';

let server: Server;
let url = '';
const posts: number[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST') posts.push(performance.now());
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

/**
 * A read first: the client loads its fetch and opens a connection on its first request, which
 * would delay the first write's arrival and shorten the measured gap under load.
 */
async function warmUp(github: ReturnType<typeof createGitHubClient>): Promise<void> {
  await github.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'r' });
}

async function gapBetweenTwoWrites(writeIntervalMs?: number): Promise<number> {
  posts.length = 0;
  const github = createGitHubClient({ token: 't', baseUrl: url, ...(writeIntervalMs !== undefined ? { writeIntervalMs } : {}) });
  await warmUp(github);
  for (let i = 0; i < 2; i++) await github.request('POST /repos/{owner}/{repo}/issues', { owner: 'o', repo: 'r', title: `t${i}` });
  return posts[1]! - posts[0]!;
}

describe('REST write pacing', () => {
  it('paces writes by default (3 s for ones that notify, like a new issue), and not at all with 0', async () => {
    expect(await gapBetweenTwoWrites()).toBeGreaterThanOrEqual(2_500); // 3 s between the starts; arrivals jitter
    expect(await gapBetweenTwoWrites(200)).toBeGreaterThanOrEqual(450);
    expect(await gapBetweenTwoWrites(0)).toBeLessThan(300);
  });

  it('waits about a second between two writes that notify nobody', async () => {
    posts.length = 0;
    const github = createGitHubClient({ token: 't', baseUrl: url });
    await warmUp(github);
    for (let i = 0; i < 2; i++) await github.request('POST /repos/{owner}/{repo}/git/refs', { owner: 'o', repo: 'r', ref: `refs/x/${i}`, sha: 'a'.repeat(40) });
    const gap = posts[1]! - posts[0]!;
    expect(gap).toBeGreaterThanOrEqual(800);
    expect(gap).toBeLessThan(2_500);
  });

  it('reads AUTO_PR_SESSIONS_WRITE_INTERVAL_MS, refusing anything but 0–60000 whole milliseconds', () => {
    expect(writeIntervalOf(undefined)).toBeUndefined();
    expect(writeIntervalOf('')).toBeUndefined();
    expect(writeIntervalOf('0')).toBe(0);
    expect(writeIntervalOf('250')).toBe(250);
    for (const bad of ['-1', '1.5', '60001', 'fast', ' 1']) {
      expect(() => writeIntervalOf(bad)).toThrow(/AUTO_PR_SESSIONS_WRITE_INTERVAL_MS is ".*": expected whole milliseconds from 0 to 60000/);
    }
    expect(readRunEnv({ GITHUB_REPOSITORY: 'o/r', AUTO_PR_SESSIONS_WRITE_INTERVAL_MS: '0' }).writeIntervalMs).toBe(0);
    expect(readRunEnv({ GITHUB_REPOSITORY: 'o/r' }).writeIntervalMs).toBeUndefined();
  });
});

// The REST client the actions wire up (lazy-client.ts) defers loading and building Octokit to its
// first request; everything a caller sees must be the eager client's: answers, pagination (whole
// and as an iterator), raw routes, request counting and errors. Against the local runtime's REST API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { createGitHubClient, lazyGitHubClient, type GitHubClient } from '@auto-pr-sessions/core';

let rt: LocalRuntime;
let owner = '';
let repo = '';
let token = '';
let issue = 0;

beforeAll(async () => {
  rt = await startRuntime();
  [owner = '', repo = ''] = rt.repo.split('/');
  token = rt.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' })['GITHUB_TOKEN'] ?? '';
  const gh = createGitHubClient({ token, baseUrl: rt.url, writeIntervalMs: 0 });
  issue = (await gh.rest.issues.create({ owner, repo, title: 'lazy client' })).data.number;
  for (const n of [1, 2, 3]) await gh.rest.issues.createComment({ owner, repo, issue_number: issue, body: `comment ${n}` });
});
afterAll(async () => {
  await rt?.close();
});

function pair(): { eager: GitHubClient; lazy: GitHubClient; counts: { eager: number; lazy: number } } {
  const counts = { eager: 0, lazy: 0 };
  const eager = createGitHubClient({ token, baseUrl: rt.url, onRequest: () => (counts.eager += 1) });
  const lazy = lazyGitHubClient({ token, baseUrl: rt.url, onRequest: () => (counts.lazy += 1) });
  return { eager, lazy, counts };
}

describe('lazyGitHubClient', () => {
  it('sends nothing until asked, then answers as the eager client does', async () => {
    const { eager, lazy, counts } = pair();
    // touching the surface (as wiring does) sends nothing
    void lazy.rest.issues.listComments;
    expect(counts.lazy).toBe(0);
    const [a, b] = await Promise.all([eager.rest.issues.get({ owner, repo, issue_number: issue }), lazy.rest.issues.get({ owner, repo, issue_number: issue })]);
    expect(b.status).toBe(200);
    expect(b.data.title).toBe(a.data.title);
    expect(counts).toEqual({ eager: 1, lazy: 1 });
    const route = await lazy.request('GET /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issue });
    expect(route.data.number).toBe(issue);
  });

  it('paginates, whole and as an iterator, with the methods it hands out', async () => {
    const { eager, lazy } = pair();
    const params = { owner, repo, issue_number: issue, per_page: 1 };
    const all = await lazy.paginate(lazy.rest.issues.listComments, params);
    expect(all.map((c) => c.body)).toEqual((await eager.paginate(eager.rest.issues.listComments, params)).map((c) => c.body));
    expect(all.map((c) => c.body)).toEqual(['comment 1', 'comment 2', 'comment 3']);
    const pages: number[] = [];
    for await (const page of lazy.paginate.iterator(lazy.rest.issues.listComments, params)) pages.push(page.data.length);
    expect(pages).toEqual([1, 1, 1]);
  });

  it('fails as the eager client fails: the same status, and a clear error for a method that does not exist', async () => {
    const { eager, lazy } = pair();
    const status = async (p: Promise<unknown>) => p.then(() => 0, (err: { status?: number }) => err.status ?? -1);
    expect(await status(lazy.rest.issues.get({ owner, repo, issue_number: 99_999 }))).toBe(await status(eager.rest.issues.get({ owner, repo, issue_number: 99_999 })));
    const bogus = (lazy.rest as unknown as Record<string, Record<string, () => Promise<unknown>>>)['issues']?.['noSuchMethod'];
    await expect(bogus?.()).rejects.toThrow(/github\.rest\.issues\.noSuchMethod is not a REST method/);
  });
});

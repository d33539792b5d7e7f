/**
 * One sticky comment per session on a pull request: found by a hidden marker across every page of
 * the PR's comments, updated in place when present, created otherwise. Only comments written by a
 * bot (GITHUB_TOKEN, a GitHub App) count, so a marker pasted into a person's comment cannot make
 * the suite overwrite that comment.
 */
import type { GitHubClient } from './client.js';

/** Upper bound on pages read (100 comments each) while looking for the marker. */
const MAX_PAGES = 50;
/** GitHub rejects comment bodies above 65 536 characters. */
export const MAX_COMMENT_CHARS = 65_000;

export function stickyMarker(kind: string, sessionId: string): string {
  // ids are [A-Za-z0-9._-]; strip anything else so the marker can never close the HTML comment
  const safe = sessionId.replace(/[^A-Za-z0-9._-]/g, '_').replace(/-{2,}/g, '-');
  return `<!-- auto-pr-sessions:${kind} session=${safe} -->`;
}

export interface StickyTarget {
  readonly owner: string;
  readonly repo: string;
  readonly issue: number;
  readonly marker: string;
}

export interface FoundComment {
  readonly id: number;
  readonly url: string;
  /** Pages read to find it (or to conclude that it does not exist). */
  readonly pages: number;
}

export async function findStickyComment(github: GitHubClient, t: StickyTarget): Promise<{ found: FoundComment | null; pages: number }> {
  let pages = 0;
  const iterator = github.paginate.iterator(github.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.issue, per_page: 100 });
  for await (const page of iterator) {
    pages += 1;
    for (const c of page.data) {
      const bot = c.user?.type === 'Bot' || (c.user?.login ?? '').endsWith('[bot]');
      if (bot && typeof c.body === 'string' && c.body.includes(t.marker)) return { found: { id: c.id, url: c.html_url, pages }, pages };
    }
    if (pages >= MAX_PAGES) break;
  }
  return { found: null, pages };
}

/** Creates or updates the sticky comment; `body` must already hold the marker. */
export async function upsertStickyComment(github: GitHubClient, t: StickyTarget, body: string): Promise<{ id: number; url: string; action: 'created' | 'updated'; pages: number }> {
  const text = body.length > MAX_COMMENT_CHARS ? `${body.slice(0, MAX_COMMENT_CHARS)}\n\n… (truncated)\n${t.marker}` : body;
  const { found, pages } = await findStickyComment(github, t);
  if (found) {
    const res = await github.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: found.id, body: text });
    return { id: res.data.id, url: res.data.html_url, action: 'updated', pages };
  }
  const res = await github.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.issue, body: text });
  return { id: res.data.id, url: res.data.html_url, action: 'created', pages };
}

/** From recorded sessions (or a lone push) to what the scorer needs, plus the session's pull requests. */
import type { GitHubClient } from '../../adapters/github/client.js';
import { safeIdPart, type SessionConfig, effectiveCompletion, type Session, type StreamState, type SessionEvent } from '@auto-pr-sessions/domain';
import type { PullInfo, RewardTarget } from './types.js';
import { errorMessage as message } from '../../util/errors.js';

const MAX_PULLS = 5;
const MAX_BRANCH_LOOKUPS = 3;

function newestFirstUnique(values: Array<string | null | undefined>, max: number): string[] {
  const out: string[] = [];
  for (let i = values.length - 1; i >= 0 && out.length < max; i--) {
    const v = values[i];
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}

/** `now` and `config` tell a completion the fold cannot see yet (an idle timeout that has passed). */
export function targetFromSession(session: Session, state: StreamState, now: string, config: SessionConfig): RewardTarget {
  const ids = new Set(session.eventIds);
  const completion = effectiveCompletion(session, now, config);
  const events = state.events.filter((e) => ids.has(e.id));
  return {
    sessionId: session.id,
    streamKey: session.streamKey,
    headSha: session.headShas.at(-1) ?? null,
    prNumbers: session.prNumbers,
    branches: session.branches,
    authors: session.authors,
    pushes: session.pushes,
    firstActivity: session.firstActivity,
    lastActivity: session.lastActivity,
    completion: completion ? { trigger: completion.trigger, detail: completion.detail } : null,
    titles: newestFirstUnique(events.map((e) => e.title), 3),
    commitMessages: newestFirstUnique(events.flatMap((e) => e.commits.map((c) => c.message)), 10),
  };
}

/** A push that is not an auto-PR, scored on its own as without the suite (non_auto_prs: score-each-push). */
export function targetFromPush(event: SessionEvent): RewardTarget | null {
  if (!event.headSha) return null;
  return {
    sessionId: `p-${safeIdPart(event.branch || event.author || 'push')}-${event.headSha.slice(0, 12)}`,
    streamKey: null,
    headSha: event.headSha,
    prNumbers: event.prNumber === null ? [] : [event.prNumber],
    branches: event.branch ? [event.branch] : [],
    authors: event.author ? [event.author] : [],
    pushes: 1,
    firstActivity: event.at,
    lastActivity: event.at,
    completion: { trigger: 'per_push', detail: 'not an auto-PR: scored per push' },
    titles: event.title ? [event.title] : [],
    commitMessages: newestFirstUnique(event.commits.map((c) => c.message), 10),
  };
}


/**
 * The session's pull requests, newest first: the PR numbers its events carry, else the PRs whose
 * head is one of its branches (a push-only session on a branch with an open PR).
 */
export async function resolvePulls(github: GitHubClient, owner: string, repo: string, target: RewardTarget): Promise<{ pulls: PullInfo[]; warnings: string[] }> {
  const warnings: string[] = [];
  const numbers = new Set<number>([...target.prNumbers].slice(-MAX_PULLS));
  if (numbers.size === 0) {
    for (const branch of target.branches.slice(0, MAX_BRANCH_LOOKUPS)) {
      try {
        const res = await github.rest.pulls.list({ owner, repo, head: `${owner}:${branch}`, state: 'all', sort: 'updated', direction: 'desc', per_page: 5 });
        for (const p of res.data) if (p.head.ref === branch) numbers.add(p.number);
      } catch (err) {
        warnings.push(`pull requests of branch ${JSON.stringify(branch)} could not be listed: ${message(err)}`);
      }
    }
  }
  const pulls: PullInfo[] = [];
  for (const n of [...numbers].sort((a, b) => b - a).slice(0, MAX_PULLS)) {
    try {
      const { data } = await github.rest.pulls.get({ owner, repo, pull_number: n });
      pulls.push({
        number: data.number,
        title: data.title,
        body: data.body ?? '',
        baseRef: data.base.ref,
        headRef: data.head.ref,
        headSha: data.head.sha,
        fork: data.head.repo ? data.head.repo.full_name !== `${owner}/${repo}` : true,
        url: data.html_url,
      });
    } catch (err) {
      warnings.push(`PR #${n} could not be read: ${message(err)}`);
    }
  }
  return { pulls, warnings };
}

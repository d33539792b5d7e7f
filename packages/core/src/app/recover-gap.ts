import type { GitHubClient } from '../adapters/github/client.js';
import type { Logger } from '../adapters/logger.js';
import { gapEvents, knownCommits, planGap, type ComparedCommit, type StreamState, type SessionEvent } from '@auto-pr-sessions/domain';
import { errorMessage } from '../util/errors.js';
import type { RunEnv } from './ports.js';

const SHA = /^[0-9a-f]{40}$/;

/** `before` of a push or pull_request synchronize payload, when it is a commit id. */
export function payloadBefore(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const before = (payload as Record<string, unknown>)['before'];
  return typeof before === 'string' && SHA.test(before) ? before : null;
}

/** The compare API's commits, validated field by field: a REST answer is input like any other. */
export function comparedCommits(data: unknown): ComparedCommit[] {
  const commits = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['commits'] : undefined;
  if (!Array.isArray(commits)) throw new Error('the compare answer has no commits array');
  const out: ComparedCommit[] = [];
  for (const raw of commits as unknown[]) {
    if (typeof raw !== 'object' || raw === null) continue;
    const c = raw as { sha?: unknown; commit?: { message?: unknown; committer?: { date?: unknown } | null } };
    if (typeof c.sha !== 'string' || !SHA.test(c.sha)) continue;
    const message = typeof c.commit?.message === 'string' ? c.commit.message : '';
    const date = c.commit?.committer?.date;
    const at = typeof date === 'string' && Number.isFinite(Date.parse(date)) ? new Date(Date.parse(date)).toISOString() : null;
    out.push({ sha: c.sha, message, at });
  }
  return out;
}

export interface GapRecovery {
  readonly events: SessionEvent[];
  /** What was done, for the log (null when there was no gap). */
  readonly note: string | null;
}

/**
 * Finds the pushes of this branch whose runs never recorded them (cancelled, never started) and
 * returns them as events: see packages/domain/src/reconcile.ts. One compare call, and only when there is a gap.
 * Compare API: https://docs.github.com/en/rest/commits/commits#compare-two-commits (at most 250
 * commits in one answer; the newest 100 are kept, like a push payload's cap here).
 */
export async function recoverGap(args: {
  state: StreamState;
  event: SessionEvent;
  env: RunEnv;
  github: GitHubClient | null;
  log: Logger;
}): Promise<GapRecovery> {
  const { state, event, env, github, log } = args;
  const plan = planGap(state, event, payloadBefore(env.payload));
  if (plan.kind === 'none' || !event.branch) return { events: [], note: null };
  const base = plan.base ?? env.defaultRef.replace(/^refs\/heads\//, '');
  if (!github) {
    log.warn(`pushes before ${plan.before.slice(0, 12)} on ${event.branch} may be unrecorded and cannot be read back without a token (contents: read); pass token to session-start`);
    return { events: [], note: null };
  }
  try {
    const { data } = await github.rest.repos.compareCommitsWithBasehead({ owner: env.owner, repo: env.repo, basehead: `${base}...${plan.before}`, per_page: 100 });
    const events = gapEvents(event, comparedCommits(data), plan.baseAt, knownCommits(state, event.branch, event.id));
    return { events, note: events.length > 0 ? `recovered ${events.length} unrecorded commit(s) ${base.slice(0, 12)}...${plan.before.slice(0, 12)} from the compare API` : null };
  } catch (err) {
    log.warn(`could not read ${base.slice(0, 12)}...${plan.before.slice(0, 12)} to recover unrecorded pushes on ${event.branch}: ${errorMessage(err)}; re-run this job to retry (its commits stay unrecorded until then)`);
    return { events: [], note: null };
  }
}

import { baseEvent } from './events.js';
import { ACTIVITY } from './sessions.js';
import type { StreamState } from './state.js';
import { EVENT_LIMITS } from './state.js';
import type { CommitInfo, SessionEvent } from './types.js';

/**
 * Reconciling a branch's recorded pushes with its git history.
 *
 * A run of session-start may be cancelled (a `concurrency` group with `cancel-in-progress`, a newer
 * pending run replacing an older pending one) or never start. GitHub documents that a push
 * payload's `commits` are "all commits that are included in the compare between the before commit
 * and the after commit" (https://docs.github.com/en/webhooks/webhook-events-and-payloads#push), so
 * a push whose run never recorded anything leaves a gap between the last head this stream recorded
 * for the branch and the next recorded push's `before`. Those commits are read back from the
 * compare API and recorded as one push each (id `push:<sha>`: the id a real push ending at that
 * commit gets, so a late run of the same push merges with it instead of doubling it).
 */

const ZERO_SHA = /^0+$/;

/** The activity kinds of the fold: their `headSha` says "this branch was at that commit". */
const HEAD_KINDS = ACTIVITY;

/**
 * Every commit sha the stream already knows for `branch`: the commits of its pushes, and the heads
 * of other events (`exceptId`: the event being reconciled, whose own head is what may be missing).
 */
export function knownCommits(state: StreamState, branch: string, exceptId = ''): Set<string> {
  const known = new Set<string>();
  for (const e of state.events) {
    if (e.branch !== branch || !HEAD_KINDS.has(e.kind) || e.id === exceptId) continue;
    if (e.headSha) known.add(e.headSha);
    for (const c of e.commits) known.add(c.sha);
  }
  return known;
}

/** The newest recorded head of `branch` other than `exceptId`: the base of a gap, if any. */
export function lastRecordedHead(state: StreamState, branch: string, exceptId: string): { sha: string; at: string } | null {
  let best: SessionEvent | null = null;
  for (const e of state.events) {
    if (e.id === exceptId || e.branch !== branch || !HEAD_KINDS.has(e.kind) || !e.headSha) continue;
    if (best === null || Date.parse(e.at) >= Date.parse(best.at)) best = e;
  }
  return best?.headSha ? { sha: best.headSha, at: best.at } : null;
}

export type GapPlan =
  /** Nothing can be missing: the payload starts where the stream left off, or a new branch. */
  | { readonly kind: 'none'; readonly why: string }
  /** Commits `base...before` were pushed but never recorded; `base` null: since the default branch. */
  | { readonly kind: 'gap'; readonly base: string | null; readonly baseAt: string | null; readonly before: string };

/** Kinds whose payload lists no commit messages: their new commits are read from history too. */
const MESSAGELESS: ReadonlySet<SessionEvent['kind']> = new Set(['pr_opened', 'pr_synchronize', 'pr_reopened']);

/**
 * Decides whether this event leaves a gap. `before` is the payload's `before` (push and
 * pull_request synchronize carry one); without it nothing can be told and nothing is read.
 */
export function planGap(state: StreamState, event: SessionEvent, before: string | null): GapPlan {
  if (!event.branch || !HEAD_KINDS.has(event.kind)) return { kind: 'none', why: `${event.kind} moves no branch head` };
  const known = knownCommits(state, event.branch, event.id);
  const last = lastRecordedHead(state, event.branch, event.id);
  // A pull_request event carries no commit messages (markers): its own new commits are read back
  // up to its head (a same-repository PR's head is usually recorded by its push already).
  if (MESSAGELESS.has(event.kind) && event.headSha) {
    if (known.has(event.headSha)) return { kind: 'none', why: 'the head is already recorded' };
    return { kind: 'gap', base: last?.sha ?? null, baseAt: last?.at ?? null, before: event.headSha };
  }
  if (!before || ZERO_SHA.test(before)) return { kind: 'none', why: 'no earlier head (a new branch or no `before` in the payload)' };
  if (known.has(before)) return { kind: 'none', why: 'the payload starts at a recorded head' };
  return { kind: 'gap', base: last?.sha ?? null, baseAt: last?.at ?? null, before };
}

/** A commit as the compare API lists it (only the fields read here; everything else untrusted). */
export interface ComparedCommit {
  readonly sha: string;
  readonly message: string;
  /** Committer date: when the commit was made on the pusher's machine (closest to the push). */
  readonly at: string | null;
}

/**
 * One synthetic push per missing commit, in history order, timed by its committer date clamped to
 * (after the last recorded head, before this event) so the fold places it where it was pushed.
 */
export function gapEvents(event: SessionEvent, commits: readonly ComparedCommit[], after: string | null, known: ReadonlySet<string>): SessionEvent[] {
  const upper = Date.parse(event.at);
  const lower = after ? Date.parse(after) : Number.NEGATIVE_INFINITY;
  const out: SessionEvent[] = [];
  let prev = lower;
  for (const c of commits.slice(-EVENT_LIMITS.commits)) {
    if (known.has(c.sha)) continue;
    const own = c.at ? Date.parse(c.at) : Number.NaN;
    // strictly increasing and inside (lower, upper): commit clocks lie, the order of history does not
    let t = Number.isFinite(own) ? own : upper - 1;
    if (t <= prev) t = Number.isFinite(prev) ? prev + 1 : t;
    if (t >= upper) t = upper - 1;
    prev = t;
    const info: CommitInfo = { sha: c.sha, message: c.message.slice(0, EVENT_LIMITS.commitMessage), at: c.at, added: [], modified: [], removed: [] };
    out.push({
      ...baseEvent(`push:${c.sha}`, 'push', new Date(t).toISOString(), event.repo),
      author: event.author,
      actor: event.actor,
      branch: event.branch,
      prNumber: event.prNumber,
      headSha: c.sha,
      commits: [info],
      fork: event.fork,
      inputs: { recovered: 'compare' },
    });
  }
  return out;
}

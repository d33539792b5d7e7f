/**
 * Exactly-once claim of a session's scoring. Only one racing run can win it, whatever cache scope
 * each run lives in: the claim is a git ref created through the REST API
 * (`POST /repos/{o}/{r}/git/refs`), which GitHub creates atomically — the second create of the same
 * ref answers 422 "Reference already exists".
 *
 * - The winner also records itself in a holder ref (`claim-holders/<claim>/<run>-<attempt>`), so a
 *   later run can tell a live holder from one whose run ended without a score (cancelled, killed).
 * - A claim whose holder ended without a published score is stale: the next run claims the next
 *   generation (`<claim>.r1`, `.r2`, …) — again by an atomic create, so racing recoverers still
 *   elect one winner.
 * - On success the claim ref is kept: it is the cross-scope record that the session was scored.
 *   When scoring fails the winner deletes it, so a later run can retry.
 * - Without `contents: write` (403 "Resource not accessible by integration") the claim falls back to
 *   an immutable cache key (`aps-claim-<session>`): first writer wins, but only within one cache
 *   scope (documented). Only that answer does: a rate limit (403 or 429 naming the limit) or a
 *   server error says nothing about permissions, so the run reports it and a later run retries
 *   rather than taking the weaker claim (two runs in different scopes would both score).
 * - Only 422 "Reference already exists" means claimed-by-other.
 * - A claim with no holder recorded is given a short grace (the winner records its holder right
 *   after the claim, and releases the claim when it cannot): past it the claim is stale, so a claim
 *   whose holder was never written cannot block the session.
 */
import { createHash } from 'node:crypto';
import type { GitHubClient } from '../../adapters/github/client.js';
import type { Logger } from '../../adapters/logger.js';
import { saveFile } from '../../adapters/store/one-file-cache.js';
import { errorMessage as message } from '../../util/errors.js';

export const CLAIM_REF_PREFIX = 'refs/auto-pr-sessions/claims/';
export const HOLDER_REF_PREFIX = 'refs/auto-pr-sessions/claim-holders/';
export const CLAIM_CACHE_PREFIX = 'aps-claim-';
/** Relative (the cache version hashes the path list, so it must be the same string in every run). */
const CLAIM_CACHE_DIR = '.auto-pr-sessions/claim';
/** Stale generations tried before giving up (each needs a holder that ended without a score). */
const MAX_GENERATIONS = 5;
/** How long a claim may have no holder recorded before it counts as stale (see the module comment). */
export const HOLDERLESS_GRACE_MS = 3_000;
const HOLDER_POLL_MS = 500;

export interface ClaimContext {
  readonly github: GitHubClient | null;
  readonly owner: string;
  readonly repo: string;
  readonly runId: string;
  readonly runAttempt: string;
  /** GITHUB_REF: the cache scope a cache-key claim is written in (and deleted from). */
  readonly ref: string;
  readonly workspace: string;
  readonly defaultBranch: string;
  readonly log: Logger;
  /** True when a reward for the session is already published (its artifact exists); null = unknown. */
  readonly isPublished: () => Promise<boolean | null>;
  /** Grace for a claim without a holder (default HOLDERLESS_GRACE_MS); tests shorten it. */
  readonly holderlessGraceMs?: number;
}

export interface HeldClaim {
  readonly method: 'git-ref' | 'cache-key';
  /** The ref or cache key held. */
  readonly name: string;
  /** Gives the claim back so a later run can retry; returns what was done, for the log. */
  release(): Promise<string>;
}

export type ClaimOutcome =
  | { readonly kind: 'won'; readonly claim: HeldClaim; readonly note: string }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'published'; readonly reason: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

function status(err: unknown): number | undefined {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** A rate limit (primary or secondary), whatever the status GitHub chose for it. */
function isRateLimit(err: unknown): boolean {
  const code = status(err);
  if (code === 429) return true;
  if (code !== 403) return false;
  const headers = (err as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
  return headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] !== undefined || /rate limit/i.test(message(err));
}

/** 403 because the token lacks the permission (not a limit): the only answer that allows the cache-key claim. */
function isPermissionDenied(err: unknown): boolean {
  return status(err) === 403 && !isRateLimit(err);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


/** A git-ref-safe name for a session id (ids are already [A-Za-z0-9._-]; this guards `..` and the like). */
export function claimName(sessionId: string): string {
  const safe = sessionId.replace(/[^A-Za-z0-9._-]/g, '-').replace(/\.{2,}/g, '.').replace(/^[.-]+/, '').replace(/\.lock$/i, '-lock');
  if (safe === sessionId && safe !== '') return safe;
  return `${safe || 'session'}-${createHash('sha256').update(sessionId).digest('hex').slice(0, 8)}`;
}

const generationName = (base: string, gen: number): string => (gen === 0 ? base : `${base}.r${gen}`);

type HolderState = { state: 'alive' | 'dead' | 'unknown' | 'none'; who: string };

async function holderOf(ctx: ClaimContext, github: GitHubClient, name: string): Promise<HolderState> {
  const prefix = `${HOLDER_REF_PREFIX}${name}/`;
  let holders: Array<{ runId: string; attempt: number }>;
  try {
    const res = await github.rest.git.listMatchingRefs({ owner: ctx.owner, repo: ctx.repo, ref: prefix.slice('refs/'.length) });
    holders = res.data
      .map((r) => r.ref)
      .filter((r) => r.startsWith(prefix))
      .map((r) => /^(\d+)-(\d+)$/.exec(r.slice(prefix.length)))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ runId: m[1] as string, attempt: Number(m[2]) }));
  } catch (err) {
    return { state: 'unknown', who: `holder of ${name} unreadable (${message(err)})` };
  }
  if (holders.length === 0) return { state: 'none', who: 'a run that has not recorded itself yet' };
  const states: HolderState[] = [];
  for (const h of holders) {
    const who = `run ${h.runId} (attempt ${h.attempt})`;
    if (h.runId === ctx.runId) {
      // an earlier attempt of this very run ended: it cannot still be scoring
      states.push({ state: h.attempt < Number(ctx.runAttempt) ? 'dead' : 'alive', who });
      continue;
    }
    try {
      const run = await github.rest.actions.getWorkflowRun({ owner: ctx.owner, repo: ctx.repo, run_id: Number(h.runId) });
      states.push({ state: run.data.status === 'completed' ? 'dead' : 'alive', who: `${who}, ${run.data.status ?? 'unknown status'}` });
    } catch (err) {
      states.push(status(err) === 404 ? { state: 'dead', who: `${who}, deleted` } : { state: 'unknown', who: `${who}, status unreadable (${message(err)})` });
    }
  }
  const alive = states.find((s) => s.state === 'alive');
  if (alive) return alive;
  const unknown = states.find((s) => s.state === 'unknown');
  if (unknown) return unknown;
  return { state: 'dead', who: states.map((s) => s.who).join('; ') };
}

async function createRef(ctx: ClaimContext, github: GitHubClient, ref: string, sha: string): Promise<void> {
  await github.rest.git.createRef({ owner: ctx.owner, repo: ctx.repo, ref, sha });
}

async function deleteRef(ctx: ClaimContext, github: GitHubClient, ref: string): Promise<boolean> {
  try {
    await github.rest.git.deleteRef({ owner: ctx.owner, repo: ctx.repo, ref: ref.slice('refs/'.length) });
    return true;
  } catch (err) {
    if (status(err) === 422 || status(err) === 404) return true; // already gone
    ctx.log.warn(`could not delete ${ref}: ${message(err)}`);
    return false;
  }
}

async function defaultBranchSha(ctx: ClaimContext, github: GitHubClient): Promise<string | null> {
  try {
    const res = await github.rest.repos.getBranch({ owner: ctx.owner, repo: ctx.repo, branch: ctx.defaultBranch });
    return res.data.commit.sha;
  } catch {
    return null;
  }
}

function gitRefClaim(ctx: ClaimContext, github: GitHubClient, name: string): HeldClaim {
  const claimRef = `${CLAIM_REF_PREFIX}${name}`;
  const holderRef = `${HOLDER_REF_PREFIX}${name}/${ctx.runId}-${ctx.runAttempt}`;
  return {
    method: 'git-ref',
    name: claimRef,
    release: async () => {
      const ok = await deleteRef(ctx, github, claimRef);
      await deleteRef(ctx, github, holderRef);
      return ok ? `claim ${claimRef} released: a later run can score this session` : `claim ${claimRef} could not be released; delete it (git push origin :${claimRef}) to let a later run score this session`;
    },
  };
}

async function cacheKeyClaim(ctx: ClaimContext, sessionId: string): Promise<ClaimOutcome> {
  const key = `${CLAIM_CACHE_PREFIX}${claimName(sessionId)}`;
  try {
    // the cache service keeps a key's first entry: saving is the atomic test-and-set
    const at = { dir: CLAIM_CACHE_DIR, file: 'claim.json', workspace: ctx.workspace, maxBytes: 4096, timeoutMs: 60_000 };
    const id = await saveFile(at, key, JSON.stringify({ sessionId, runId: ctx.runId, attempt: ctx.runAttempt }));
    if (id === -1) return { kind: 'lost', reason: `the claim cache key ${key} is held by another run of this cache scope (or the cache service refused it)` };
  } catch (err) {
    return { kind: 'unavailable', reason: `the cache-key claim ${key} failed: ${message(err)}` };
  }
  const claim: HeldClaim = {
    method: 'cache-key',
    name: key,
    release: async () => {
      if (!ctx.github) return `claim ${key} kept (no token to delete it): a later run in this cache scope cannot score this session until the cache entry is evicted`;
      try {
        await ctx.github.rest.actions.deleteActionsCacheByKey({ owner: ctx.owner, repo: ctx.repo, key, ref: ctx.ref });
        return `claim ${key} released: a later run can score this session`;
      } catch (err) {
        return `claim ${key} could not be released (${message(err)}; needs actions: write): it lasts until the cache entry is evicted`;
      }
    },
  };
  return {
    kind: 'won',
    claim,
    note: `claimed with cache key ${key}: the token cannot create git refs (grant contents: write); a cache-key claim is atomic within one cache scope only`,
  };
}

/** Tries to claim the scoring of `sessionId`, whose head commit is `headSha` (null when unknown). */
export async function claimSession(ctx: ClaimContext, sessionId: string, headSha: string | null): Promise<ClaimOutcome> {
  const github = ctx.github;
  if (!github) return cacheKeyClaim(ctx, sessionId);
  const base = claimName(sessionId);
  let sha = headSha && /^[0-9a-f]{40}$/.test(headSha) ? headSha : await defaultBranchSha(ctx, github);
  if (!sha) return { kind: 'unavailable', reason: 'no commit to point the claim ref at (head commit unknown and the default branch unreadable)' };
  let retriedSha = false;
  const stale: string[] = [];
  for (let gen = 0; gen <= MAX_GENERATIONS; gen++) {
    const name = generationName(base, gen);
    const ref = `${CLAIM_REF_PREFIX}${name}`;
    try {
      await createRef(ctx, github, ref, sha);
    } catch (err) {
      const code = status(err);
      if (isPermissionDenied(err)) {
        ctx.log.info(`cannot create ${ref} (${message(err)}): falling back to a cache-key claim`);
        return cacheKeyClaim(ctx, sessionId);
      }
      if (isRateLimit(err) || (code !== undefined && code >= 500) || code === undefined) {
        // says nothing about who holds the claim: never fall back to the weaker claim on it
        return { kind: 'unavailable', reason: `the claim ${ref} could not be created (${code === undefined ? 'no answer' : isRateLimit(err) ? 'rate limited' : `server error ${code}`}: ${message(err)}); a later run retries` };
      }
      if (code === 422 && /already exists/i.test(message(err))) {
        let holder = await holderOf(ctx, github, name);
        // a winner records its holder right after the claim: wait for it, within a bound
        const grace = ctx.holderlessGraceMs ?? HOLDERLESS_GRACE_MS;
        for (let waited = 0; holder.state === 'none' && waited < grace; waited += HOLDER_POLL_MS) {
          await sleep(Math.min(HOLDER_POLL_MS, grace - waited));
          holder = await holderOf(ctx, github, name);
        }
        if (holder.state === 'none') holder = { state: 'dead', who: `nobody (no holder recorded within ${Math.round(grace / 1000)} s)` };
        if (holder.state !== 'dead') return { kind: 'lost', reason: `${ref} is held by ${holder.who}` };
        const published = await ctx.isPublished();
        if (published !== false) {
          return published ? { kind: 'published', reason: `${ref} is held by ${holder.who}, which published the reward` } : { kind: 'lost', reason: `${ref} is held by ${holder.who}; whether it published a reward cannot be read, so this run does not score` };
        }
        stale.push(`${ref} (${holder.who})`);
        continue;
      }
      if (code === 422 && !retriedSha) {
        // e.g. "Object does not exist": the head commit is not in this repository (a fork's), so
        // point the claim at the default branch instead; what it points at does not matter
        retriedSha = true;
        const fallback = await defaultBranchSha(ctx, github);
        if (fallback && fallback !== sha) {
          sha = fallback;
          gen -= 1;
          continue;
        }
      }
      return { kind: 'unavailable', reason: `the claim ${ref} could not be created: ${message(err)}` };
    }
    try {
      await createRef(ctx, github, `${HOLDER_REF_PREFIX}${name}/${ctx.runId}-${ctx.runAttempt}`, sha);
    } catch (err) {
      // a claim nobody is recorded as holding is taken over after the grace: do not score under it
      const released = await deleteRef(ctx, github, ref);
      return { kind: 'unavailable', reason: `claimed ${ref} but could not record this run as its holder (${message(err)}); the claim was ${released ? 'released' : 'left to expire'} and a later run retries` };
    }
    const note = stale.length > 0 ? `claimed ${ref}, taking over from ${stale.join(', ')} that ended without a score` : `claimed ${ref}`;
    return { kind: 'won', claim: gitRefClaim(ctx, github, name), note };
  }
  return { kind: 'lost', reason: `${MAX_GENERATIONS + 1} claims of this session were taken by runs that ended without a score; delete ${CLAIM_REF_PREFIX}${base}* to retry` };
}

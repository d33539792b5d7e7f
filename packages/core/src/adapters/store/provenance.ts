/**
 * Provenance of stored state: which run uploaded an artifact, and whether its writes count for a
 * stream. Anyone who can open a pull request can make a `pull_request` run upload artifacts with any
 * name (the runtime token allows it even when GITHUB_TOKEN is read-only), so an artifact's name says
 * nothing about who wrote it. The REST listing does: `workflow_run.repository_id` is this
 * repository, `workflow_run.head_repository_id` the repository whose code the run executed (a
 * fork's id for a fork's pull request run), `head_branch` its branch.
 *
 * - A run of this repository's own code (head repository = repository: pushes, same-repository pull
 *   requests, schedules, dispatches, comments, pull_request_target) was started by someone with
 *   write access or by GitHub on the default branch's workflow: its snapshots count in full.
 * - A fork's run may only write the fork's own stream (`f-<its head repository id>-…`), and even
 *   there only activity counts: suite marks (`scored`, `abandoned`, `score_requested`) decide a
 *   session's fate and are honoured only from trusted runs, and its `writers` claim nothing but its
 *   own run (forged writers would hide real snapshots from the loader).
 * - Anything else, including a listing entry that does not say where it came from, is refused before
 *   it is downloaded.
 */
import { forkRepoIdOfStream } from '@auto-pr-sessions/domain';
import type { StreamState } from '@auto-pr-sessions/domain';
import type { SessionEventKind } from '@auto-pr-sessions/domain';

/** What the artifact listing says about the run that uploaded an artifact. */
export interface ArtifactOrigin {
  readonly runId: number;
  readonly repositoryId: number | null;
  readonly headRepositoryId: number | null;
  readonly headBranch: string | null;
}

export type Trust =
  | { readonly kind: 'trusted' }
  /** A fork's run writing the fork's own stream: activity only. */
  | { readonly kind: 'fork'; readonly runId: number }
  | { readonly kind: 'refused'; readonly reason: string };

/** The listing fields this module reads (Octokit's artifact type has them all, optional or nullable). */
export interface ListedArtifact {
  readonly workflow_run?: {
    readonly id?: number;
    readonly repository_id?: number;
    readonly head_repository_id?: number;
    readonly head_branch?: string | null;
  } | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

export function originOf(a: ListedArtifact): ArtifactOrigin {
  const run = a.workflow_run ?? null;
  return {
    runId: num(run?.id) ?? 0,
    repositoryId: num(run?.repository_id),
    headRepositoryId: num(run?.head_repository_id),
    headBranch: typeof run?.head_branch === 'string' ? run.head_branch : null,
  };
}

/** True when the run executed this repository's own code (not a fork's pull request). */
export function isTrustedRun(o: ArtifactOrigin): boolean {
  return o.repositoryId !== null && o.headRepositoryId !== null && o.headRepositoryId === o.repositoryId;
}

/** Whether (and how far) a state artifact of `streamKey` uploaded by the run `o` counts. */
export function trustFor(streamKey: string, o: ArtifactOrigin): Trust {
  if (o.runId === 0 || o.repositoryId === null || o.headRepositoryId === null) {
    return { kind: 'refused', reason: 'the artifact listing does not say which repository\'s run uploaded it' };
  }
  if (isTrustedRun(o)) return { kind: 'trusted' };
  const forkId = forkRepoIdOfStream(streamKey);
  if (forkId !== null && forkId === o.headRepositoryId) return { kind: 'fork', runId: o.runId };
  return {
    kind: 'refused',
    reason: `uploaded by run ${o.runId} of another repository (head repository id ${o.headRepositoryId}, branch ${JSON.stringify(o.headBranch ?? '')}): a fork's run may only write its own stream f-${o.headRepositoryId}-…`,
  };
}

/**
 * The part of a health index or other suite-wide artifact that counts: only from a trusted run on
 * the default branch (the sweep's own runs).
 */
export function trustedOnBranch(o: ArtifactOrigin, branch: string): boolean {
  return isTrustedRun(o) && o.headBranch === branch;
}

const MARKS: ReadonlySet<SessionEventKind> = new Set(['scored', 'abandoned', 'score_requested']);

/** What a fork's snapshot of its own stream may contribute: its activity, and its own run as writer. */
export function restrictToFork(state: StreamState, runId: number): { state: StreamState; dropped: number } {
  const events = state.events.filter((e) => !MARKS.has(e.kind));
  const writers = state.writers.filter((w) => w.startsWith(`${runId}-`));
  return { state: { ...state, events, writers }, dropped: state.events.length - events.length };
}

/** Applies a trust verdict to a parsed snapshot (a refused one never gets this far). */
export function admit(state: StreamState, trust: Exclude<Trust, { kind: 'refused' }>, where: string, warnings: string[]): StreamState {
  if (trust.kind === 'trusted') return state;
  const r = restrictToFork(state, trust.runId);
  if (r.dropped > 0) warnings.push(`${where}: ${r.dropped} suite mark${r.dropped === 1 ? '' : 's'} ignored (uploaded by a fork's run; only this repository's runs record scores, hand-offs and close-outs)`);
  return r.state;
}

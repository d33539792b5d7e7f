import type { SessionFacts } from '../../analytics/facts.js';
import { type SessionConfig, minutesBetween, forkRepoIdOfStream } from '@auto-pr-sessions/domain';

/** What the sweep found about a session that needs (or waits for) something. */
export type HealthFindingKind =
  /** Complete (idle past the timeout, or another trigger) and never handed to scoring. */
  | 'unscored'
  /** Handed to scoring, no score within handoff_retry_minutes: handed out again. */
  | 'scoring-retry'
  /** Handed to scoring, still within handoff_retry_minutes: nothing to do yet. */
  | 'scoring-pending'
  /** Every hand-off failed: closed out. */
  | 'scoring-failed'
  /** Branch gone, PR closed without a completion, or idle beyond orphan_hours: closed out. */
  | 'orphaned'
  /** Active beyond the maximum duration with no completion: closed out. */
  | 'stuck';

export type HealthFindingAction = 'score' | 'close-out' | 'none';

export interface HealthFinding {
  readonly kind: HealthFindingKind;
  readonly action: HealthFindingAction;
  readonly sessionId: string;
  readonly streamKey: string;
  /** Branch to dispatch the scoring workflow on (untrusted text); null for the default branch. */
  readonly branch: string | null;
  /** Recorded with a close-out as `<kind>: <words>`; shown in reports (escape it). */
  readonly reason: string;
  /** Hand-offs so far (for retries). */
  readonly attempts: number;
  /** When it became due or went idle: oldest first when the budget cannot cover everything. */
  readonly since: string;
}

export interface SweepPolicy {
  readonly config: SessionConfig;
  readonly now: string;
  /** Hand-offs (dispatches or batch) before a session is closed out as `scoring-failed`. */
  readonly maxScoringAttempts: number;
  /** Active longer than this with no completion is `stuck` (only possible with max_duration_minutes 0). */
  readonly stuckMinutes: number;
}

/** Facts about the repository that the sweep read over REST; null when unknown (not checked). */
export interface RepoFacts {
  /** Branches that exist. */
  readonly branches: ReadonlySet<string> | null;
  /** PRs known closed without merge. */
  readonly closedUnmerged: ReadonlySet<number>;
  /** Hand-offs made by earlier sweeps, by session id. */
  readonly dispatches: Readonly<Record<string, { readonly at: string; readonly attempts: number }>>;
}

const MINUTE = 60_000;

/** Decides what the sweep does about one session. Pure: everything comes from its arguments. */
export function classify(f: SessionFacts, p: SweepPolicy, repo: RepoFacts): HealthFinding | null {
  const { session } = f;
  // a fork's pull request branch lives in the fork, never here: its session is live, not orphaned
  // for a missing branch, and its scoring run is dispatched on the default branch (with session-id)
  const fork = forkRepoIdOfStream(session.streamKey) !== null;
  const base = { sessionId: session.id, streamKey: session.streamKey, branch: fork ? null : f.branch };
  const { config, now } = p;
  if (f.status === 'scored' || session.abandoned) return null;
  if (f.status === 'abandoned') {
    // idle beyond orphan_hours with no completion possible (timeout completion off)
    const hours = Math.floor(minutesBetween(session.lastActivity, now) / 60);
    return { ...base, kind: 'orphaned', action: 'close-out', attempts: 0, since: session.lastActivity, reason: `orphaned: idle ${hours} h (over orphan_hours ${config.orphan_hours}) with no completion trigger` };
  }
  if (f.status === 'active' || f.status === 'idle-warning') {
    const age = minutesBetween(session.firstActivity, now);
    if (age <= p.stuckMinutes) return null;
    return { ...base, kind: 'stuck', action: 'close-out', attempts: 0, since: session.firstActivity, reason: `stuck: active for ${Math.floor(age / 60)} h with no completion trigger (limit ${Math.floor(p.stuckMinutes / 60)} h; max_duration_minutes is off)` };
  }
  // due and not scored
  const since = f.endedAt ?? session.lastActivity;
  const sweep = repo.dispatches[session.id];
  const attempts = Math.max(f.handOffs.length, sweep?.attempts ?? 0);
  const last = [f.handOffs.at(-1), sweep?.at].filter((x): x is string => typeof x === 'string').sort().at(-1) ?? null;
  if (last && Date.parse(now) - Date.parse(last) < config.handoff_retry_minutes * MINUTE) {
    return { ...base, kind: 'scoring-pending', action: 'none', attempts, since, reason: `handed to scoring at ${last}; waiting up to ${config.handoff_retry_minutes} min for the score` };
  }
  if (!fork && f.branch && repo.branches && !repo.branches.has(f.branch)) {
    return { ...base, kind: 'orphaned', action: 'close-out', attempts, since, reason: `orphaned: branch ${f.branch} was deleted before the session was scored` };
  }
  const prs = session.prNumbers;
  if (!config.triggers.closed && prs.length > 0 && prs.every((n) => repo.closedUnmerged.has(n))) {
    return { ...base, kind: 'orphaned', action: 'close-out', attempts, since, reason: `orphaned: ${prs.map((n) => `PR #${n}`).join(', ')} closed without merge (the closed trigger is off)` };
  }
  if (attempts >= p.maxScoringAttempts) {
    return { ...base, kind: 'scoring-failed', action: 'close-out', attempts, since, reason: `scoring failed: ${attempts} hand-off${attempts === 1 ? '' : 's'} (last at ${last ?? '?'}) produced no score` };
  }
  if (attempts > 0) {
    return { ...base, kind: 'scoring-retry', action: 'score', attempts, since, reason: `hand-off at ${last ?? '?'} produced no score within ${config.handoff_retry_minutes} min; handing out again (attempt ${attempts + 1} of ${p.maxScoringAttempts})` };
  }
  return { ...base, kind: 'unscored', action: 'score', attempts, since, reason: `complete (${f.trigger ?? 'due'} at ${since}) and never handed to scoring` };
}

/** What compute-reward-batched works on and produces. */
import type { ScoreResult } from '@auto-pr-sessions/scoring';
import type { ExternalDecision } from './scorer-command.js';

/** One thing to score: a session (or, for pushes that are not auto-PRs, a single push). */
export interface RewardTarget {
  readonly sessionId: string;
  /** Null for a single push scored on its own (no session state to mark). */
  readonly streamKey: string | null;
  readonly headSha: string | null;
  readonly prNumbers: readonly number[];
  /** Untrusted text. */
  readonly branches: readonly string[];
  /** Untrusted text. */
  readonly authors: readonly string[];
  readonly pushes: number;
  readonly firstActivity: string | null;
  readonly lastActivity: string | null;
  readonly completion: { readonly trigger: string; readonly detail: string } | null;
  /** PR titles recorded in the session's events, newest first (untrusted). */
  readonly titles: readonly string[];
  /** Latest commit messages of the session, newest first (untrusted). */
  readonly commitMessages: readonly string[];
}

/** A pull request of the session, read over REST. Title, body and refs are untrusted text. */
export interface PullInfo {
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly baseRef: string;
  readonly headRef: string;
  readonly headSha: string;
  readonly fork: boolean;
  readonly url: string;
}

export interface RewardLine {
  readonly category: string;
  readonly points: number;
  readonly reason: string;
  readonly evidence: readonly string[];
}

export interface RewardScore {
  /** `builtin`, or the external command as shown in messages. */
  readonly scorer: string;
  readonly score: number;
  readonly normalized: number;
  readonly decision: ExternalDecision;
  readonly decisionReason: string;
  readonly breakdown: readonly RewardLine[];
  /** The built-in scorer's figures (tests, coverage, findings, digests), always computed. */
  readonly builtin: ScoreResult;
}

export type TargetStatus = 'scored' | 'claimed-by-other' | 'already-scored' | 'not-due' | 'failed';

export interface TargetResult {
  readonly sessionId: string;
  readonly streamKey: string | null;
  readonly status: TargetStatus;
  readonly reason: string;
  readonly traceId: string;
  readonly score?: RewardScore;
  readonly reportPath?: string;
  readonly commentUrl?: string;
  readonly checkRunId?: number;
  /** Why scoring failed (a report, the rubric, the scorer): the claim was released. */
  readonly error?: string;
  readonly notices: readonly string[];
  /** Infrastructure faults met (warnings; fatal with fail-on-error). */
  readonly faults: readonly string[];
}

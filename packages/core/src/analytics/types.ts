import type { ScoreScale } from './scores.js';
/**
 * The shape of `analytics.json` (schema: packages/core/schema/analytics.schema.json). Every number is
 * derived from session states by pure functions (metrics.ts); the schema test keeps both in step.
 * Durations are minutes, instants ISO-8601 UTC, rates fractions 0..1, percentages 0..100.
 */

export const ANALYTICS_SCHEMA_VERSION = 1 as const;

/** Badge of a session that is not finished yet (the original dashboard's three). */
export type ActivityBadge = 'active' | 'warning' | 'idle';

export interface AnalyticsCoverage {
  /** Streams (branches, authors, explicit ids) known to the sweep. */
  readonly streams: number;
  /** Streams whose state went into these numbers. */
  readonly streamsRead: number;
  /** Streams known from listings whose newest state was not read in this run (request budget). */
  readonly streamsStale: number;
  /** Streams whose state could not be read at all. */
  readonly streamsUnreadable: number;
}

export interface AnalyticsSummary {
  readonly totalSessions: number;
  /** `active` + `idle-warning`: still receiving pushes. */
  readonly activeNow: number;
  readonly idleWarning: number;
  /** Complete and waiting for their one scoring run. */
  readonly waitingForScore: number;
  readonly scored: number;
  /** Closed out without a score (orphaned, stuck, scoring failed). */
  readonly abandoned: number;
  /** Reached a completion trigger: scored + waiting for score. */
  readonly completed: number;
  /** completed / total; null when there is no session (nothing to rate). */
  readonly completionRate: number | null;
  readonly totalPushes: number;
  readonly avgPushesPerSession: number;
  readonly avgPrsPerSession: number;
  /** Mean first-to-last-push span of completed sessions; null without one. */
  readonly avgDurationMinutes: number | null;
  readonly medianDurationMinutes: number | null;
  readonly p90DurationMinutes: number | null;
  /** Mean score of scored sessions whose score could be read; null without one. */
  readonly avgScore: number | null;
}

export interface DayCount {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Sessions whose first push was that day. */
  readonly started: number;
  /** Sessions that completed, were scored or were closed out that day. */
  readonly ended: number;
  readonly pushes: number;
}

export interface Bucket {
  /** Label, e.g. `0-30`, `90+`. */
  readonly range: string;
  /** Lower bound, inclusive. */
  readonly min: number;
  /** Upper bound, exclusive; null for the last, open bucket. */
  readonly max: number | null;
  readonly count: number;
}

export interface TriggerCount {
  /** Completion trigger (`idle_timeout`, `marker`, `merged`, …) or close-out reason (`orphaned`, `stuck`, `scoring_failed`). */
  readonly trigger: string;
  readonly count: number;
  readonly percentage: number;
}

export interface ScorePoint {
  readonly sessionId: string;
  readonly at: string;
  readonly score: number;
}

export interface AuthorStats {
  /** Login (untrusted text: escape it wherever it is shown). */
  readonly author: string;
  readonly sessions: number;
  readonly pushes: number;
  /** Distinct pull requests across the author's sessions. */
  readonly prs: number;
  readonly avgPrsPerSession: number;
  readonly avgPushesPerSession: number;
  readonly scoredSessions: number;
  readonly avgScore: number | null;
  readonly avgDurationMinutes: number | null;
  readonly lastActivity: string;
  /** Scores in time order. */
  readonly scores: readonly ScorePoint[];
  /** Mean of the later half of the scores minus the mean of the earlier half; null with fewer than 2 scores. */
  readonly trendDelta: number | null;
  /** `up` / `down` when the delta is beyond ±0.5, else `flat`; null with fewer than 2 scores. */
  readonly trend: 'up' | 'down' | 'flat' | null;
}

export interface ScoringRuns {
  /** Sessions that reached a completion trigger (scored or waiting): each gets exactly one scoring run. */
  readonly sessions: number;
  /** Their pushes: the scoring runs a workflow that scores every push would have made. */
  readonly runsWithoutSuite: number;
  readonly scoringRuns: number;
  readonly runsSaved: number;
  /** runsSaved / runsWithoutSuite × 100. */
  readonly savedPercent: number;
  /** Hand-offs recorded (a hand-off that produced no score is handed out again). */
  readonly handOffs: number;
}

export interface CiMinutes {
  /** Minutes of one scoring run. */
  readonly perScoringRunMinutes: number;
  /** `measured` from workflow run durations; `assumed` when none was known. */
  readonly source: 'measured' | 'assumed';
  /** Workflow runs the measurement is based on. */
  readonly sampleRuns: number;
  readonly saved: number;
  /** What was measured or assumed, in words. */
  readonly note: string;
}

export interface ActiveSession {
  readonly sessionId: string;
  readonly streamKey: string;
  /** `active`, `idle-warning`, or `due` (complete, waiting for its score). */
  readonly status: string;
  readonly badge: ActivityBadge;
  readonly author: string;
  /** Branch of the latest push, when known (untrusted text). */
  readonly branch: string | null;
  readonly pushes: number;
  readonly prNumbers: readonly number[];
  readonly firstActivity: string;
  readonly lastActivity: string;
  readonly idleMinutes: number;
  readonly elapsedMinutes: number;
  /** When the idle timeout completes it unless more pushes arrive; null when due or timeouts are off. */
  readonly dueAt: string | null;
  /** A shell command that completes it through the scoring workflow (`gh workflow run …`). */
  readonly completeCommand: string | null;
}

export interface CompletedSession {
  readonly sessionId: string;
  readonly streamKey: string;
  /** `scored` or `abandoned` (a session waiting for its score is in activeSessions only). */
  readonly status: string;
  readonly author: string;
  readonly branch: string | null;
  readonly pushes: number;
  readonly prNumbers: readonly number[];
  readonly durationMinutes: number;
  readonly trigger: string;
  /** When it completed (or was closed out). */
  readonly completedAt: string;
  readonly score: number | null;
  readonly decision: string | null;
  /** Why it was closed out, for abandoned sessions. */
  readonly reason: string | null;
}

export interface AnalyticsReport {
  readonly schemaVersion: typeof ANALYTICS_SCHEMA_VERSION;
  readonly generatedAt: string;
  /** owner/name, or a label for local state. */
  readonly repository: string;
  readonly config: { readonly scope: string; readonly timeoutMinutes: number; readonly idleWarningMinutes: number };
  readonly links: {
    /** Page with the scoring workflow's "Run workflow" form; null when unknown. */
    readonly scoringWorkflowUrl: string | null;
    readonly scoringWorkflow: string | null;
  };
  readonly coverage: AnalyticsCoverage;
  readonly summary: AnalyticsSummary;
  /** The scale and decision bands of the newest recorded score; null when no score recorded them. */
  readonly scoreScale: ScoreScale | null;
  /** One entry per day from the first session's day (at least 7, at most `days` days), ending today. */
  readonly sessionsPerDay: readonly DayCount[];
  readonly pushesPerSession: { readonly avg: number; readonly median: number; readonly max: number; readonly distribution: readonly Bucket[] };
  readonly prsPerSession: { readonly avg: number; readonly max: number };
  /** Completed sessions by first-to-last-push span, the original's buckets. */
  readonly durationDistribution: readonly Bucket[];
  readonly completionTriggers: readonly TriggerCount[];
  readonly authors: readonly AuthorStats[];
  readonly scoring: ScoringRuns;
  readonly ciMinutes: CiMinutes;
  /** Newest activity first. */
  readonly activeSessions: readonly ActiveSession[];
  /** Newest first, at most `recentLimit`. */
  readonly recentlyCompleted: readonly CompletedSession[];
}

import type { SessionScope } from '../types.js';

/** What happens to pull requests that do not look like auto-PRs. */
export type NonAutoPolicy = 'score-each-push' | 'session';

export interface TriggerConfig {
  /** `/complete-session` (or the configured command) from a user with write access. */
  readonly complete_command: boolean;
  readonly ready_for_review: boolean;
  readonly merged: boolean;
  readonly closed: boolean;
  readonly dispatch: boolean;
  /** 0 disables. */
  readonly max_duration_minutes: number;
  /** 0 disables. */
  readonly max_pushes: number;
}

/** The validated, defaulted configuration (`version: 1`). Field names follow the YAML file. */
export interface SessionConfig {
  readonly version: 1;
  readonly scope: SessionScope;
  readonly timeout_minutes: number;
  readonly idle_warning_minutes: number;
  readonly auto_pr_patterns: readonly string[];
  readonly completion_markers: readonly string[];
  readonly min_files_for_manual: number;
  readonly enable_timeout_completion: boolean;
  readonly enable_heuristic_completion: boolean;
  /** Off by default: treat small PRs (fewer files than min_files_for_manual) as auto-PRs. */
  readonly enable_heuristic_detection: boolean;
  readonly non_auto_prs: NonAutoPolicy;
  readonly complete_command: string;
  readonly orphan_hours: number;
  /** A session-check hand-off older than this without a score is handed out again. */
  readonly handoff_retry_minutes: number;
  readonly triggers: TriggerConfig;
}

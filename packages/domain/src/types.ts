/**
 * Domain types shared by every part of the suite. Pure data: no I/O, no clocks.
 * All instants are ISO-8601 UTC strings ending in `Z`; durations are milliseconds.
 */

/** What happened, normalised from a GitHub webhook payload (or synthesised by the suite). */
export type SessionEventKind =
  | 'push'
  | 'pr_opened'
  | 'pr_synchronize'
  | 'pr_reopened'
  | 'pr_edited'
  | 'pr_ready_for_review'
  | 'pr_converted_to_draft'
  | 'pr_closed'
  | 'pr_merged'
  | 'complete_command'
  | 'dispatch'
  | 'schedule'
  /** Recorded by session-check when it answered should-score=true (a hand-off, not a score). */
  | 'score_requested'
  /** Recorded by compute-reward-batched once the session's score is published. */
  | 'scored'
  /** Recorded by the CLI or session-health when a session is closed without a score. */
  | 'abandoned';

export interface CommitInfo {
  readonly sha: string;
  readonly message: string;
  /** Author timestamp of the commit, UTC. */
  readonly at: string | null;
  readonly added: readonly string[];
  readonly modified: readonly string[];
  readonly removed: readonly string[];
}

export type AuthorAssociation =
  | 'OWNER'
  | 'MEMBER'
  | 'COLLABORATOR'
  | 'CONTRIBUTOR'
  | 'FIRST_TIME_CONTRIBUTOR'
  | 'FIRST_TIMER'
  | 'MANNEQUIN'
  | 'NONE';

export interface SessionEvent {
  /** Stable identity for de-duplication: the same webhook delivered twice gives the same id. */
  readonly id: string;
  readonly kind: SessionEventKind;
  /** When it happened (UTC instant). */
  readonly at: string;
  /** `owner/name`. */
  readonly repo: string;
  /** Login whose work this is (PR author, or pusher). Untrusted text. */
  readonly author: string;
  /** Login that caused the event (commenter, dispatcher). Untrusted text. */
  readonly actor: string;
  /** Head branch name without `refs/heads/`, when known. Untrusted text. */
  readonly branch: string | null;
  readonly prNumber: number | null;
  readonly headSha: string | null;
  readonly title: string | null;
  readonly body: string | null;
  readonly commits: readonly CommitInfo[];
  readonly draft: boolean | null;
  /** For comments: the commenter's association with the repository. */
  readonly association: AuthorAssociation | null;
  /** For workflow_dispatch: its inputs; for suite-recorded events: small details. */
  readonly inputs: Readonly<Record<string, string>>;
  /** For `scored`, `score_requested` and `abandoned`: the session the record is about. */
  readonly sessionId: string | null;
  /** True when the PR comes from a fork (read-only token). */
  readonly fork: boolean;
  /**
   * The head repository of a fork pull request (`head.repo`: id and `owner/name`); names the fork's
   * own stream. Absent on every other event (and on events stored before it existed).
   */
  readonly forkRepo?: ForkRepo | null;
}

export interface ForkRepo {
  /** Repository id: what the artifact listing's `workflow_run.head_repository_id` is checked against. */
  readonly id: number;
  readonly fullName: string;
}

export type SessionScope = 'branch' | 'author';

export type SessionStatus = 'active' | 'idle-warning' | 'due' | 'scored' | 'abandoned';

/** Why a session became due (or ended). */
export type CompletionTrigger =
  | 'idle_timeout'
  | 'marker'
  | 'complete_command'
  | 'ready_for_review'
  | 'merged'
  | 'closed'
  | 'max_duration'
  | 'max_pushes'
  | 'dispatch'
  | 'heuristic_tests_docs'
  | 'per_push'
  | 'orphaned';

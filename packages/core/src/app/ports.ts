import type { Logger } from '../adapters/logger.js';

/** What an action entry point needs from the runner; @actions/core in production, memory in tests. */
export interface ActionIO {
  /** Trimmed input value, '' when unset (INPUT_<NAME>). */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  readonly log: Logger;
}

/** The run this action executes in, read from the runner's environment. */
export interface RunEnv {
  readonly eventName: string;
  readonly payload: unknown;
  readonly owner: string;
  readonly repo: string;
  readonly ref: string;
  /** PR base branch ref (refs/heads/…) on pull_request runs; '' otherwise. */
  readonly baseRef: string;
  /** Default branch ref, from the payload's repository (refs/heads/main when unknown). */
  readonly defaultRef: string;
  readonly runId: string;
  readonly runAttempt: string;
  readonly workspace: string;
  readonly tempDir: string;
  readonly actor: string;
  readonly apiUrl: string;
  /** Current instant (UTC ISO); an injectable clock for simulation and tests. */
  readonly now: string;
  /** AUTO_PR_SESSIONS_WRITE_INTERVAL_MS: least time between REST writes (default: 1 s, GitHub's advice). */
  readonly writeIntervalMs?: number;
}

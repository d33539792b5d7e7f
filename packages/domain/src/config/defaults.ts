import type { SessionConfig } from './types.js';

/** The original system's six auto-PR patterns (case-insensitive, searched in title, body, commits). */
export const DEFAULT_AUTO_PR_PATTERNS: readonly string[] = [
  '^auto-pr:',
  '^wip:',
  '^\\[auto\\]',
  '^checkpoint:',
  '^cursor-session',
  '^🤖',
];

/** The original system's nine completion markers, now matched as whole words or tokens. */
export const DEFAULT_COMPLETION_MARKERS: readonly string[] = [
  'ready for review',
  'ready to review',
  'complete',
  'final pr',
  '[session-complete]',
  '[ready]',
  'done with session',
  'finished',
  '✅',
];

export const DEFAULT_CONFIG: SessionConfig = {
  version: 1,
  scope: 'branch',
  timeout_minutes: 30,
  idle_warning_minutes: 15,
  auto_pr_patterns: DEFAULT_AUTO_PR_PATTERNS,
  completion_markers: DEFAULT_COMPLETION_MARKERS,
  min_files_for_manual: 5,
  enable_timeout_completion: true,
  enable_heuristic_completion: false,
  enable_heuristic_detection: false,
  non_auto_prs: 'score-each-push',
  complete_command: '/complete-session',
  orphan_hours: 24,
  handoff_retry_minutes: 60,
  triggers: {
    complete_command: true,
    ready_for_review: true,
    merged: true,
    closed: true,
    dispatch: true,
    max_duration_minutes: 480,
    max_pushes: 0,
  },
};

export const DEFAULT_CONFIG_PATH = '.github/auto-pr-sessions.yml';

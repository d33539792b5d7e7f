import { DEFAULT_CONFIG } from './defaults.js';
import { MAX_PATTERN_LENGTH } from './regex-safety.js';

/**
 * The JSON Schema (draft-07, for the widest editor support) of `.github/auto-pr-sessions.yml`.
 *
 * This module is the single source: the loader compiles it with ajv, and
 * `packages/core/schema/config.schema.json` is its committed copy for editors
 * (`# yaml-language-server: $schema=...`). Keeping it as TypeScript means it is embedded in both the
 * tsc output and an ncc bundle without any JSON-import or file-path handling at runtime; a test
 * fails when the JSON file drifts and rewrites it when run with UPDATE_SCHEMA=1.
 * Defaults are read from DEFAULT_CONFIG so the schema cannot disagree with the loader.
 */

const D = DEFAULT_CONFIG;
const T = DEFAULT_CONFIG.triggers;

export const MAX_PATTERNS = 50;
export const MAX_MARKERS = 50;
export const MAX_MARKER_LENGTH = 100;
/** `/` and then a word, as typed at the start of a PR comment. */
export const COMPLETE_COMMAND_PATTERN = '^/[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

const triggersSchema = {
  title: 'Completion triggers',
  description:
    'Which signals complete a session (and so start its one scoring run). Keys left out keep their default; ' +
    'markers in PR titles and bodies (completion_markers) and the idle timeout are configured at the top level.',
  type: 'object',
  additionalProperties: false,
  default: { ...T },
  properties: {
    complete_command: {
      title: 'Complete command',
      description: 'Complete the session when a user with write access comments the complete_command on the PR.',
      type: 'boolean',
      default: T.complete_command,
    },
    ready_for_review: {
      title: 'Ready for review',
      description: 'Complete the session when its draft pull request is marked ready for review.',
      type: 'boolean',
      default: T.ready_for_review,
    },
    merged: {
      title: 'Merged',
      description: 'Complete the session when its pull request is merged.',
      type: 'boolean',
      default: T.merged,
    },
    closed: {
      title: 'Closed',
      description: 'Complete the session when its pull request is closed without merging.',
      type: 'boolean',
      default: T.closed,
    },
    dispatch: {
      title: 'Workflow dispatch',
      description: 'Allow completing a session explicitly through workflow_dispatch (for agents and daemons).',
      type: 'boolean',
      default: T.dispatch,
    },
    max_duration_minutes: {
      title: 'Maximum duration (minutes)',
      description: 'Complete a session this many minutes after its first push, even if pushes keep coming. 0 turns it off.',
      type: 'integer',
      minimum: 0,
      maximum: 10_080,
      default: T.max_duration_minutes,
    },
    max_pushes: {
      title: 'Maximum pushes',
      description: 'Complete a session after this many pushes. 0 turns it off.',
      type: 'integer',
      minimum: 0,
      maximum: 10_000,
      default: T.max_pushes,
    },
  },
} as const;

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Auto-PR Sessions configuration',
  description:
    'Configuration of the Auto-PR Sessions actions (.github/auto-pr-sessions.yml). Auto-PR pushes are grouped ' +
    'into sessions and each session is scored once. Every key except version is optional and takes its default.',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: {
      title: 'Config format version',
      description: 'Version of this file format. Must be 1.',
      const: 1,
      default: 1,
    },
    scope: {
      title: 'Session scope',
      description:
        'branch: one session per pull request or branch (many pushes to one PR). author: one session per author ' +
        'across pull requests opened within timeout_minutes of each other. Explicit Session-Id trailers win over both.',
      enum: ['branch', 'author'],
      default: D.scope,
    },
    timeout_minutes: {
      title: 'Idle timeout (minutes)',
      description: 'A session with no push for this long is complete (when enable_timeout_completion is on).',
      type: 'integer',
      minimum: 5,
      maximum: 120,
      default: D.timeout_minutes,
    },
    idle_warning_minutes: {
      title: 'Idle warning (minutes)',
      description: 'A session with no push for this long is shown as idle-warning. Must be lower than timeout_minutes.',
      type: 'integer',
      minimum: 1,
      default: D.idle_warning_minutes,
    },
    auto_pr_patterns: {
      title: 'Auto-PR patterns',
      description:
        'Regular expressions (JavaScript syntax, matched case-insensitively, per line) on PR titles, bodies and ' +
        'commit messages; a match makes the push part of a session. Patterns that can backtrack catastrophically ' +
        'are refused. Setting this list replaces the defaults.',
      type: 'array',
      maxItems: MAX_PATTERNS,
      items: {
        title: 'Auto-PR pattern',
        description: `A JavaScript regular expression of at most ${MAX_PATTERN_LENGTH} characters, e.g. ^wip:`,
        type: 'string',
        minLength: 1,
        maxLength: MAX_PATTERN_LENGTH,
      },
      default: [...D.auto_pr_patterns],
    },
    completion_markers: {
      title: 'Completion markers',
      description:
        'Words or tokens in a PR title or body that complete the session. Matched as whole words or tokens, any ' +
        'case ("complete" does not match "Completed"). Setting this list replaces the defaults.',
      type: 'array',
      maxItems: MAX_MARKERS,
      items: {
        title: 'Completion marker',
        description: 'A word, phrase or token such as [session-complete]; not blank.',
        type: 'string',
        minLength: 1,
        maxLength: MAX_MARKER_LENGTH,
        pattern: '\\S',
      },
      default: [...D.completion_markers],
    },
    min_files_for_manual: {
      title: 'Minimum files for a manual PR',
      description:
        'With enable_heuristic_detection, a PR touching fewer files than this and naming no test/fix/feature/doc ' +
        'keyword counts as an auto-PR.',
      type: 'integer',
      minimum: 1,
      maximum: 1_000,
      default: D.min_files_for_manual,
    },
    enable_timeout_completion: {
      title: 'Complete on idle timeout',
      description: 'Complete a session after timeout_minutes without a push.',
      type: 'boolean',
      default: D.enable_timeout_completion,
    },
    enable_heuristic_completion: {
      title: 'Complete on heuristic',
      description: 'Complete a session when a push adds both tests and docs (the original tests+docs heuristic).',
      type: 'boolean',
      default: D.enable_heuristic_completion,
    },
    enable_heuristic_detection: {
      title: 'Detect auto-PRs by size',
      description: 'Treat small PRs (fewer files than min_files_for_manual, no manual keyword) as auto-PRs.',
      type: 'boolean',
      default: D.enable_heuristic_detection,
    },
    non_auto_prs: {
      title: 'Non-auto pull requests',
      description: 'score-each-push: PRs that are not auto-PRs are scored on every push, as without the suite. session: they are grouped into sessions too.',
      enum: ['score-each-push', 'session'],
      default: D.non_auto_prs,
    },
    complete_command: {
      title: 'Complete command',
      description: 'PR comment that completes the session, e.g. /complete-session: "/" then letters, digits, "-" or "_".',
      type: 'string',
      pattern: COMPLETE_COMMAND_PATTERN,
      default: D.complete_command,
    },
    orphan_hours: {
      title: 'Orphan cleanup (hours)',
      description: 'The health sweep ends sessions with no activity for this long (it scores or closes them visibly).',
      type: 'integer',
      minimum: 1,
      maximum: 720,
      default: D.orphan_hours,
    },
    handoff_retry_minutes: {
      title: 'Hand-off retry (minutes)',
      description: 'A scoring hand-off with no score after this long is handed out again.',
      type: 'integer',
      minimum: 5,
      maximum: 1_440,
      default: D.handoff_retry_minutes,
    },
    triggers: triggersSchema,
  },
} as const;

/** Keys allowed at the top level, in schema order. */
export const CONFIG_KEYS: readonly string[] = Object.keys(CONFIG_SCHEMA.properties);
/** Keys allowed under `triggers`. */
export const TRIGGER_KEYS: readonly string[] = Object.keys(triggersSchema.properties);

/** Text of the committed `schema/config.schema.json` (2-space JSON plus a final newline). */
export function configSchemaJson(): string {
  return `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
}

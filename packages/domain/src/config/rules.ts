import { DEFAULT_AUTO_PR_PATTERNS, DEFAULT_CONFIG } from './defaults.js';
import { MAX_PATTERN_LENGTH, PROBE_TIMEOUT_MS, compileWithProbe } from './regex-safety.js';
import { truncate, type ConfigIssue } from './errors.js';
import { formatPath, type PathSegment } from './paths.js';
import type { Locator } from './yaml-source.js';

/**
 * Total time the backtracking probes of one config may take. Each pattern gets PROBE_TIMEOUT_MS at
 * most, so a file full of hostile patterns is still refused in about this long.
 */
export const PROBE_BUDGET_MS = 1_000;

/** The default auto-PR patterns: known to compile and to match in linear time (tested), so not probed again. */
const PROBED_DEFAULTS: ReadonlySet<string> = new Set(DEFAULT_AUTO_PR_PATTERNS);

/** The parsed top-level mapping, before defaults; values are unchecked. */
export type RawConfig = Readonly<Record<string, unknown>>;

type IssueFields = Pick<ConfigIssue, 'message' | 'expected' | 'found' | 'fix'>;

export interface RuleContext {
  file: string;
  raw: RawConfig;
  locator: Locator;
  /** Paths the schema already refused: rules skip them rather than report the same value twice. */
  refused: ReadonlySet<string>;
}

function issue(ctx: RuleContext, segments: PathSegment[], fields: IssueFields, key = false): ConfigIssue {
  const pos = ctx.locator.at(segments, key);
  return { file: ctx.file, line: pos?.line ?? null, column: pos?.column ?? null, path: formatPath(segments), ...fields };
}

function validInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The file's value, else the default; null when the schema refused the value (it has its own issue). */
function effectiveInt(ctx: RuleContext, key: string, fallback: number): number | null {
  const value = ctx.raw[key];
  if (value === undefined) return fallback;
  return validInt(value) && !ctx.refused.has(key) ? value : null;
}

function triggersOf(raw: RawConfig): Readonly<Record<string, unknown>> {
  const t = raw['triggers'];
  return t !== null && typeof t === 'object' && !Array.isArray(t) ? (t as Record<string, unknown>) : {};
}

/**
 * Every auto_pr_patterns entry must compile and must not backtrack catastrophically (the original
 * validator only checked that patterns compile). Entries the schema already refused are skipped.
 */
export function patternIssues(ctx: RuleContext): ConfigIssue[] {
  const patterns = ctx.raw['auto_pr_patterns'];
  if (!Array.isArray(patterns)) return [];
  const issues: ConfigIssue[] = [];
  let budget = PROBE_BUDGET_MS;
  patterns.forEach((pattern: unknown, i) => {
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) return;
    const segments = ['auto_pr_patterns', i];
    if (budget <= 0) {
      issues.push(
        issue(ctx, segments, {
          message: 'not checked: earlier patterns used up the time allowed for backtracking probes',
          expected: 'patterns that match quickly',
          found: truncate(JSON.stringify(pattern)),
          fix: 'fix the slow patterns reported above, then validate again',
        }),
      );
      return;
    }
    // the default patterns are this package's constants, probed by its tests
    // (test/config/regex-safety.test.ts): a config that repeats them needs no probe at every action start
    if (PROBED_DEFAULTS.has(pattern)) return;
    const started = performance.now();
    const result = compileWithProbe(pattern, Math.min(PROBE_TIMEOUT_MS, budget));
    budget -= performance.now() - started;
    if (!result.ok) {
      const invalid = result.reason.startsWith('Invalid regular expression');
      issues.push(
        issue(ctx, segments, {
          message: result.reason,
          expected: invalid ? 'a valid JavaScript regular expression (flags i and u)' : 'a pattern that matches in linear time',
          found: truncate(JSON.stringify(pattern)),
          fix: invalid
            ? 'fix the syntax; in unicode mode escape only regex syntax characters (\\[ \\( \\. …), not letters or "-" / ":"'
            : 'anchor the pattern with ^ and avoid repeating a group that repeats (use ^wip: rather than (wip:.*)+)',
        }),
      );
    }
  });
  return issues;
}

/** Rules across keys, checked on the effective values (file value, else default). */
export function crossFieldIssues(ctx: RuleContext): ConfigIssue[] {
  const { raw } = ctx;
  const issues: ConfigIssue[] = [];
  const idleRaw = raw['idle_warning_minutes'];
  const orphanRaw = raw['orphan_hours'];
  const timeout = effectiveInt(ctx, 'timeout_minutes', DEFAULT_CONFIG.timeout_minutes);
  const idle = effectiveInt(ctx, 'idle_warning_minutes', DEFAULT_CONFIG.idle_warning_minutes);
  const orphan = effectiveInt(ctx, 'orphan_hours', DEFAULT_CONFIG.orphan_hours);

  if (timeout !== null && idle !== null && idle >= timeout) {
    const at = idleRaw !== undefined ? 'idle_warning_minutes' : 'timeout_minutes';
    issues.push(
      issue(ctx, [at], {
        message: `idle_warning_minutes (${idle}${idleRaw === undefined ? ', the default' : ''}) must be less than timeout_minutes (${timeout})`,
        expected: `idle_warning_minutes below ${timeout}`,
        found: String(idle),
        fix: `set idle_warning_minutes to at most ${timeout - 1}, or raise timeout_minutes above ${idle}`,
      }),
    );
  }
  if (timeout !== null && orphan !== null && orphan * 60 <= timeout) {
    const at = orphanRaw !== undefined ? 'orphan_hours' : 'timeout_minutes';
    issues.push(
      issue(ctx, [at], {
        message: `orphan_hours (${orphan} h) must be longer than timeout_minutes (${timeout} min), or live sessions would be cleaned up as orphans`,
        expected: `orphan_hours above ${timeout / 60} h`,
        found: `${orphan} h`,
        fix: `set orphan_hours to at least ${Math.floor(timeout / 60) + 1}`,
      }),
    );
  }
  return issues;
}

/** Legal but probably unintended settings; they never make the file invalid. */
export function configWarnings(ctx: RuleContext): ConfigIssue[] {
  const { raw } = ctx;
  const warnings: ConfigIssue[] = [];
  for (const key of ['auto_pr_patterns', 'completion_markers'] as const) {
    const list = raw[key];
    if (!Array.isArray(list)) continue;
    const seen = new Set<string>();
    list.forEach((entry: unknown, i) => {
      if (typeof entry !== 'string') return;
      const norm = entry.trim().toLowerCase();
      if (seen.has(norm)) {
        warnings.push(issue(ctx, [key, i], { message: 'duplicate entry (matching ignores case)', expected: 'each entry once', found: truncate(JSON.stringify(entry)), fix: 'delete this entry' }));
      }
      seen.add(norm);
    });
  }

  const triggers = triggersOf(raw);
  if (raw['complete_command'] !== undefined && triggers['complete_command'] === false) {
    warnings.push(
      issue(ctx, ['complete_command'], {
        message: 'complete_command is set but triggers.complete_command is false, so the command is ignored',
        expected: 'triggers.complete_command: true when a command is configured',
        found: 'triggers.complete_command: false',
        fix: 'set triggers.complete_command: true, or delete complete_command',
      }),
    );
  }

  const patterns = raw['auto_pr_patterns'];
  if (Array.isArray(patterns) && patterns.length === 0 && raw['enable_heuristic_detection'] !== true) {
    warnings.push(
      issue(ctx, ['auto_pr_patterns'], {
        message: 'no auto-PR pattern: only pushes with an explicit Session-Id trailer or [session: ID] marker form sessions',
        expected: 'at least one pattern, or enable_heuristic_detection: true',
        found: 'an empty list',
        fix: 'delete the key to use the default patterns, or list your own',
      }),
    );
  }

  const maxDuration = triggers['max_duration_minutes'];
  const timeout = validInt(raw['timeout_minutes']) ? raw['timeout_minutes'] : DEFAULT_CONFIG.timeout_minutes;
  if (validInt(maxDuration) && maxDuration > 0 && maxDuration < timeout) {
    warnings.push(
      issue(ctx, ['triggers', 'max_duration_minutes'], {
        message: `triggers.max_duration_minutes (${maxDuration}) is shorter than timeout_minutes (${timeout}): sessions end by duration before they could idle out`,
        expected: `0 (off) or at least ${timeout}`,
        found: String(maxDuration),
        fix: `raise max_duration_minutes to ${timeout} or more, or set it to 0`,
      }),
    );
  }

  if (noCompletionSignal(raw, triggers)) {
    warnings.push(
      issue(ctx, ['triggers'], {
        message: 'no completion signal is enabled: sessions end only when the health sweep cleans them up after orphan_hours',
        expected: 'at least one completion trigger, marker or the idle timeout',
        found: 'all completion signals off',
        fix: 'set enable_timeout_completion: true or enable a trigger',
      }),
    );
  }
  return warnings;
}

function noCompletionSignal(raw: RawConfig, triggers: Readonly<Record<string, unknown>>): boolean {
  const effective = (value: unknown, fallback: unknown): unknown => (value === undefined ? fallback : value);
  const d = DEFAULT_CONFIG;
  const markers = effective(raw['completion_markers'], d.completion_markers);
  const flags = [
    effective(raw['enable_timeout_completion'], d.enable_timeout_completion),
    effective(raw['enable_heuristic_completion'], d.enable_heuristic_completion),
    effective(triggers['complete_command'], d.triggers.complete_command),
    effective(triggers['ready_for_review'], d.triggers.ready_for_review),
    effective(triggers['merged'], d.triggers.merged),
    effective(triggers['closed'], d.triggers.closed),
    effective(triggers['dispatch'], d.triggers.dispatch),
  ];
  const limits = [effective(triggers['max_duration_minutes'], d.triggers.max_duration_minutes), effective(triggers['max_pushes'], d.triggers.max_pushes)];
  return Array.isArray(markers) && markers.length === 0 && flags.every((f) => f === false) && limits.every((l) => l === 0);
}

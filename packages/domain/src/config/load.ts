import { DEFAULT_CONFIG } from './defaults.js';
import { ROOT_PATH, type ConfigIssue, type ConfigResult } from './errors.js';
import { configWarnings, crossFieldIssues, patternIssues, type RawConfig, type RuleContext } from './rules.js';
import { schemaErrors } from './schema.js';
import { schemaIssues } from './schema-issues.js';
import type { SessionConfig, TriggerConfig } from './types.js';
import { parseYaml } from './yaml-source.js';

/** More issues than this are summarised: a hostile file must not produce megabytes of output. */
export const MAX_REPORTED_ISSUES = 100;

/**
 * Parses and validates config text. Pure: no file access, never throws (reading the file is
 * core's loadConfig, in packages/core/src/adapters/config-file.ts). Every problem is reported
 * at once; on success the config has every key, missing ones taken from DEFAULT_CONFIG (lists
 * replace the defaults, `triggers` is merged key by key). An empty document means all defaults.
 */
export function parseConfig(text: string, file: string): ConfigResult {
  try {
    return parseConfigUnsafe(text, file);
  } catch (err) {
    // A bug here must still surface as a config issue, not as a stack trace in a workflow log.
    return { ok: false, issues: [internalIssue(file, err)] };
  }
}

/** A fresh copy of the defaults (callers may not mutate the shared DEFAULT_CONFIG through it). */
export function defaultConfig(): SessionConfig {
  return withDefaults({});
}

function parseConfigUnsafe(text: string, file: string): ConfigResult {
  const parsed = parseYaml(text, file);
  if (parsed.kind === 'failed') return { ok: false, issues: finalize(parsed.issues, file) };
  if (parsed.kind === 'empty') {
    return { ok: true, config: defaultConfig(), source: 'file', warnings: [...parsed.warnings, emptyFileWarning(file)] };
  }
  const { data, locator } = parsed;
  const fromSchema = schemaIssues(schemaErrors(data), data, file, locator);
  const issues: ConfigIssue[] = [...parsed.issues, ...fromSchema];
  const warnings: ConfigIssue[] = [...parsed.warnings];
  if (isRecord(data)) {
    const ctx: RuleContext = { file, raw: data, locator, refused: new Set(fromSchema.map((i) => i.path)) };
    issues.push(...patternIssues(ctx), ...crossFieldIssues(ctx));
    warnings.push(...configWarnings(ctx));
  }
  if (issues.length > 0 || !isRecord(data)) return { ok: false, issues: finalize(issues, file) };
  return { ok: true, config: withDefaults(data), source: 'file', warnings: finalize(warnings, file) };
}

function isRecord(value: unknown): value is RawConfig {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Fills in defaults. Only called on data that passed the schema, so every key is known and typed;
 * the copy is built key by key from known names, never by spreading parsed objects.
 */
function withDefaults(raw: RawConfig): SessionConfig {
  const d = DEFAULT_CONFIG;
  const t = isRecord(raw['triggers']) ? raw['triggers'] : {};
  const pick = <T>(source: RawConfig, key: string, fallback: T): T => (Object.hasOwn(source, key) ? (source[key] as T) : fallback);
  const triggers: TriggerConfig = Object.freeze({
    complete_command: pick(t, 'complete_command', d.triggers.complete_command),
    ready_for_review: pick(t, 'ready_for_review', d.triggers.ready_for_review),
    merged: pick(t, 'merged', d.triggers.merged),
    closed: pick(t, 'closed', d.triggers.closed),
    dispatch: pick(t, 'dispatch', d.triggers.dispatch),
    max_duration_minutes: pick(t, 'max_duration_minutes', d.triggers.max_duration_minutes),
    max_pushes: pick(t, 'max_pushes', d.triggers.max_pushes),
  });
  return Object.freeze({
    version: 1,
    scope: pick(raw, 'scope', d.scope),
    timeout_minutes: pick(raw, 'timeout_minutes', d.timeout_minutes),
    idle_warning_minutes: pick(raw, 'idle_warning_minutes', d.idle_warning_minutes),
    auto_pr_patterns: Object.freeze([...pick(raw, 'auto_pr_patterns', d.auto_pr_patterns)]),
    completion_markers: Object.freeze([...pick(raw, 'completion_markers', d.completion_markers)]),
    min_files_for_manual: pick(raw, 'min_files_for_manual', d.min_files_for_manual),
    enable_timeout_completion: pick(raw, 'enable_timeout_completion', d.enable_timeout_completion),
    enable_heuristic_completion: pick(raw, 'enable_heuristic_completion', d.enable_heuristic_completion),
    enable_heuristic_detection: pick(raw, 'enable_heuristic_detection', d.enable_heuristic_detection),
    non_auto_prs: pick(raw, 'non_auto_prs', d.non_auto_prs),
    complete_command: pick(raw, 'complete_command', d.complete_command),
    orphan_hours: pick(raw, 'orphan_hours', d.orphan_hours),
    handoff_retry_minutes: pick(raw, 'handoff_retry_minutes', d.handoff_retry_minutes),
    triggers,
  } satisfies SessionConfig);
}

/** Sorts issues in file order and caps their number. */
function finalize(issues: readonly ConfigIssue[], file: string): ConfigIssue[] {
  const sorted = [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  if (sorted.length <= MAX_REPORTED_ISSUES) return sorted;
  const shown = sorted.slice(0, MAX_REPORTED_ISSUES);
  shown.push({
    file,
    line: null,
    column: null,
    path: ROOT_PATH,
    message: `${sorted.length - MAX_REPORTED_ISSUES} more problems are not shown`,
    expected: 'a short config file',
    found: `${sorted.length} problems`,
    fix: 'fix the problems above and validate again',
  });
  return shown;
}

function emptyFileWarning(file: string): ConfigIssue {
  return {
    file,
    line: null,
    column: null,
    path: ROOT_PATH,
    message: 'the file has no settings, so every setting takes its default',
    expected: 'version: 1 and the settings you change',
    found: 'an empty document',
    fix: 'add "version: 1" and your settings, or delete the file',
  };
}

function internalIssue(file: string, err: unknown): ConfigIssue {
  return {
    file,
    line: null,
    column: null,
    path: ROOT_PATH,
    message: `internal error while reading the config: ${errorText(err)}`,
    expected: 'a readable config',
    found: 'an input the validator could not handle',
    fix: 'simplify the file, and please report this as a bug',
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import type { SessionConfig } from './types.js';

/** One problem (or warning) found in a config file, precise enough to fix without reading code. */
export interface ConfigIssue {
  file: string;
  /** 1-based; null when the problem has no place in the text (e.g. the file is missing). */
  line: number | null;
  column: number | null;
  /** Key path such as `triggers.max_pushes` or `auto_pr_patterns[2]`; `(root)` for the whole file. */
  path: string;
  /** What was wrong. */
  message: string;
  expected: string;
  found: string;
  /** How to fix it. */
  fix: string;
}

export type ConfigResult =
  | { ok: true; config: SessionConfig; source: 'file' | 'defaults'; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[] };

export const ROOT_PATH = '(root)';

/** For callers that prefer an exception; the message is the formatted list of issues. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(`invalid configuration:\n${formatIssues(issues)}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Returns the config of a successful result, or throws ConfigError with every issue. */
export function configOrThrow(result: ConfigResult): SessionConfig {
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}

/** One line per issue: `file:line:col  path: message (expected X, found Y). Fix: ...` */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return `${where}  ${issue.path}: ${issue.message} (expected ${issue.expected}, found ${issue.found}). Fix: ${issue.fix}`;
}

const MAX_SHOWN = 60;

/** Short, human description of a value as it appeared in the file. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value (null)';
  if (typeof value === 'string') return `the text ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty mapping' : `a mapping with keys ${truncate(keys.join(', '))}`;
  }
  return typeof value;
}

export function truncate(text: string, max = MAX_SHOWN): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

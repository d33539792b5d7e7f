import { expect } from 'vitest';
import { parseConfig, type ConfigIssue, type ConfigResult } from '../../packages/domain/src/config/index.js';
import type { SessionConfig } from '../../packages/domain/src/config/types.js';

export const FILE = '.github/auto-pr-sessions.yml';

/** Parses text that must be valid; returns the config. */
export function valid(text: string): SessionConfig {
  const result = parseConfig(text, FILE);
  if (!result.ok) throw new Error(`expected a valid config, got:\n${result.issues.map((i) => `${i.path}: ${i.message}`).join('\n')}`);
  return result.config;
}

/** Parses text that must be invalid; returns its issues. */
export function invalid(text: string): ConfigIssue[] {
  const result: ConfigResult = parseConfig(text, FILE);
  expect(result.ok, 'expected the config to be invalid').toBe(false);
  return result.ok ? [] : result.issues;
}

/** The single issue at `path` (fails when there is none or several). */
export function issueAt(issues: readonly ConfigIssue[], path: string): ConfigIssue {
  const found = issues.filter((i) => i.path === path);
  expect(found.map((i) => i.path), `issues: ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`).toEqual([path]);
  return found[0]!;
}

/** Every issue must carry the fields a user needs; no field may be blank. */
export function expectComplete(issue: ConfigIssue): void {
  expect(issue.file).toBe(FILE);
  for (const key of ['path', 'message', 'expected', 'found', 'fix'] as const) expect(issue[key].trim(), key).not.toBe('');
}

export const v1 = (body: string): string => `version: 1\n${body}`;

/**
 * bug_fix (weight 2). The original awarded points only when the PR description contains
 * bug/fix/error/issue/bugfix/resolve/correct, and the full weight only with repository-specific
 * documents (.cursor/BUG_LOG.md, docs/error-patterns.md) plus a test in the diff; otherwise 1.
 * Here: a fix announced in the title or body (whole words) earns half the weight, and the full
 * weight when the change also adds or changes a test (the regression test for the fix).
 */
import { termMatcher } from '../terms.js';
import type { BreakdownLine } from '../types.js';
import { line, testFilesChanged, type ScoringContext } from './context.js';

export function scoreBugFix(ctx: ScoringContext): BreakdownLine[] {
  const w = ctx.rubric.weights.bug_fix;
  const pr = ctx.inputs.prText;
  if (w === 0 || pr === undefined) return [];
  const match = termMatcher(ctx.rubric.bug_fix.terms);
  const term = match(pr.title) ?? match(pr.body);
  if (term === undefined) return [line('bug_fix', 0, 'the PR text announces no fix')];
  const tests = testFilesChanged(ctx);
  if (tests.length > 0) return [line('bug_fix', w, `a fix ("${term}") with a test`, tests.map((t) => t.file.path))];
  return [line('bug_fix', w / 2, `a fix ("${term}") without a test in the change`, [pr.title])];
}

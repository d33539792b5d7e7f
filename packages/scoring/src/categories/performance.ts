/**
 * performance (weight 1). As the original: the full weight for an added or changed benchmark /
 * load test, or for at least min_lines added code lines (comments excluded) with a performance
 * term; 1 to min_lines − 1 such lines earn floor(weight / 2) (0 with the default weight, as in
 * the original's integer division).
 */
import { globMatcher } from '../glob.js';
import { isCommentLine, termMatcher } from '../terms.js';
import type { BreakdownLine } from '../types.js';
import { line, type ScoringContext } from './context.js';

export function scorePerformance(ctx: ScoringContext): BreakdownLine[] {
  const w = ctx.rubric.weights.performance;
  if (w === 0 || ctx.inputs.diff === undefined) return [];
  const isPerfTest = globMatcher(ctx.rubric.performance.test_paths);
  const perfTests = ctx.changed.filter((c) => c.file.additions > 0 && isPerfTest(c.file.path)).map((c) => c.file.path);
  if (perfTests.length > 0) return [line('performance', w, 'benchmark or load test added or changed', perfTests)];
  const match = termMatcher(ctx.rubric.performance.terms);
  const hits: string[] = [];
  for (const c of ctx.changed) {
    if (c.kind !== 'source') continue;
    for (const text of c.file.addedText) {
      if (isCommentLine(text)) continue;
      const term = match(text);
      if (term !== undefined) hits.push(`${c.file.path}: ${term}`);
    }
  }
  if (hits.length === 0) return [];
  if (hits.length >= ctx.rubric.performance.min_lines) return [line('performance', w, `${hits.length} added code lines do performance work`, hits)];
  return [line('performance', Math.floor(w / 2), `${hits.length} added code line${hits.length > 1 ? 's' : ''} with a performance term (fewer than ${ctx.rubric.performance.min_lines})`, hits)];
}

/**
 * docs (weight 1). The original: only if the diff touches docs/; 1.0 for engineering-decisions.md,
 * 0.25 for a "Last Updated: <today>" stamp, else 0.1. Here: decision records and changelogs
 * (full_credit_paths) or at least full_credit_lines added doc lines earn the weight; a smaller doc
 * change earns partial_points.
 */
import { globMatcher } from '../glob.js';
import type { BreakdownLine } from '../types.js';
import { line, type ScoringContext } from './context.js';

export function scoreDocs(ctx: ScoringContext): BreakdownLine[] {
  const w = ctx.rubric.weights.docs;
  if (w === 0 || ctx.inputs.diff === undefined) return [];
  const docs = ctx.changed.filter((c) => c.kind === 'doc' && c.file.additions > 0);
  if (docs.length === 0) return [line('docs', 0, 'no documentation added or changed')];
  const paths = docs.map((d) => d.file.path);
  const full = paths.filter(globMatcher(ctx.rubric.docs.full_credit_paths));
  const added = docs.reduce((s, d) => s + d.file.additions, 0);
  if (full.length > 0) return [line('docs', w, 'decision record or changelog updated', full)];
  if (added >= ctx.rubric.docs.full_credit_lines) return [line('docs', w, `${added} documentation lines added`, paths)];
  return [line('docs', Math.min(w, ctx.rubric.docs.partial_points), `small documentation change (${added} line${added === 1 ? '' : 's'})`, paths)];
}

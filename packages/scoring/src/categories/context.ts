/** What every category rule reads: the inputs, the rubric, and the diff's files as the rubric classifies them. */
import { makeClassifier, type FileClass } from '../classify.js';
import type { DiffFile } from '../diff.js';
import type { Rubric } from '../rubric-types.js';
import type { BreakdownCategory, BreakdownLine, ScoringInputs } from '../types.js';

export interface ChangedFile {
  file: DiffFile;
  kind: FileClass;
}

export interface ScoringContext {
  inputs: ScoringInputs;
  rubric: Rubric;
  /** Changed files that still exist (not deleted), classified with the rubric's globs. */
  changed: ChangedFile[];
  /** Deleted files, classified. */
  deleted: ChangedFile[];
}

export function buildContext(inputs: ScoringInputs, rubric: Rubric): ScoringContext {
  const classify = makeClassifier(rubric.files);
  const changed: ChangedFile[] = [];
  const deleted: ChangedFile[] = [];
  for (const file of inputs.diff?.files ?? []) {
    const entry = { file, kind: classify(file.path) };
    (file.status === 'deleted' ? deleted : changed).push(entry);
  }
  return { inputs, rubric, changed, deleted };
}

export const round2 = (n: number): number => Math.round(n * 100) / 100;

const MAX_EVIDENCE = 10;

export function line(category: BreakdownCategory, points: number, reason: string, evidence: readonly string[] = []): BreakdownLine {
  // Evidence is for reading: repeated items (the same term on several lines) are shown once.
  const unique = [...new Set(evidence)];
  const ev = unique.slice(0, MAX_EVIDENCE);
  if (unique.length > MAX_EVIDENCE) ev.push(`… and ${unique.length - MAX_EVIDENCE} more`);
  return { category, points: round2(points) + 0, reason, evidence: ev };
}

/** Adds a negative "capped" line when the positive lines of a category exceed its cap. */
export function capped(category: BreakdownCategory, lines: BreakdownLine[], cap: number): BreakdownLine[] {
  const positive = round2(lines.reduce((s, l) => s + Math.max(0, l.points), 0));
  if (positive > cap) lines.push(line(category, cap - positive, `capped at the ${category} weight (${cap})`, [`earned ${positive}`]));
  return lines;
}

export function testFilesChanged(ctx: ScoringContext): ChangedFile[] {
  return ctx.changed.filter((c) => c.kind === 'test' && (c.file.additions > 0 || c.file.status === 'added'));
}

/** Added lines of code (not comments) of files of the given kinds. */
export function addedCode(files: readonly ChangedFile[]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const c of files) for (const text of c.file.addedText) out.push({ path: c.file.path, text });
  return out;
}

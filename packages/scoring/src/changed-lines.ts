/**
 * Changed-line coverage: of the lines a change adds, how many are instrumentable (present in the
 * coverage data) and how many of those ran. Lines the coverage tool does not instrument
 * (comments, blank lines, type declarations) and files it does not know (docs, config) are left
 * out, so the figure answers "is the new code tested?".
 */
import { ratio, type CoverageReport, type Ratio } from './coverage.js';
import type { ParsedDiff } from './diff.js';
import { PathIndex } from './paths.js';
import type { FileCoverage } from './coverage.js';

export interface ChangedFileCoverage {
  path: string;
  covered: number;
  total: number;
  /** Up to 50 added, instrumented lines that never ran. */
  uncoveredLines: number[];
}

export interface ChangedLineCoverage extends Ratio {
  files: ChangedFileCoverage[];
  /** Changed files (with added lines) that the coverage report does not mention. */
  unmatchedFiles: number;
}

export function changedLineCoverage(diff: ParsedDiff, coverage: CoverageReport): ChangedLineCoverage | undefined {
  if (!coverage.hasLineData) return undefined;
  const index = new PathIndex<FileCoverage>(coverage.files);
  const files: ChangedFileCoverage[] = [];
  let covered = 0;
  let total = 0;
  let unmatched = 0;
  for (const f of diff.files) {
    if (f.status === 'deleted' || f.addedLines.length === 0) continue;
    const fc = index.find(f.path);
    if (fc?.lines === undefined) {
      unmatched += 1;
      continue;
    }
    const entry: ChangedFileCoverage = { path: f.path, covered: 0, total: 0, uncoveredLines: [] };
    for (const line of f.addedLines) {
      const hits = fc.lines.get(line);
      if (hits === undefined) continue;
      entry.total += 1;
      if (hits > 0) entry.covered += 1;
      else if (entry.uncoveredLines.length < 50) entry.uncoveredLines.push(line);
    }
    if (entry.total > 0) files.push(entry);
    covered += entry.covered;
    total += entry.total;
  }
  return { ...ratio(covered, total), files, unmatchedFiles: unmatched };
}

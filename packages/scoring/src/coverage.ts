/** The coverage model shared by the lcov, istanbul and Cobertura parsers. */
import { LineHits } from './line-hits.js';

export interface Ratio {
  covered: number;
  total: number;
  /** Percentage with two decimals, or null when `total` is 0 (nothing to measure). */
  pct: number | null;
}

export interface FileCoverage {
  /** The path as the report names it (absolute, or relative to a source root). */
  path: string;
  /** Per-line hits; absent when the report has totals only (istanbul coverage-summary.json). */
  lines?: LineHits;
  lineTotals: Ratio;
  branchTotals?: Ratio;
}

export interface CoverageReport {
  format: 'lcov' | 'istanbul-final' | 'istanbul-summary' | 'cobertura' | 'merged';
  files: Map<string, FileCoverage>;
  /** Source roots declared by the report (Cobertura `<source>`), used to match diff paths. */
  sourceRoots: string[];
  totals: { lines: Ratio; branches?: Ratio };
  /** Whether per-line hits exist (needed for changed-line coverage). */
  hasLineData: boolean;
}

/** The JSON-friendly part of a coverage report that the scorer needs. */
export interface CoverageSummary {
  format: CoverageReport['format'];
  files: number;
  lines: Ratio;
  branches?: Ratio;
}

export function ratio(covered: number, total: number): Ratio {
  return { covered, total, pct: total > 0 ? Math.round((covered / total) * 10000) / 100 : null };
}

export function summarizeCoverage(report: CoverageReport): CoverageSummary {
  const out: CoverageSummary = { format: report.format, files: report.files.size, lines: report.totals.lines };
  if (report.totals.branches !== undefined) out.branches = report.totals.branches;
  return out;
}

/** Totals over files, recomputed from per-file totals. */
export function totalsOf(files: Iterable<FileCoverage>): CoverageReport['totals'] {
  let lc = 0;
  let lt = 0;
  let bc = 0;
  let bt = 0;
  let anyBranches = false;
  for (const f of files) {
    lc += f.lineTotals.covered;
    lt += f.lineTotals.total;
    if (f.branchTotals !== undefined) {
      anyBranches = true;
      bc += f.branchTotals.covered;
      bt += f.branchTotals.total;
    }
  }
  return anyBranches ? { lines: ratio(lc, lt), branches: ratio(bc, bt) } : { lines: ratio(lc, lt) };
}

/**
 * Merges several reports (e.g. a frontend lcov and a backend Cobertura): files are united, and a
 * file present in two reports keeps, per line, the larger hit count (two runs of one file).
 */
export function mergeCoverage(reports: readonly CoverageReport[]): CoverageReport | undefined {
  if (reports.length === 0) return undefined;
  if (reports.length === 1) return reports[0];
  const files = new Map<string, FileCoverage>();
  for (const report of reports) {
    for (const [key, file] of report.files) {
      const existing = files.get(key);
      if (existing === undefined) {
        files.set(key, file);
        continue;
      }
      if (existing.lines !== undefined && file.lines !== undefined) {
        const lines = new LineHits();
        lines.mergeFrom(existing.lines, 'max');
        lines.mergeFrom(file.lines, 'max');
        files.set(key, { path: key, lines, lineTotals: ratio(lines.coveredCount(), lines.size) });
      }
    }
  }
  return {
    format: 'merged',
    files,
    sourceRoots: reports.flatMap((r) => r.sourceRoots),
    totals: totalsOf(files.values()),
    hasLineData: reports.some((r) => r.hasLineData),
  };
}

/**
 * istanbul JSON coverage: `coverage-final.json` (per file `statementMap` + `s`, turned into per-line
 * hits the way istanbul-lib-coverage's getLineCoverage does: a line's hits are the maximum over
 * the statements that start on it) and `coverage-summary.json` (totals only). Which of the two a
 * file is, is decided from its content, so one flag accepts both.
 */
import { ratio, totalsOf, type CoverageReport, type FileCoverage, type Ratio } from './coverage.js';
import { ReportError } from './errors.js';
import { isObject, streamJson, type JsonObject, type JsonValue } from './json-stream.js';
import { LineHits } from './line-hits.js';
import { sourceName, wrongFormat, type ReportSource } from './source.js';

function num(value: JsonValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function summaryRatio(value: JsonValue | undefined): Ratio | undefined {
  if (!isObject(value)) return undefined;
  const total = num(value['total']);
  const covered = num(value['covered']);
  return total === undefined || covered === undefined ? undefined : ratio(covered, total);
}

function branchTotalsOfFinal(entry: JsonObject): Ratio | undefined {
  const b = entry['b'];
  if (!isObject(b)) return undefined;
  let total = 0;
  let covered = 0;
  for (const counts of Object.values(b)) {
    if (!Array.isArray(counts)) continue;
    for (const c of counts) {
      total += 1;
      if (typeof c === 'number' && c > 0) covered += 1;
    }
  }
  return ratio(covered, total);
}

export async function parseIstanbul(source: ReportSource): Promise<CoverageReport> {
  const file = sourceName(source);
  const files = new Map<string, FileCoverage>();
  let kind: 'final' | 'summary' | undefined;
  let summaryTotal: { lines: Ratio; branches?: Ratio } | undefined;

  const bad = (problem: string): ReportError =>
    new ReportError({ file, format: 'istanbul', problem, fix: 'Pass the coverage-final.json or coverage-summary.json written by istanbul/nyc/vitest/jest (json or json-summary reporter).' });
  const setKind = (k: 'final' | 'summary', key: string): void => {
    if (kind !== undefined && kind !== k) throw bad(`mixes coverage-final and coverage-summary entries (at "${key}")`);
    kind = k;
  };

  await streamJson(
    source,
    { format: 'istanbul', description: 'an istanbul coverage JSON file (coverage-final.json or coverage-summary.json)', paths: ['$.*'], root: 'object' },
    (value, keys, prefix) => {
      const key = String(keys[0]);
      const looksLikeFile = isObject(value) && ('statementMap' in value || 's' in value || isObject(value['lines']));
      // A first entry of another shape: another format altogether, say which.
      if (kind === undefined && !looksLikeFile) throw wrongFormat(file, 'istanbul', prefix(), 'an istanbul coverage JSON file (coverage-final.json or coverage-summary.json)');
      if (!isObject(value)) throw bad(`has a non-object entry at "${key}"`);
      if ('statementMap' in value || 's' in value) {
        setKind('final', key);
        const statementMap = value['statementMap'];
        const s = value['s'];
        if (!isObject(statementMap) || !isObject(s)) throw bad(`entry "${key}" lacks statementMap/s objects`);
        const lines = new LineHits();
        for (const [id, loc] of Object.entries(statementMap)) {
          const start = isObject(loc) ? loc['start'] : undefined;
          const line = isObject(start) ? num(start['line']) : undefined;
          const hits = num(s[id]);
          if (line !== undefined && hits !== undefined) lines.set(line, hits, 'max');
        }
        const path = typeof value['path'] === 'string' ? value['path'] : key;
        const fc: FileCoverage = { path, lines, lineTotals: ratio(lines.coveredCount(), lines.size) };
        const branches = branchTotalsOfFinal(value);
        if (branches !== undefined) fc.branchTotals = branches;
        files.set(path, fc);
        return;
      }
      const lines = summaryRatio(value['lines']);
      if (lines === undefined) throw bad(`entry "${key}" is neither a coverage-final entry (statementMap, s) nor a summary entry (lines.total, lines.covered)`);
      setKind('summary', key);
      const branches = summaryRatio(value['branches']);
      if (key === 'total') {
        summaryTotal = branches === undefined ? { lines } : { lines, branches };
        return;
      }
      const fc: FileCoverage = { path: key, lineTotals: lines };
      if (branches !== undefined) fc.branchTotals = branches;
      files.set(key, fc);
    },
  );
  if (kind === undefined) throw bad('has no file entries');
  if (kind === 'final') {
    return { format: 'istanbul-final', files, sourceRoots: [], totals: totalsOf(files.values()), hasLineData: true };
  }
  return { format: 'istanbul-summary', files, sourceRoots: [], totals: summaryTotal ?? totalsOf(files.values()), hasLineData: false };
}

/**
 * lcov tracefile parser (geninfo format: `SF`, `DA`, `LF/LH`, `BRDA`, `BRF/BRH`, `end_of_record`).
 * Streams line by line; per-file hits go into compact LineHits.
 */
import { ratio, totalsOf, type CoverageReport, type FileCoverage } from './coverage.js';
import { ReportError } from './errors.js';
import { LineHits } from './line-hits.js';
import { forEachLine } from './lines.js';
import { sourceName, wrongFormat, type ReportSource } from './source.js';

export interface LcovOptions {
  maxLineLength?: number;
}

interface OpenRecord {
  path: string;
  startLine: number;
  lines: LineHits;
  lf?: number;
  lh?: number;
  brf?: number;
  brh?: number;
  brdaTotal: number;
  brdaHit: number;
}

/** Parses a non-negative decimal integer from `s` starting at `from`, up to `to`; NaN if not one. */
function parseUint(s: string, from: number, to: number): number {
  if (from >= to) return Number.NaN;
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

const RECORD_KEY = /^[A-Z]+:/;

export async function parseLcov(source: ReportSource, options: LcovOptions = {}): Promise<CoverageReport> {
  const file = sourceName(source);
  const files = new Map<string, FileCoverage>();
  let current: OpenRecord | undefined;
  let prefix = '';
  let sawRecord = false;
  /** Set when the first line is not lcov: keep reading a little to say what the file is. */
  let notLcov = false;

  const bad = (lineNo: number, problem: string): ReportError =>
    new ReportError({ file, format: 'lcov', line: lineNo, problem, fix: 'Regenerate the tracefile with the coverage tool (e.g. vitest --coverage with the lcov reporter).' });

  const finish = (rec: OpenRecord): void => {
    const instrumented = rec.lines.size;
    // DA records are the truth; LF/LH are used when a tool wrote totals without DA lines.
    const total = instrumented > 0 ? instrumented : (rec.lf ?? 0);
    const covered = instrumented > 0 ? rec.lines.coveredCount() : (rec.lh ?? 0);
    const fc: FileCoverage = { path: rec.path, lines: rec.lines, lineTotals: ratio(covered, total) };
    const brTotal = rec.brf ?? rec.brdaTotal;
    if (brTotal > 0 || rec.brf !== undefined) fc.branchTotals = ratio(rec.brh ?? rec.brdaHit, brTotal);
    const existing = files.get(rec.path);
    if (existing?.lines !== undefined) {
      // The same file in two records (merged tracefiles): combine hits.
      existing.lines.mergeFrom(rec.lines, 'sum');
      existing.lineTotals = ratio(existing.lines.coveredCount(), existing.lines.size);
    } else {
      files.set(rec.path, fc);
    }
  };

  await forEachLine(source, 'lcov', { maxLineLength: options.maxLineLength ?? 1024 * 1024 }, (line, lineNo, unterminated) => {
    if (prefix.length < 4096) prefix += `${line.slice(0, 4096)}\n`;
    if (notLcov) {
      if (prefix.length >= 4096) throw wrongFormat(file, 'lcov', prefix, 'an lcov tracefile');
      return;
    }
    if (line.length === 0) return;
    try {
      record(line, lineNo);
    } catch (err) {
      if (unterminated && current !== undefined) {
        throw new ReportError({ file, format: 'lcov', line: lineNo, problem: `ends in the middle of a record ("${line.slice(0, 40)}"): the file is truncated`, fix: 'The tool was probably interrupted or the upload cut short; rerun it and pass the complete file.' });
      }
      throw err;
    }
  });
  if (notLcov) throw wrongFormat(file, 'lcov', prefix, 'an lcov tracefile');

  function record(line: string, lineNo: number): void {
    // Hot path first: DA records are the vast majority of lines.
    if (line.startsWith('DA:')) {
      if (current === undefined) throw bad(lineNo, 'has a DA record outside an SF … end_of_record block');
      const comma = line.indexOf(',', 3);
      const comma2 = comma < 0 ? -1 : line.indexOf(',', comma + 1);
      const lineNum = parseUint(line, 3, comma < 0 ? line.length : comma);
      // Hits can be negative or huge in some generators (gcov "-1"), clamp rather than reject.
      const hitsText = line.slice(comma + 1, comma2 < 0 ? line.length : comma2);
      const hits = Number(hitsText);
      if (comma < 0 || Number.isNaN(lineNum) || hitsText === '' || Number.isNaN(hits)) throw bad(lineNo, `has a malformed DA record "${line.slice(0, 80)}"`);
      current.lines.set(lineNum, hits);
      return;
    }
    if (line === 'end_of_record') {
      if (current === undefined) throw bad(lineNo, 'has end_of_record without a preceding SF record');
      finish(current);
      current = undefined;
      return;
    }
    if (!RECORD_KEY.test(line)) {
      if (!sawRecord) {
        notLcov = true;
        return;
      }
      throw bad(lineNo, `has a line that is not an lcov record: "${line.slice(0, 80)}"`);
    }
    sawRecord = true;
    const colon = line.indexOf(':');
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    switch (key) {
      case 'SF':
        if (current !== undefined) throw bad(lineNo, `starts SF:${value} before end_of_record of ${current.path}`);
        current = { path: value, startLine: lineNo, lines: new LineHits(), brdaTotal: 0, brdaHit: 0 };
        return;
      case 'LF':
      case 'LH':
      case 'BRF':
      case 'BRH': {
        if (current === undefined) throw bad(lineNo, `has a ${key} record outside an SF … end_of_record block`);
        const n = parseUint(value, 0, value.length);
        if (Number.isNaN(n)) throw bad(lineNo, `has a malformed ${key} record "${line.slice(0, 80)}"`);
        if (key === 'LF') current.lf = n;
        else if (key === 'LH') current.lh = n;
        else if (key === 'BRF') current.brf = n;
        else current.brh = n;
        return;
      }
      case 'BRDA': {
        if (current === undefined) throw bad(lineNo, 'has a BRDA record outside an SF … end_of_record block');
        // BRDA:<line>,<block>,<branch>,<taken|->
        const taken = value.slice(value.lastIndexOf(',') + 1);
        current.brdaTotal += 1;
        if (taken !== '-' && taken !== '0') current.brdaHit += 1;
        return;
      }
      default:
        // TN, FN, FNDA, FNF, FNH, VER and future keys carry nothing the scorer uses.
        return;
    }
  }
  if (current !== undefined) {
    throw new ReportError({
      file,
      format: 'lcov',
      line: current.startLine,
      problem: `ends inside the record for ${current.path} (no end_of_record): the file is truncated`,
      fix: 'The tool was probably interrupted or the upload cut short; rerun it and pass the complete file.',
    });
  }
  if (!sawRecord) throw wrongFormat(file, 'lcov', prefix, 'an lcov tracefile');
  return { format: 'lcov', files, sourceRoots: [], totals: totalsOf(files.values()), hasLineData: true };
}

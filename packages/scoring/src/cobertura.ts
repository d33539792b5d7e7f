/**
 * Cobertura XML (coverage.py, istanbul's cobertura reporter, JaCoCo converters, …). Only the
 * class-level `<lines>` are read: `<method>` elements repeat the same lines and would double count.
 */
import { ratio, type CoverageReport, type FileCoverage } from './coverage.js';
import { ReportError } from './errors.js';
import { LineHits } from './line-hits.js';
import { sourceName, type ReportSource } from './source.js';
import { streamXml, type XmlAttributes } from './xml.js';

interface FileAcc {
  lines: LineHits;
  branchCovered: number;
  branchTotal: number;
}

const CONDITION = /\((\d+)\/(\d+)\)/;

export async function parseCobertura(source: ReportSource): Promise<CoverageReport> {
  const file = sourceName(source);
  const acc = new Map<string, FileAcc>();
  const stack: string[] = [];
  const sourceRoots: string[] = [];
  let sourceText: string | undefined;
  let currentFile: FileAcc | undefined;
  let rootBranches: { covered: number; total: number } | undefined;

  const bad = (problem: string): ReportError =>
    new ReportError({ file, format: 'cobertura', problem, fix: 'Regenerate the report with the coverage tool (cobertura reporter).' });

  await streamXml(
    source,
    { format: 'cobertura', description: 'a Cobertura XML coverage report', root: (name) => name === 'coverage' },
    {
      open(name: string, attrs: XmlAttributes, depth: number): void {
        const parent = stack[stack.length - 1];
        if (depth === 0) {
          // Some writers (istanbul's) list fewer branch conditions per line than they count in
          // the root's branches-valid; the root figure is the tool's own total.
          const total = Number(attrs['branches-valid']);
          const covered = Number(attrs['branches-covered']);
          if (Number.isInteger(total) && Number.isInteger(covered) && total > 0) rootBranches = { covered, total };
        }
        stack.push(name);
        if (name === 'source') sourceText = '';
        else if (name === 'class') {
          const filename = attrs['filename'];
          if (filename === undefined) throw bad('has a <class> without a filename attribute');
          let entry = acc.get(filename);
          if (entry === undefined) {
            entry = { lines: new LineHits(), branchCovered: 0, branchTotal: 0 };
            acc.set(filename, entry);
          }
          currentFile = entry;
        } else if (name === 'line' && parent === 'lines' && stack[stack.length - 3] === 'class' && currentFile !== undefined) {
          const number = Number(attrs['number']);
          const hits = Number(attrs['hits']);
          if (!Number.isInteger(number) || Number.isNaN(hits)) throw bad(`has a <line> with number="${attrs['number'] ?? ''}" hits="${attrs['hits'] ?? ''}"`);
          currentFile.lines.set(number, hits, 'max');
          const cond = attrs['branch'] === 'true' ? CONDITION.exec(attrs['condition-coverage'] ?? '') : null;
          if (cond !== null) {
            currentFile.branchCovered += Number(cond[1]);
            currentFile.branchTotal += Number(cond[2]);
          }
        }
      },
      close(name: string): void {
        stack.pop();
        if (name === 'source' && sourceText !== undefined) {
          const root = sourceText.trim();
          if (root !== '') sourceRoots.push(root);
          sourceText = undefined;
        } else if (name === 'class') currentFile = undefined;
      },
      wantText: () => sourceText !== undefined,
      text(text: string): void {
        // Bounded: a source root is a path; anything longer is not one.
        if (sourceText !== undefined && sourceText.length < 4096) sourceText += text;
      },
    },
  );

  const files = new Map<string, FileCoverage>();
  let lc = 0;
  let lt = 0;
  let bc = 0;
  let bt = 0;
  for (const [path, entry] of acc) {
    const covered = entry.lines.coveredCount();
    const fc: FileCoverage = { path, lines: entry.lines, lineTotals: ratio(covered, entry.lines.size) };
    if (entry.branchTotal > 0) fc.branchTotals = ratio(entry.branchCovered, entry.branchTotal);
    files.set(path, fc);
    lc += covered;
    lt += entry.lines.size;
    bc += entry.branchCovered;
    bt += entry.branchTotal;
  }
  const branches = rootBranches ?? (bt > 0 ? { covered: bc, total: bt } : undefined);
  const totals = branches === undefined ? { lines: ratio(lc, lt) } : { lines: ratio(lc, lt), branches: ratio(branches.covered, branches.total) };
  return { format: 'cobertura', files, sourceRoots, totals, hasLineData: true };
}

/** Reads report files into ScoringInputs (the impure half of scoring: scoreSession is pure). */
import { changedLineCoverage } from './changed-lines.js';
import { parseCobertura } from './cobertura.js';
import { mergeCoverage, summarizeCoverage, type CoverageReport, type FileCoverage } from './coverage.js';
import { parseDiff } from './diff.js';
import { parseIstanbul } from './istanbul.js';
import { parseJunit } from './junit.js';
import { parseLcov } from './lcov.js';
import { joinBase, RepoPaths } from './repo-paths.js';
import { mergeSarif, parseSarif } from './sarif.js';
import type { FileClassGlobs } from './classify.js';
import type { PrText, ScoringInputs, SessionContext } from './types.js';

export interface InputFiles {
  junit?: string[];
  lcov?: string;
  istanbul?: string;
  cobertura?: string;
  sarif?: string[];
  sarifBaseline?: string;
  diff?: string;
}

export interface CollectOptions {
  /** This run's workspace (GITHUB_WORKSPACE): report paths inside it become repository paths. */
  workspace?: string;
  prText?: PrText;
  session?: SessionContext;
  classes?: FileClassGlobs;
}

/** A report's paths as repository paths (Cobertura filenames joined to a single `<source>` first). */
function coveragePaths(report: CoverageReport): [string, FileCoverage][] {
  const root = report.sourceRoots.length === 1 ? report.sourceRoots[0] : undefined;
  return [...report.files.values()].map((f) => [root === undefined ? f.path : joinBase(root, f.path), f]);
}

function rebase(report: CoverageReport, paths: RepoPaths): CoverageReport {
  const files = new Map<string, FileCoverage>();
  for (const [path, f] of coveragePaths(report)) {
    const repoPath = paths.resolve(path);
    // Two report paths naming one repository file: the first is kept (a report lists a file once).
    if (!files.has(repoPath)) files.set(repoPath, { ...f, path: repoPath });
  }
  return { ...report, files, sourceRoots: [] };
}

export async function collectInputs(files: InputFiles, options: CollectOptions = {}): Promise<ScoringInputs> {
  const inputs: ScoringInputs = {};
  // The diff first: its files teach where a foreign checkout's paths start (see repo-paths.ts).
  if (files.diff !== undefined) inputs.diff = await parseDiff(files.diff, options.classes === undefined ? {} : { classes: options.classes });
  const tests = files.junit !== undefined && files.junit.length > 0 ? await parseJunit(files.junit) : undefined;
  const raw: CoverageReport[] = [];
  // Sequential on purpose: parsing is CPU-bound, and one report at a time bounds memory.
  if (files.lcov !== undefined) raw.push(await parseLcov(files.lcov));
  if (files.istanbul !== undefined) raw.push(await parseIstanbul(files.istanbul));
  if (files.cobertura !== undefined) raw.push(await parseCobertura(files.cobertura));
  let findings = undefined;
  if (files.sarif !== undefined && files.sarif.length > 0) {
    const sarif = [];
    for (const f of files.sarif) sarif.push(await parseSarif(f, files.sarifBaseline === undefined ? {} : { baseline: files.sarifBaseline }));
    findings = mergeSarif(sarif).findings;
  }

  const paths = new RepoPaths({ ...(options.workspace === undefined ? {} : { workspace: options.workspace }), known: inputs.diff?.files.map((f) => f.path) ?? [] });
  paths.learn([...raw.flatMap((r) => coveragePaths(r).map(([p]) => p)), ...(findings ?? []).flatMap((f) => (f.file === undefined ? [] : [f.file])), ...(tests?.failures ?? []).flatMap((f) => (f.file === undefined ? [] : [f.file]))]);
  if (tests !== undefined) {
    inputs.tests = { ...tests, failures: tests.failures.map((f) => (f.file === undefined ? f : { ...f, file: paths.resolve(f.file) })) };
  }
  const coverage = mergeCoverage(raw.map((r) => rebase(r, paths)));
  if (coverage !== undefined) inputs.coverage = summarizeCoverage(coverage);
  if (findings !== undefined) inputs.findings = findings.map((f) => (f.file === undefined ? f : { ...f, file: paths.resolve(f.file) }));
  if (inputs.diff !== undefined && coverage !== undefined) {
    const changed = changedLineCoverage(inputs.diff, coverage);
    if (changed !== undefined) inputs.changedLineCoverage = changed;
  }
  if (options.prText !== undefined) inputs.prText = options.prText;
  if (options.session !== undefined) inputs.session = options.session;
  return inputs;
}

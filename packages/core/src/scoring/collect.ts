/** Reads report files into ScoringInputs (the impure half of scoring: scoreSession is pure). */
import { changedLineCoverage } from './changed-lines.js';
import { parseCobertura } from './cobertura.js';
import { mergeCoverage, summarizeCoverage, type CoverageReport } from './coverage.js';
import { parseDiff } from './diff.js';
import { parseIstanbul } from './istanbul.js';
import { parseJunit } from './junit.js';
import { parseLcov } from './lcov.js';
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
  prText?: PrText;
  session?: SessionContext;
  classes?: FileClassGlobs;
}

export async function collectInputs(files: InputFiles, options: CollectOptions = {}): Promise<ScoringInputs> {
  const inputs: ScoringInputs = {};
  if (files.junit !== undefined && files.junit.length > 0) inputs.tests = await parseJunit(files.junit);
  const reports: CoverageReport[] = [];
  // Sequential on purpose: parsing is CPU-bound, and one report at a time bounds memory.
  if (files.lcov !== undefined) reports.push(await parseLcov(files.lcov));
  if (files.istanbul !== undefined) reports.push(await parseIstanbul(files.istanbul));
  if (files.cobertura !== undefined) reports.push(await parseCobertura(files.cobertura));
  const coverage = mergeCoverage(reports);
  if (coverage !== undefined) inputs.coverage = summarizeCoverage(coverage);
  if (files.sarif !== undefined && files.sarif.length > 0) {
    const sarif = [];
    for (const f of files.sarif) sarif.push(await parseSarif(f, files.sarifBaseline === undefined ? {} : { baseline: files.sarifBaseline }));
    inputs.findings = mergeSarif(sarif).findings;
  }
  if (files.diff !== undefined) {
    inputs.diff = await parseDiff(files.diff, options.classes === undefined ? {} : { classes: options.classes });
    if (coverage !== undefined) {
      const changed = changedLineCoverage(inputs.diff, coverage);
      if (changed !== undefined) inputs.changedLineCoverage = changed;
    }
  }
  if (options.prText !== undefined) inputs.prText = options.prText;
  if (options.session !== undefined) inputs.session = options.session;
  return inputs;
}

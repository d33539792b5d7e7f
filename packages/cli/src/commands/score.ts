import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import {
  DEFAULT_RUBRIC,
  ReportError,
  RubricError,
  collectInputs,
  parseRubric,
  scoreSession,
  type InputFiles,
  type PrText,
  type Rubric,
  type ScoreResult,
} from '@auto-pr-sessions/core';
import { EXIT } from '../exit-codes.js';

interface ScoreOptions {
  junit: string[];
  lcov?: string;
  istanbul?: string;
  cobertura?: string;
  sarif: string[];
  sarifBaseline?: string;
  diff?: string;
  rubric?: string;
  prTitle?: string;
  prBody?: string;
  json?: boolean;
  printRubric?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new RubricError({ file, path: '', problem: `${what} cannot be read (${code})`, fix: 'Check the path.' });
  }
}

/** Reads the inputs, scores them, prints the result. Exported for tests. */
export async function runScore(options: ScoreOptions, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  if (options.printRubric === true) {
    out(stringify(DEFAULT_RUBRIC));
    return EXIT.ok;
  }
  const files: InputFiles = { junit: options.junit, sarif: options.sarif };
  if (options.lcov !== undefined) files.lcov = options.lcov;
  if (options.istanbul !== undefined) files.istanbul = options.istanbul;
  if (options.cobertura !== undefined) files.cobertura = options.cobertura;
  if (options.sarifBaseline !== undefined) files.sarifBaseline = options.sarifBaseline;
  if (options.diff !== undefined) files.diff = options.diff;
  try {
    const rubric: Rubric = options.rubric === undefined ? DEFAULT_RUBRIC : parseRubric(await readText(options.rubric, 'the rubric'), options.rubric);
    let prText: PrText | undefined;
    if (options.prTitle !== undefined || options.prBody !== undefined) {
      prText = { title: options.prTitle ?? '', body: options.prBody === undefined ? '' : await readText(options.prBody, 'the PR body file') };
    }
    const inputs = await collectInputs(files, { classes: rubric.files, ...(prText === undefined ? {} : { prText }) });
    const result = scoreSession(inputs, rubric);
    out(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : table(result));
    return EXIT.ok;
  } catch (err) {
    if (err instanceof ReportError || err instanceof RubricError) {
      process.stderr.write(`auto-pr-sessions score: ${err.message}\n`);
      return EXIT.invalid;
    }
    throw err;
  }
}

function pct(r: { covered: number; total: number; pct: number | null }): string {
  return r.pct === null ? 'n/a' : `${r.pct}% (${r.covered}/${r.total})`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** The human-readable view: the score, then one row per breakdown line. */
export function table(r: ScoreResult): string {
  const rows = r.breakdown.map((l) => [l.category, signed(l.points), l.reason + (l.evidence.length > 0 ? ` [${l.evidence.slice(0, 3).join('; ')}${l.evidence.length > 3 ? '; …' : ''}]` : '')]);
  const w0 = Math.max(8, ...rows.map((x) => (x[0] as string).length));
  const w1 = Math.max(6, ...rows.map((x) => (x[1] as string).length));
  const lines = [
    `Score ${r.score} → ${r.decision}  (normalized ${r.normalized}/100, stabilized ${r.stabilizedScore}, range ${r.range.min}…${r.range.max})`,
    `  ${r.decisionReason}`,
    '',
    `${'category'.padEnd(w0)}  ${'points'.padStart(w1)}  reason`,
    ...rows.map(([c, p, reason]) => `${(c as string).padEnd(w0)}  ${(p as string).padStart(w1)}  ${reason as string}`),
    `${''.padEnd(w0, '-')}  ${''.padStart(w1, '-')}`,
    `${'total'.padEnd(w0)}  ${signed(r.score).padStart(w1)}`,
    '',
    `tests     ${r.evaluated.tests ? `${r.tests.total} total, ${r.tests.passed} passed, ${r.tests.failed} failed, ${r.tests.errored} errored, ${r.tests.skipped} skipped, ${r.tests.flaky} flaky` : 'not given'}`,
    `coverage  lines ${r.evaluated.coverage ? pct(r.coverage.lines) : 'not given'}, changed lines ${r.evaluated.changedLines ? pct(r.coverage.changedLines) : 'not measured'}`,
    `findings  ${r.evaluated.findings ? `${r.findings.total} (${Object.entries(r.findings.bySeverity).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ') || 'none'}), ${r.findings.securityInScope} security in the change` : 'not given'}`,
  ];
  return `${lines.join('\n')}\n`;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score a change from standard reports (JUnit, lcov, istanbul, Cobertura, SARIF, diff) with the rubric')
    .option('--junit <file>', 'JUnit XML test results (repeatable)', collect, [])
    .option('--lcov <file>', 'lcov tracefile')
    .option('--istanbul <file>', 'istanbul coverage-final.json or coverage-summary.json')
    .option('--cobertura <file>', 'Cobertura XML coverage')
    .option('--sarif <file>', 'SARIF 2.1.0 log (repeatable)', collect, [])
    .option('--sarif-baseline <file>', 'SARIF log of the base: its findings do not count')
    .option('--diff <file>', 'unified diff (git diff BASE...HEAD) or GitHub compare API JSON')
    .option('--rubric <file>', 'rubric YAML (default: the built-in rubric)')
    .option('--pr-title <text>', 'PR title (bug-fix detection)')
    .option('--pr-body <file>', 'file holding the PR body')
    .option('--json', 'print the result as one JSON object')
    .option('--print-rubric', 'print the default rubric as YAML and exit')
    .action(async (options: ScoreOptions, cmd: Command) => {
      const given = options.junit.length + options.sarif.length + [options.lcov, options.istanbul, options.cobertura, options.diff, options.prTitle, options.prBody].filter((x) => x !== undefined).length;
      if (given === 0 && options.printRubric !== true) {
        cmd.error('error: give at least one report (--junit, --lcov, --istanbul, --cobertura, --sarif, --diff) or --pr-title/--pr-body', { exitCode: EXIT.usage, code: 'score.noInputs' });
      }
      process.exitCode = await runScore(options);
    });
}

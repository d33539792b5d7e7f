/**
 * Penalties. The original's failing_ci (−4) and missing_tests (−2) exclude each other; it never
 * applied regression. Its proxies were coverage figures ("both coverages exactly 0" = failing
 * CI), which turned missing coverage files into −4 on most PRs (§16 item 16). Here:
 * - failing_ci: the JUnit results have failed or errored tests. No test report, no penalty.
 * - missing_tests (only if not failing_ci): the change adds source code and the coverage of the
 *   new lines is below missing_tests_below_pct; without changed-line data, no test file changed
 *   and overall line coverage is below it. No coverage report, no penalty (as the original).
 * - regression (applied): the change leaves the code measurably less tested than its base —
 *   line coverage fell ≥ regression_coverage_drop_pct points or the test count fell, against the
 *   session baseline, or test files were deleted with no test added or changed. Failing tests
 *   are failing_ci's, not counted twice.
 */
import type { BreakdownLine } from '../types.js';
import { line, testFilesChanged, type ScoringContext } from './context.js';

function failingCi(ctx: ScoringContext): BreakdownLine | undefined {
  const tests = ctx.inputs.tests;
  if (tests === undefined) return undefined;
  const bad = tests.failed + tests.errored;
  if (bad === 0) return undefined;
  const names = tests.failures.map((f) => `${f.suite} › ${f.name}${f.file === undefined ? '' : ` (${f.file}${f.line === undefined ? '' : `:${f.line}`})`}`);
  return line('failing_ci', ctx.rubric.penalties.failing_ci, `${tests.failed} failed and ${tests.errored} errored of ${tests.total} tests`, names);
}

function missingTests(ctx: ScoringContext): BreakdownLine | undefined {
  const { inputs, rubric } = ctx;
  const below = rubric.penalty_rules.missing_tests_below_pct;
  const source = ctx.changed.filter((c) => c.kind === 'source' && c.file.additions > 0);
  if (source.length === 0) return undefined;
  const changed = inputs.changedLineCoverage;
  if (changed !== undefined && changed.total > 0 && changed.pct !== null) {
    if (changed.pct >= below) return undefined;
    return line('missing_tests', rubric.penalties.missing_tests, `only ${changed.pct}% of the new code lines ran in tests (< ${below}%)`, [`${changed.covered}/${changed.total} changed lines covered`]);
  }
  const pct = inputs.coverage?.lines.pct;
  if (pct === undefined || pct === null) return undefined;
  if (testFilesChanged(ctx).length > 0 || pct >= below) return undefined;
  return line('missing_tests', rubric.penalties.missing_tests, `source changed with no test change and line coverage ${pct}% (< ${below}%)`, source.map((s) => s.file.path));
}

function regression(ctx: ScoringContext): BreakdownLine | undefined {
  const { inputs, rubric } = ctx;
  const reasons: string[] = [];
  const base = inputs.session?.baseline;
  const pct = inputs.coverage?.lines.pct;
  if (base?.linesPct !== undefined && pct !== undefined && pct !== null && base.linesPct - pct >= rubric.penalty_rules.regression_coverage_drop_pct) {
    reasons.push(`line coverage fell from ${base.linesPct}% to ${pct}%`);
  }
  if (base?.testsTotal !== undefined && inputs.tests !== undefined && inputs.tests.total < base.testsTotal) {
    reasons.push(`test count fell from ${base.testsTotal} to ${inputs.tests.total}`);
  }
  const deletedTests = ctx.deleted.filter((d) => d.kind === 'test').map((d) => d.file.path);
  if (deletedTests.length > 0 && testFilesChanged(ctx).length === 0) reasons.push(`test files deleted with no test added: ${deletedTests.join(', ')}`);
  if (reasons.length === 0) return undefined;
  return line('regression', rubric.penalties.regression, reasons[0] as string, reasons);
}

export function scorePenalties(ctx: ScoringContext): BreakdownLine[] {
  const out: BreakdownLine[] = [];
  const failing = failingCi(ctx);
  if (failing !== undefined) out.push(failing);
  else {
    const missing = missingTests(ctx);
    if (missing !== undefined) out.push(missing);
  }
  const reg = regression(ctx);
  if (reg !== undefined) out.push(reg);
  return out;
}

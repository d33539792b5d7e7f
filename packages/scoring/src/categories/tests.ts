/**
 * tests (cap = weight, 3 by default). The original's items, with its stubs replaced by
 * measurements:
 * - test files added or changed (the original: `+++` lines of test-looking paths) → 1;
 * - "coverage increase ≥ 5%" was a stub (assumed whenever coverage > 0 and tests were added);
 *   here: the new code's changed-line coverage ≥ changed_lines_pct, or overall line coverage up
 *   ≥ coverage_increase_pct points over the session baseline → 1;
 * - integration / e2e tests changed → 0.5;
 * - test quality: added test code asserts or mocks → 0.5;
 * - critical-module impact: changed tests name auth, tenant, database, … → 0.5.
 */
import { globMatcher } from '../glob.js';
import { termMatcher } from '../terms.js';
import type { BreakdownLine } from '../types.js';
import { addedCode, capped, line, testFilesChanged, type ScoringContext } from './context.js';

export function scoreTests(ctx: ScoringContext): BreakdownLine[] {
  const { rubric, inputs } = ctx;
  const w = rubric.weights.tests;
  if (w === 0) return [];
  const p = rubric.tests.points;
  const out: BreakdownLine[] = [];
  const tests = testFilesChanged(ctx);
  const paths = tests.map((t) => t.file.path);
  if (inputs.diff === undefined) out.push(line('tests', 0, 'no diff given: test changes not evaluated'));
  else if (tests.length > 0) out.push(line('tests', p.test_files, `${tests.length} test file${tests.length > 1 ? 's' : ''} added or changed`, paths));
  else out.push(line('tests', 0, 'no test file added or changed'));

  const changed = inputs.changedLineCoverage;
  const baseline = inputs.session?.baseline?.linesPct;
  const linesPct = inputs.coverage?.lines.pct;
  if (changed !== undefined && changed.total > 0 && changed.pct !== null && changed.pct >= rubric.tests.changed_lines_pct) {
    out.push(line('tests', p.changed_lines_covered, `new code is covered: ${changed.pct}% of ${changed.total} changed lines ≥ ${rubric.tests.changed_lines_pct}%`, [`${changed.covered}/${changed.total} changed lines ran`]));
  } else if (baseline !== undefined && linesPct !== undefined && linesPct !== null && linesPct - baseline >= rubric.tests.coverage_increase_pct) {
    out.push(line('tests', p.changed_lines_covered, `line coverage rose ${Math.round((linesPct - baseline) * 100) / 100} points over the baseline`, [`${baseline}% → ${linesPct}%`]));
  } else if (changed !== undefined && changed.total > 0) {
    out.push(line('tests', 0, `changed-line coverage ${changed.pct ?? 0}% is below ${rubric.tests.changed_lines_pct}%`, [`${changed.covered}/${changed.total} changed lines ran`]));
  }

  if (tests.length > 0) {
    const isIntegration = globMatcher(rubric.tests.integration_paths);
    const integration = paths.filter(isIntegration);
    if (integration.length > 0) out.push(line('tests', p.integration, 'integration or end-to-end tests changed', integration));

    const code = addedCode(tests);
    const quality = termMatcher(rubric.tests.quality_terms);
    const asserting = code.filter((c) => quality(c.text) !== undefined);
    if (asserting.length > 0) {
      out.push(line('tests', p.quality, 'added test code asserts or mocks', [...new Set(asserting.map((c) => `${c.path}: ${quality(c.text) ?? ''}`))]));
    }

    const critical = termMatcher(rubric.tests.critical_module_terms);
    const hits = [...new Set([...paths.filter((x) => critical(x.replace(/[/._-]/g, ' ')) !== undefined), ...code.filter((c) => critical(c.text) !== undefined).map((c) => c.path)])];
    if (hits.length > 0) out.push(line('tests', p.critical_modules, 'tests touch critical modules (auth, tenant, database, …)', hits));
  }
  return capped('tests', out, w);
}

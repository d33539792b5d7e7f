import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUBRIC,
  collectInputs,
  resolveRubric,
  scoreRange,
  scoreSession,
  type DiffFile,
  type Finding,
  type ParsedDiff,
  type Rubric,
  type ScoringInputs,
  type Severity,
} from '@auto-pr-sessions/scoring';
import { fixture } from './helpers.js';

const round2 = (n: number): number => Math.round(n * 100) / 100;
const sum = (r: { breakdown: { points: number }[] }): number => round2(r.breakdown.reduce((s, l) => s + l.points, 0));

function file(path: string, added: string[], status: DiffFile['status'] = 'modified'): DiffFile {
  return { path, status, kind: 'source', binary: false, additions: added.length, deletions: 0, hunks: [], addedLines: added.map((_, i) => i + 1), addedText: added };
}
const diff = (...files: DiffFile[]): ParsedDiff => ({ files, additions: files.reduce((s, f) => s + f.additions, 0), deletions: 0, addedTextTruncated: false });
const finding = (severity: Severity, path = 'src/a.ts', extra: Partial<Finding> = {}): Finding => ({ tool: 'T', ruleId: 'sec/rule', severity, level: 'error', tags: ['security'], message: 'm', file: path, line: 1, ...extra });
const tests = (failed = 0) => ({ total: 10, passed: 10 - failed, failed, errored: 0, skipped: 0, flaky: 0, durationSec: 1, failures: [], failuresTruncated: false });

describe('scoreSession on the real fixtures (the sample change)', () => {
  it('every point is a breakdown line; decision and views', async () => {
    const inputs = await collectInputs(
      { junit: [fixture('vitest/junit.xml')], lcov: fixture('vitest/lcov.info'), sarif: [fixture('eslint/eslint.sarif')], sarifBaseline: fixture('eslint/eslint-base.sarif'), diff: fixture('git/git-diff.patch') },
      { prText: { title: 'fix: cache percent results', body: 'Adds memoize and percent.' } },
    );
    const r = scoreSession(inputs);
    expect(r.breakdown.map((l) => [l.category, l.points, l.reason])).toEqual([
      ['tests', 1, '2 test files added or changed'],
      ['tests', 0, 'changed-line coverage 42.11% is below 80%'],
      ['tests', 0.5, 'added test code asserts or mocks'],
      ['bug_fix', 2, 'a fix ("fix") with a test'],
      ['docs', 0.25, 'small documentation change (8 lines)'],
      ['performance', 1, '8 added code lines do performance work'],
      ['security', 1, 'no security finding in the change'],
      ['security', 0, '1 high-severity finding in the change comes from a rule that is not a security rule: shown to fix, not scored'],
      ['failing_ci', -4, '2 failed and 0 errored of 10 tests'],
    ]);
    // Finding paths are repository paths (ESLint wrote file:///tmp/auto-pr-sessions-sample/…).
    expect(inputs.findings?.map((f) => f.file)).toEqual(['src/cache.js', 'src/cache.js', 'src/cache.js']);
    expect(r.breakdown.find((l) => l.reason.includes('not a security rule'))?.evidence).toEqual(['ESLint no-eval@src/cache.js:33']);
    expect(r.score).toBe(1.75);
    expect(sum(r)).toBe(r.score);
    expect(r.decision).toBe('REQUEST_CHANGES');
    expect(r.tests).toMatchObject({ total: 10, passed: 6, failed: 2, skipped: 2 });
    expect(r.coverage.lines).toEqual({ covered: 17, total: 29, pct: 58.62 });
    expect(r.coverage.changedLines).toEqual({ covered: 8, total: 19, pct: 42.11 });
    expect(r.findings).toEqual({ total: 3, bySeverity: { critical: 0, high: 1, medium: 2, low: 0, info: 0 }, securityInScope: 0 });
    expect(r.breakdown.find((l) => l.category === 'failing_ci')?.evidence).toContain('test/math.test.js › math > clamps (fails on purpose) (test/math.test.js:15)');
    expect(r.range).toEqual({ min: -10, max: 9 });
    expect(r.normalized).toBe(61.8);
    expect(r.stabilizedScore).toBe(round2(1.75 * Math.sqrt(7 / 10)));
    expect(r.inputsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('the original rubric, rule by rule', () => {
  it('no inputs: nothing awarded, nothing penalised', () => {
    const r = scoreSession({});
    expect(r.score).toBe(0);
    expect(r.decision).toBe('REQUEST_CHANGES');
    expect(r.breakdown.every((l) => l.points === 0)).toBe(true);
    expect(r.evaluated).toEqual({ tests: false, coverage: false, changedLines: false, findings: false, diff: false, prText: false });
  });

  it('a critical security finding caps the score at −3 with a traceable security_blocker line', () => {
    const inputs: ScoringInputs = {
      diff: diff(file('src/a.ts', ['const x = 1;']), { ...file('test/a.test.ts', ['expect(x).toBe(1);'], 'added') }, file('docs/adr/001.md', ['# decision'])),
      prText: { title: 'fix bug', body: '' },
      changedLineCoverage: { covered: 9, total: 10, pct: 90 },
      findings: [finding('critical')],
    };
    const r = scoreSession(inputs);
    expect(r.score).toBe(-3);
    const blocker = r.breakdown.find((l) => l.category === 'security_blocker');
    expect(blocker?.evidence).toEqual(['sec/rule@src/a.ts:1']);
    expect(sum(r)).toBe(-3);
    expect(r.decision).toBe('REQUEST_CHANGES'); // −3 is not below −3
    const worse = scoreSession({ ...inputs, tests: tests(2) });
    // tests 2.5 + bug_fix 2 + docs 1 + security −3 + failing_ci −4 = −1.5, capped to −3
    expect(worse.categories).toMatchObject({ tests: 2.5, bug_fix: 2, docs: 1, security: -3, failing_ci: -4, security_blocker: -1.5 });
    expect(worse.score).toBe(-3);
    expect(worse.decision).toBe('REQUEST_CHANGES');
    const strict = scoreSession(inputs, resolveRubric({ decision: { block_on_critical: true } }));
    expect(strict.decision).toBe('BLOCK');
    expect(strict.decisionReason).toMatch(/critical security finding/);
    const bad = scoreSession({ ...inputs, tests: tests(2), prText: { title: 'chore', body: '' } });
    expect(bad.score).toBe(-3.5); // no bug_fix points: below the cap already, no blocker line
    expect(bad.decision).toBe('BLOCK');
    expect(bad.decisionReason).toMatch(/^−3.5 is below −3, the BLOCK band; taken off: failing_ci −4 .*\(with critical issues: a critical security finding\)$/);
  });

  it('severity points: high −2, medium −1 (−2 in a sensitive path), low 0; findings outside the change do not count', () => {
    const d = diff(file('src/db/q.ts', ['x']));
    const pts = (f: Finding[]) => scoreSession({ diff: d, findings: f }).categories.security;
    expect(pts([finding('high', 'src/db/q.ts')])).toBe(-2);
    expect(pts([finding('medium', 'src/db/q.ts')])).toBe(-2);
    expect(pts([finding('medium', 'lib/other.ts')])).toBe(1);
    expect(pts([finding('low', 'src/db/q.ts')])).toBe(0);
    expect(scoreSession({ diff: diff(file('src/x.ts', ['y'])), findings: [finding('medium', 'src/x.ts')] }).categories.security).toBe(-1);
    // not security-related (plain lint rule, no security-severity): ignored by the category
    expect(pts([finding('high', 'src/db/q.ts', { ruleId: 'no-unused-vars', tags: [] })])).toBe(1);
    // no diff: every security finding counts (nothing to filter with)
    expect(scoreSession({ findings: [finding('high', 'anywhere.ts')] }).categories.security).toBe(-2);
  });

  it('failing_ci and missing_tests exclude each other; regression is applied', () => {
    const src = diff(file('src/a.ts', ['a', 'b']));
    const low = { covered: 1, total: 10, pct: 10 };
    expect(scoreSession({ diff: src, changedLineCoverage: low }).categories).toMatchObject({ missing_tests: -2, failing_ci: 0 });
    expect(scoreSession({ diff: src, changedLineCoverage: low, tests: tests(1) }).categories).toMatchObject({ missing_tests: 0, failing_ci: -4 });
    expect(scoreSession({ diff: src, coverage: { format: 'lcov', files: 1, lines: { covered: 1, total: 10, pct: 10 } } }).categories.missing_tests).toBe(-2);
    // no coverage report at all: no penalty (the original's "may be a workflow issue")
    expect(scoreSession({ diff: src }).categories.missing_tests).toBe(0);
    const reg = scoreSession({ coverage: { format: 'lcov', files: 1, lines: { covered: 70, total: 100, pct: 70 } }, session: { baseline: { linesPct: 80 } } });
    expect(reg.categories.regression).toBe(-3);
    expect(reg.breakdown.find((l) => l.category === 'regression')?.reason).toBe('line coverage fell from 80% to 70%');
    const deletedTests = scoreSession({ diff: diff(file('src/a.ts', ['x']), { ...file('test/a.test.ts', []), status: 'deleted' }) });
    expect(deletedTests.categories.regression).toBe(-3);
  });

  it('bug_fix terms match whole words only (the original matched substrings)', () => {
    const bf = (title: string) => scoreSession({ prText: { title, body: '' } }).categories.bug_fix;
    expect(bf('prefix the fixture loader')).toBe(0);
    expect(bf('Fixes #12: crash on empty input')).toBe(1);
    expect(bf('fix(parser): handle CRLF')).toBe(1);
  });

  it('performance: ≥ 3 code lines with a term earn the weight, 1–2 earn floor(weight / 2) = 0, comments do not count', () => {
    const perf = (lines: string[]) => scoreSession({ diff: diff(file('src/a.ts', lines)) }).categories.performance;
    expect(perf(['const c = cache.get(k);', 'memoize(f);', 'debounce(g, 10);'])).toBe(1);
    expect(perf(['const c = cache.get(k);', '// optimize later', '# cache'])).toBe(0);
    expect(scoreSession({ diff: diff(file('bench/parse.bench.ts', ['bench()'])) }).categories.performance).toBe(1);
  });

  it('docs: decision records full, many lines full, a small change partial', () => {
    const docs = (path: string, n: number) => scoreSession({ diff: diff(file(path, Array(n).fill('text'))) }).categories.docs;
    expect(docs('docs/adr/0001-state.md', 1)).toBe(1);
    expect(docs('CHANGELOG.md', 1)).toBe(1);
    expect(docs('README.md', 12)).toBe(1);
    expect(docs('README.md', 2)).toBe(0.25);
  });

  it('tests are capped at their weight with a visible cap line', () => {
    const t = file('test/e2e/auth.e2e.test.ts', ['expect(login()).toBe(true);'], 'added');
    const r = scoreSession({ diff: diff(t), changedLineCoverage: { covered: 10, total: 10, pct: 100 } });
    expect(r.categories.tests).toBe(3);
    expect(r.breakdown.filter((l) => l.category === 'tests').map((l) => l.points)).toEqual([1, 1, 0.5, 0.5, 0.5, -0.5]);
  });

  it('a weight of 0 disables a category; bands and stabilisation follow the rubric', () => {
    const rubric = resolveRubric({ weights: { bug_fix: 0 }, decision: { approve_above: 0.5 }, stabilization: { reference_files: 1 } });
    const r = scoreSession({ prText: { title: 'fix', body: '' }, findings: [] }, rubric);
    expect(r.categories.bug_fix).toBe(0);
    expect(r.score).toBe(1);
    expect(r.decision).toBe('APPROVE');
    expect(r.stabilizedScore).toBe(1);
  });
});

// ---- property tests ---------------------------------------------------------------------------

const paths = ['src/a.ts', 'src/db/b.ts', 'test/a.test.ts', 'test/e2e/x.e2e.ts', 'docs/guide.md', 'docs/adr/1.md', 'bench/x.bench.ts', 'package.json', 'SECURITY.md'];
const words = ['expect(x)', 'cache', 'memoize', 'sanitize', 'auth', 'fix', 'const a = 1', '// optimize', 'plain'];
const arbFile: fc.Arbitrary<DiffFile> = fc.record({
  path: fc.constantFrom(...paths),
  status: fc.constantFrom<DiffFile['status'][]>('added', 'modified', 'deleted', 'renamed'),
  text: fc.array(fc.constantFrom(...words), { maxLength: 6 }),
}).map(({ path, status, text }) => ({ ...file(path, status === 'deleted' ? [] : text, status) }));
const arbRatio = fc.option(fc.tuple(fc.nat(100), fc.nat(100)).map(([a, b]) => {
  const total = Math.max(a, b);
  const covered = Math.min(a, b);
  return { covered, total, pct: total === 0 ? null : round2((covered / total) * 100) };
}), { nil: undefined });
const arbFinding: fc.Arbitrary<Finding> = fc.record({
  severity: fc.constantFrom<Severity[]>('critical', 'high', 'medium', 'low', 'info'),
  path: fc.constantFrom(...paths, 'elsewhere.ts'),
  security: fc.boolean(),
}).map(({ severity, path, security }) => finding(severity, path, security ? {} : { ruleId: 'style', tags: [] }));
const arbInputs: fc.Arbitrary<ScoringInputs> = fc.record(
  {
    tests: fc.tuple(fc.nat(50), fc.nat(5), fc.nat(5)).map(([p, f, e]) => ({ ...tests(0), total: p + f + e, passed: p, failed: f, errored: e })),
    coverage: arbRatio.map((r) => (r === undefined ? { format: 'lcov' as const, files: 0, lines: { covered: 0, total: 0, pct: null } } : { format: 'lcov' as const, files: 1, lines: r })),
    changedLineCoverage: arbRatio.map((r) => r ?? { covered: 0, total: 0, pct: null }),
    findings: fc.array(arbFinding, { maxLength: 6 }),
    diff: fc.array(arbFile, { maxLength: 6 }).map((fs) => diff(...fs)),
    prText: fc.record({ title: fc.constantFrom('fix: x', 'feat: y', 'chore', ''), body: fc.constantFrom('', 'resolves #1', 'prefix') }),
    session: fc.record({ baseline: fc.record({ linesPct: fc.integer({ min: 0, max: 100 }), testsTotal: fc.nat(60) }, { requiredKeys: [] }) }),
  },
  { requiredKeys: [] },
);
const arbRubric: fc.Arbitrary<Rubric> = fc
  .record({
    weights: fc.record({ tests: fc.integer({ min: 0, max: 6 }), bug_fix: fc.integer({ min: 0, max: 4 }), docs: fc.constantFrom(0, 0.5, 1, 2), performance: fc.integer({ min: 0, max: 3 }), security: fc.integer({ min: 0, max: 4 }) }),
    penalties: fc.record({ failing_ci: fc.integer({ min: -8, max: 0 }), missing_tests: fc.integer({ min: -4, max: 0 }), regression: fc.integer({ min: -5, max: 0 }) }),
  })
  .map((r) => resolveRubric(r));

describe('properties', () => {
  it('the breakdown sums to the score; the score lies in the rubric range; normalized in 0–100; decision follows the bands', () => {
    fc.assert(
      fc.property(arbInputs, fc.oneof(fc.constant(DEFAULT_RUBRIC), arbRubric), (inputs, rubric) => {
        const r = scoreSession(inputs, rubric);
        expect(sum(r)).toBe(r.score);
        for (const l of r.breakdown) expect(Number.isFinite(l.points)).toBe(true);
        const { min, max } = scoreRange(rubric);
        expect(r.score).toBeGreaterThanOrEqual(min);
        expect(r.score).toBeLessThanOrEqual(max);
        expect(r.normalized).toBeGreaterThanOrEqual(0);
        expect(r.normalized).toBeLessThanOrEqual(100);
        const expected = r.score < rubric.decision.block_below ? 'BLOCK' : r.score <= rubric.decision.approve_above ? 'REQUEST_CHANGES' : 'APPROVE';
        expect(r.decision).toBe(expected);
        const cats = Object.values(r.categories).reduce((s, v) => s + v, 0);
        expect(round2(cats)).toBe(r.score);
      }),
      { numRuns: 300 },
    );
  });

  it('a critical security finding in scope always caps the score', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const withCritical: ScoringInputs = { ...inputs, diff: diff(file('src/a.ts', ['x'])), findings: [finding('critical', 'src/a.ts')] };
        expect(scoreSession(withCritical).score).toBeLessThanOrEqual(DEFAULT_RUBRIC.security.blocker_cap);
      }),
      { numRuns: 100 },
    );
  });

  it('is pure: same inputs, same result and digest; the digest ignores key order', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const a = scoreSession(inputs);
        const b = scoreSession(structuredClone(inputs));
        expect(b).toEqual(a);
        const reordered = Object.fromEntries(Object.entries(inputs).reverse()) as ScoringInputs;
        expect(scoreSession(reordered).inputsDigest).toBe(a.inputsDigest);
      }),
      { numRuns: 100 },
    );
  });
});

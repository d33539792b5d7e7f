// One story wherever a score appears: the sticky comment, the check run (title, summary,
// annotations), the job summary and reward.json carry the same figures, state the scale and the
// bands, and every blocking finding is explained by a breakdown line.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationsFor, blockingItems, checkSummary, checkTitle, commentBody, headline, rewardDocument, scaleLine, scoredSummary, statusTitle, type RenderContext } from '../../packages/core/src/app/reward/render.js';
import type { RewardScore, RewardTarget } from '../../packages/core/src/app/reward/types.js';
import { collectInputs, DEFAULT_RUBRIC, scoreSession, type CoverageSummary, type Finding, type ScoringInputs, type Severity, type TestFailure, type TestSummary } from '@auto-pr-sessions/scoring';
import type { DiffFile, ParsedDiff } from '../../packages/scoring/src/diff.js';
import { fixture } from './helpers.js';

const target: RewardTarget = {
  sessionId: 's-1',
  streamKey: 'b-main',
  headSha: 'a'.repeat(40),
  prNumbers: [7],
  branches: ['feature'],
  authors: ['octo'],
  pushes: 3,
  firstActivity: '2025-11-20T10:00:00Z',
  lastActivity: '2025-11-20T11:00:00Z',
  completion: { trigger: 'marker', detail: 'done' },
  titles: ['fix: cache'],
  commitMessages: ['fix: cache'],
};

function render(inputs: ScoringInputs): { ctx: RenderContext; views: Record<'comment' | 'title' | 'check' | 'summary', string>; doc: Record<string, unknown> } {
  const builtin = scoreSession(inputs, DEFAULT_RUBRIC);
  const score: RewardScore = { scorer: 'builtin', score: builtin.score, normalized: builtin.normalized, decision: builtin.decision, decisionReason: builtin.decisionReason, breakdown: builtin.breakdown, builtin };
  const ctx: RenderContext = { target, score, pulls: [], blocking: blockingItems(inputs, '/work/app', DEFAULT_RUBRIC), traceId: 't'.repeat(32), scoredAt: '2025-11-20T12:00:00Z', runUrl: '', reports: [] };
  return {
    ctx,
    views: { comment: commentBody('<!-- m -->', ctx), title: checkTitle(score), check: checkSummary(ctx), summary: scoredSummary(ctx, []) },
    doc: rewardDocument(ctx, { repository: 'o/r', runId: '1', runAttempt: '1', rubric: null }),
  };
}

// Markdown escaping turns "." and "(" into "\." etc.; compare on unescaped text.
const plain = (md: string): string => md.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');

const paths = ['src/a.ts', 'src/db/b.ts', 'test/a.test.ts', 'elsewhere/c.ts'];
const arbFinding: fc.Arbitrary<Finding> = fc
  .record({ severity: fc.constantFrom<Severity[]>('critical', 'high', 'medium', 'low'), file: fc.constantFrom(...paths), security: fc.boolean(), line: fc.integer({ min: 1, max: 99 }) })
  .map(({ severity, file, security, line }) => ({ tool: security ? 'Semgrep' : 'ESLint', ruleId: security ? 'sec/injection' : 'no-eval', severity, level: 'error', tags: security ? ['security'] : [], message: 'm', file, line }));
const diffFile = (path: string): DiffFile => ({ path, status: 'modified', kind: 'source', binary: false, additions: 1, deletions: 0, hunks: [], addedLines: [1], addedText: ['x'] });
function testSummary(p: number, f: number, e: number, s: number, flaky: number): TestSummary {
  const failures: TestFailure[] = [];
  for (let i = 0; i < f + e; i += 1) failures.push({ suite: 'suite', name: `t${i}`, kind: i < f ? 'failure' : 'error', message: 'boom', file: 'test/a.test.ts', line: i + 1 });
  return { total: p + f + e + s, passed: p, failed: f, errored: e, skipped: s, flaky: Math.min(flaky, p), durationSec: 1, failures, failuresTruncated: false };
}
function coverageSummary(a: number, b: number): CoverageSummary {
  const total = Math.max(a, b);
  const covered = Math.min(a, b);
  return { format: 'lcov', files: 1, lines: { covered, total, pct: total === 0 ? null : Math.round((covered / total) * 10000) / 100 } };
}
function parsedDiff(ps: readonly string[]): ParsedDiff {
  return { files: ps.map(diffFile), additions: ps.length, deletions: 0, addedTextTruncated: false };
}
const arbTests: fc.Arbitrary<TestSummary> = fc.tuple(fc.nat(30), fc.nat(3), fc.nat(2), fc.nat(3), fc.nat(2)).map(([p, f, e, s, flaky]) => testSummary(p, f, e, s, flaky));
const arbCoverage: fc.Arbitrary<CoverageSummary> = fc.tuple(fc.nat(50), fc.nat(50)).map(([a, b]) => coverageSummary(a, b));
const arbDiff: fc.Arbitrary<ParsedDiff> = fc.subarray(paths.slice(0, 3)).map(parsedDiff);
const arbInputs: fc.Arbitrary<ScoringInputs> = fc
  .tuple(fc.option(arbTests, { nil: undefined }), fc.option(fc.array(arbFinding, { maxLength: 5 }), { nil: undefined }), fc.option(arbDiff, { nil: undefined }), fc.option(arbCoverage, { nil: undefined }))
  .map(([tests, findings, diff, coverage]) => {
    const inputs: ScoringInputs = {};
    if (tests) inputs.tests = tests;
    if (findings) inputs.findings = findings;
    if (diff) inputs.diff = diff;
    if (coverage) inputs.coverage = coverage;
    return inputs;
  });

describe('every view of a score tells the same story', () => {
  it('property: comment, check run, job summary and reward.json carry the same score, decision, scale, bands and test counts', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const { ctx, views, doc } = render(inputs);
        const s = ctx.score;
        const head = headline(s);
        for (const [name, text] of Object.entries(views)) expect(plain(text), name).toContain(head);
        for (const name of ['comment', 'check', 'summary'] as const) {
          const text = plain(views[name]);
          expect(text, name).toContain(scaleLine(s));
          expect(text, name).toContain(s.decisionReason.slice(0, 200));
          if (inputs.tests !== undefined && inputs.tests.total > 0) {
            const t = inputs.tests;
            expect(text, name).toContain(`${t.total} total, ${t.passed} passed, ${t.failed} failed, ${t.errored} errored, ${t.skipped} skipped`);
          }
        }
        expect(doc).toMatchObject({ score: s.score, normalized: s.normalized, decision: s.decision, decisionReason: s.decisionReason, scale: s.builtin.range, bands: s.builtin.bands, tests: s.builtin.tests });
        // The figures in the text are the document's.
        expect(head).toContain(`(${String(doc['normalized'])}/100)`);
        expect(head).toContain(String(doc['decision']));
      }),
      { numRuns: 200 },
    );
  });

  it('property: every blocking item is explained by the breakdown and listed in every view', () => {
    fc.assert(
      fc.property(arbInputs, (inputs) => {
        const { ctx, views } = render(inputs);
        const b = ctx.score.builtin;
        for (const item of ctx.blocking) {
          if (item.counted === 'failing_ci') expect(b.categories.failing_ci).toBeLessThan(0);
          else if (item.counted === 'security') expect(b.breakdown.some((l) => l.category === 'security' && l.points < 0)).toBe(true);
          else {
            // A finding shown but not scored has a 0-point line saying why, naming it.
            const why = item.counted === 'not-security' ? 'not security rules|not a security rule' : 'outside the changed files';
            const l = b.breakdown.find((x) => x.points === 0 && new RegExp(why).test(x.reason));
            expect(l, `${item.title} ${item.counted}`).toBeDefined();
            expect(l?.evidence.some((e) => e.includes(`@${item.file}:${item.line}`) || e.startsWith('…'))).toBe(true);
          }
        }
        const shown = ctx.blocking.slice(0, 20);
        for (const name of ['comment', 'check', 'summary'] as const) for (const item of shown) expect(plain(views[name]), name).toContain(item.title);
        // Only what lowers the score fails the check run.
        const levels = annotationsFor(ctx.blocking).map((a) => a.annotation_level);
        const expected = ctx.blocking.filter((i) => i.file !== undefined).map((i): string => (i.counted === 'failing_ci' || i.counted === 'security' ? 'failure' : 'warning'));
        expect(levels).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('the sample change: the high ESLint finding is "shown to fix, not scored", in the table and in the breakdown', async () => {
    const inputs = await collectInputs({ junit: [fixture('vitest/junit.xml')], lcov: fixture('vitest/lcov.info'), sarif: [fixture('eslint/eslint.sarif')], diff: fixture('git/git-diff.patch') }, { workspace: '/work/app' });
    const { views, ctx } = render(inputs);
    const comment = plain(views.comment);
    if (process.env['DUMP']) (await import('node:fs')).writeFileSync('.tmp/comment.md', views.comment);
    expect(comment).toContain('**Blocking findings (they lower the score)**');
    expect(comment).toMatch(/\| failure \| test\/math\.test\.js › math > clamps \(fails on purpose\) \| test\/math\.test\.js:15 \| failing_ci −4 \|/);
    expect(comment).toContain('**Other high-severity findings (shown to fix, not scored)**');
    expect(comment).toMatch(/\| high \| ESLint no-eval \| src\/cache\.js:33 \| not scored: not a security rule \|/);
    // (escapeMarkdown puts a zero-width space after "@" so that no one is mentioned)
    expect(comment).toMatch(/\| security \| 0 \| 1 high-severity finding in the change comes from a rule that is not a security rule: shown to fix, not scored \[ESLint no-eval@\u200b?src\/cache\.js:33\] \|/);
    // Repository paths, not the tool machine's absolute paths with the leading "/" cut.
    expect(comment).not.toContain('tmp/auto-pr-sessions-sample');
    expect(ctx.score.decisionReason).toBe('−0.25 is in the REQUEST_CHANGES band (−3 to +3); APPROVE needs more than +3; taken off: failing_ci −4 (2 failed and 0 errored of 10 tests)');
    expect(comment).toContain('Scale −10 to +9 (shown as 0–100: 51.3/100). Bands: BLOCK below −3 · REQUEST_CHANGES −3 to +3 · APPROVE above +3.');
  });

  it('a run that scored nothing is not headed "Reward score: not-due"', () => {
    expect(statusTitle('not-due')).toBe('Reward scoring: nothing to score yet');
    for (const st of ['not-due', 'claimed-by-other', 'already-scored', 'failed'] as const) expect(statusTitle(st)).not.toMatch(/Reward score:|not-due|claimed-by-other|already-scored/);
  });
});

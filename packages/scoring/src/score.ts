/**
 * scoreSession: a pure function from inputs and rubric to a score whose every point is a
 * breakdown line. Reading of the original (original-system.md §7), decision by decision:
 * - total = sum of the categories and penalties; every line is kept, so the total is the sum of
 *   the breakdown by construction (tested, including by property tests);
 * - "If CI reports critical security issue, auto set score ≤ −3": a critical security finding in
 *   scope adds a `security_blocker` line that brings the total down to blocker_cap when it is
 *   above it;
 * - decision bands on the score: < −3 BLOCK, ≤ 3 REQUEST_CHANGES, else APPROVE (the reason names
 *   the band, what the next band needs and the largest deductions); so a critical
 *   finding alone (score capped to exactly −3) is REQUEST_CHANGES, as in the original, unless
 *   the rubric sets decision.block_on_critical;
 * - the "stabilised score" is the original's `score × sqrt(max(files, 1) / 10)`, stored beside
 *   the score for analytics and not used for the decision (as in the original);
 * - normalized: the score mapped linearly onto 0–100 over the range the rubric can reach (the
 *   original's normalize_score was a placeholder).
 */
import { buildContext, line, round2 } from './categories/context.js';
import { scoreBugFix } from './categories/bug-fix.js';
import { scoreDocs } from './categories/docs.js';
import { scorePenalties } from './categories/penalties.js';
import { scorePerformance } from './categories/performance.js';
import { securityFindingsInScope, scoreSecurity } from './categories/security.js';
import { scoreTests } from './categories/tests.js';
import { ratio } from './coverage.js';
import { digestOf } from './digest.js';
import { DEFAULT_RUBRIC } from './rubric-default.js';
import type { Rubric } from './rubric-types.js';
import { SEVERITIES, type Severity } from './sarif.js';
import type { BreakdownCategory, BreakdownLine, DecisionBands, ScoreDecision, ScoreResult, ScoringInputs } from './types.js';

/** The lowest and highest score the rubric can give. */
export function scoreRange(rubric: Rubric): { min: number; max: number } {
  const { weights: w, tests, security: s, penalties: p } = rubric;
  const testsMax = Math.min(w.tests, Object.values(tests.points).reduce((a, b) => a + b, 0));
  const securityMax = Math.min(w.security, s.clean_points + s.improvement_points + s.docs_points);
  const max = testsMax + w.bug_fix + w.docs + w.performance + securityMax;
  const sp = s.severity_points;
  const securityMin = Math.min(sp.critical, sp.high, sp.medium + s.sensitive_extra, sp.low, sp.info, 0);
  const min = Math.min(Math.min(p.failing_ci, p.missing_tests, 0) + Math.min(p.regression, 0) + securityMin, s.blocker_cap);
  return { min: round2(min), max: round2(max) };
}

export function normalizeScore(score: number, range: { min: number; max: number }): number {
  if (range.max <= range.min) return 50;
  const n = ((score - range.min) / (range.max - range.min)) * 100;
  return Math.round(Math.min(100, Math.max(0, n)) * 10) / 10;
}

export function bandsOf(rubric: Rubric): DecisionBands {
  return { blockBelow: rubric.decision.block_below, approveAbove: rubric.decision.approve_above, blockOnCritical: rubric.decision.block_on_critical };
}

/** A score as people write it: +4, −3, 0 (a real minus sign, two decimals at most). */
export function signedScore(n: number): string {
  const v = round2(n) + 0;
  return v > 0 ? `+${v}` : v < 0 ? `−${Math.abs(v)}` : '0';
}

/** "BLOCK below −3 · REQUEST_CHANGES −3 to +3 · APPROVE above +3" */
export function bandsText(b: DecisionBands): string {
  return `BLOCK below ${signedScore(b.blockBelow)} · REQUEST_CHANGES ${signedScore(b.blockBelow)} to ${signedScore(b.approveAbove)} · APPROVE above ${signedScore(b.approveAbove)}`;
}

/**
 * The decision for a score and a sentence a person understands: which band the score is in, what
 * the next band needs, and (below APPROVE) the deductions that pulled it down.
 */
export function decisionFromBands(score: number, bands: DecisionBands, deductions: readonly { category: string; points: number; reason: string }[] = []): { decision: ScoreDecision; reason: string } {
  const s = signedScore(score);
  const worst = [...deductions].filter((l) => l.points < 0).sort((a, b) => a.points - b.points).slice(0, 3);
  const pulled = worst.length > 0 ? `; taken off: ${worst.map((l) => `${l.category} ${signedScore(l.points)} (${l.reason})`).join(', ')}` : '';
  if (score < bands.blockBelow) return { decision: 'BLOCK', reason: `${s} is below ${signedScore(bands.blockBelow)}, the BLOCK band${pulled}` };
  if (score <= bands.approveAbove) {
    return { decision: 'REQUEST_CHANGES', reason: `${s} is in the REQUEST_CHANGES band (${signedScore(bands.blockBelow)} to ${signedScore(bands.approveAbove)}); APPROVE needs more than ${signedScore(bands.approveAbove)}${pulled}` };
  }
  return { decision: 'APPROVE', reason: `${s} is above ${signedScore(bands.approveAbove)}, the APPROVE band (a person still reviews the change)` };
}

function decide(score: number, rubric: Rubric, breakdown: readonly BreakdownLine[], critical: boolean): { decision: ScoreDecision; reason: string } {
  if (critical && rubric.decision.block_on_critical) {
    return { decision: 'BLOCK', reason: `a critical security finding is in the change, and the rubric blocks on one (decision.block_on_critical); the score is ${signedScore(score)}` };
  }
  const d = decisionFromBands(score, bandsOf(rubric), breakdown);
  if (d.decision === 'BLOCK' && critical) d.reason += ' (with critical issues: a critical security finding)';
  return d;
}

export function scoreSession(inputs: ScoringInputs, rubric: Rubric = DEFAULT_RUBRIC): ScoreResult {
  const ctx = buildContext(inputs, rubric);
  const breakdown: BreakdownLine[] = [...scoreTests(ctx), ...scoreBugFix(ctx), ...scoreDocs(ctx), ...scorePerformance(ctx), ...scoreSecurity(ctx), ...scorePenalties(ctx)];
  let total = round2(breakdown.reduce((s, l) => s + l.points, 0));
  const inScope = inputs.findings === undefined ? [] : securityFindingsInScope(ctx);
  const critical = inScope.filter((f) => f.severity === 'critical');
  if (critical.length > 0 && total > rubric.security.blocker_cap) {
    breakdown.push(
      line('security_blocker', rubric.security.blocker_cap - total, `a critical security finding caps the score at ${rubric.security.blocker_cap}`, critical.map((f) => `${f.ruleId}@${f.file ?? '?'}${f.line === undefined ? '' : `:${f.line}`}`)),
    );
    total = round2(breakdown.reduce((s, l) => s + l.points, 0));
  }
  const score = total + 0; // + 0 turns -0 into 0
  const categories = {} as Record<BreakdownCategory, number>;
  for (const key of ['tests', 'bug_fix', 'docs', 'performance', 'security', 'failing_ci', 'missing_tests', 'regression', 'security_blocker'] as const) {
    categories[key] = round2(breakdown.filter((l) => l.category === key).reduce((s, l) => s + l.points, 0)) + 0;
  }
  const range = scoreRange(rubric);
  const files = inputs.diff?.files.length ?? 0;
  const stabilizedScore = round2(score * Math.sqrt(Math.max(files, 1) / rubric.stabilization.reference_files)) + 0;
  const { decision, reason } = decide(score, rubric, breakdown, critical.length > 0);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of inputs.findings ?? []) bySeverity[f.severity] += 1;
  const t = inputs.tests;
  const changed = inputs.changedLineCoverage;
  const coverage: ScoreResult['coverage'] = {
    lines: inputs.coverage?.lines ?? ratio(0, 0),
    changedLines: changed === undefined ? ratio(0, 0) : { covered: changed.covered, total: changed.total, pct: changed.pct },
  };
  if (inputs.coverage?.branches !== undefined) coverage.branches = inputs.coverage.branches;
  return {
    score,
    stabilizedScore,
    normalized: normalizeScore(score, range),
    range,
    bands: bandsOf(rubric),
    decision,
    decisionReason: reason,
    breakdown,
    categories,
    tests: { total: t?.total ?? 0, passed: t?.passed ?? 0, failed: t?.failed ?? 0, errored: t?.errored ?? 0, skipped: t?.skipped ?? 0, flaky: t?.flaky ?? 0, durationSec: t?.durationSec ?? 0 },
    coverage,
    findings: { total: inputs.findings?.length ?? 0, bySeverity, securityInScope: inScope.length },
    evaluated: {
      tests: t !== undefined,
      coverage: inputs.coverage !== undefined,
      changedLines: changed !== undefined,
      findings: inputs.findings !== undefined,
      diff: inputs.diff !== undefined,
      prText: inputs.prText !== undefined,
    },
    inputsDigest: digestOf(inputs),
    rubricDigest: digestOf(rubric),
  };
}

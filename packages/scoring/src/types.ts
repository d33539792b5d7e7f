/** Inputs and outputs of the scorer. Inputs are plain JSON data, so they can be stored and digested. */
import type { CoverageSummary, Ratio } from './coverage.js';
import type { ChangedLineCoverage } from './changed-lines.js';
import type { ParsedDiff } from './diff.js';
import type { TestSummary } from './junit.js';
import type { Finding, Severity } from './sarif.js';
import type { Category, Penalty } from './rubric-types.js';

export interface PrText {
  title: string;
  body: string;
}

/** What is known about the session being scored, and its baseline (the base branch's figures). */
export interface SessionContext {
  id?: string;
  prNumbers?: number[];
  pushes?: number;
  baseline?: {
    /** Line coverage % of the base. */
    linesPct?: number;
    /** Number of tests of the base. */
    testsTotal?: number;
  };
}

export interface ScoringInputs {
  tests?: TestSummary;
  coverage?: CoverageSummary;
  changedLineCoverage?: ChangedLineCoverage | Ratio;
  /** Findings after suppressions and baselines were applied (see parseSarif). */
  findings?: Finding[];
  diff?: ParsedDiff;
  prText?: PrText;
  session?: SessionContext;
}

export type BreakdownCategory = Category | Penalty | 'security_blocker';

/** One traceable contribution to the score. Lines with 0 points explain what was not awarded. */
export interface BreakdownLine {
  category: BreakdownCategory;
  points: number;
  reason: string;
  /** Paths, test names, rule ids, figures: what the reason was read from (at most 10). */
  evidence: string[];
}

/** The rubric's decision bands, as every view of a score states them. */
export interface DecisionBands {
  /** BLOCK below this score. */
  blockBelow: number;
  /** APPROVE above this score; REQUEST_CHANGES from blockBelow up to it. */
  approveAbove: number;
  blockOnCritical: boolean;
}

export type ScoreDecision = 'APPROVE' | 'REQUEST_CHANGES' | 'BLOCK';

export interface ScoreResult {
  /** Sum of the breakdown points (two decimals). */
  score: number;
  /** The original's stabilised score: score × sqrt(max(files, 1) / reference_files). Informational. */
  stabilizedScore: number;
  /** The score mapped onto 0–100 over the rubric's reachable range. */
  normalized: number;
  range: { min: number; max: number };
  /** The rubric's decision bands (BLOCK below blockBelow, APPROVE above approveAbove). */
  bands: DecisionBands;
  decision: ScoreDecision;
  decisionReason: string;
  breakdown: BreakdownLine[];
  /** Points per category (sums of the breakdown). */
  categories: Record<BreakdownCategory, number>;
  tests: { total: number; passed: number; failed: number; errored: number; skipped: number; flaky: number; durationSec: number };
  coverage: { lines: Ratio; changedLines: Ratio; branches?: Ratio };
  findings: { total: number; bySeverity: Record<Severity, number>; securityInScope: number };
  /** Which inputs were present: a score without tests is not a score with passing tests. */
  evaluated: { tests: boolean; coverage: boolean; changedLines: boolean; findings: boolean; diff: boolean; prText: boolean };
  /** sha256 of the canonical JSON of the inputs and of the rubric. */
  inputsDigest: string;
  rubricDigest: string;
}

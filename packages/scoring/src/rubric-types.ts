/**
 * The rubric: what each category is worth and how it is found. Keys are snake_case because they
 * are the YAML keys users write (and the original's category names: bug_fix, failing_ci, …).
 */

export const CATEGORIES = ['tests', 'bug_fix', 'docs', 'performance', 'security'] as const;
export type Category = (typeof CATEGORIES)[number];
export const PENALTIES = ['failing_ci', 'missing_tests', 'regression'] as const;
export type Penalty = (typeof PENALTIES)[number];

export interface Rubric {
  version: 1;
  /** Full value (and cap) of each positive category; 0 disables it. */
  weights: Record<Category, number>;
  /** Points (≤ 0) of each penalty. failing_ci and missing_tests exclude each other. */
  penalties: Record<Penalty, number>;
  penalty_rules: {
    /** missing_tests applies when coverage of the new code (or overall) is below this. */
    missing_tests_below_pct: number;
    /** regression applies when line coverage fell by at least this many points vs the baseline. */
    regression_coverage_drop_pct: number;
  };
  decision: {
    /** score < block_below → BLOCK */
    block_below: number;
    /** score ≤ approve_above → REQUEST_CHANGES, above → APPROVE */
    approve_above: number;
    /**
     * BLOCK whenever a critical security finding is in scope. Off by default: the original only
     * capped the score at −3, which lands in REQUEST_CHANGES (−3 is not below −3).
     */
    block_on_critical: boolean;
  };
  stabilization: {
    /** stabilized = score × sqrt(max(files, 1) / reference_files) (the original's formula). */
    reference_files: number;
  };
  /** File classification globs (see classify.ts for the syntax and the defaults). */
  files: { test: string[]; doc: string[]; config: string[] };
  tests: {
    points: { test_files: number; changed_lines_covered: number; integration: number; quality: number; critical_modules: number };
    /** Changed-line coverage at or above this earns `changed_lines_covered`. */
    changed_lines_pct: number;
    /** …as does overall line coverage rising by this many points over the session baseline. */
    coverage_increase_pct: number;
    integration_paths: string[];
    quality_terms: string[];
    critical_module_terms: string[];
  };
  bug_fix: { terms: string[] };
  docs: {
    /** Doc changes of these paths earn the full weight regardless of size (decision records). */
    full_credit_paths: string[];
    /** Added doc lines that earn the full weight. */
    full_credit_lines: number;
    /** Points for a smaller doc change. */
    partial_points: number;
  };
  performance: { terms: string[]; test_paths: string[]; min_lines: number };
  security: {
    /** A critical finding caps the whole score at this value. */
    blocker_cap: number;
    /** Points for the worst finding in scope, by severity. */
    severity_points: { critical: number; high: number; medium: number; low: number; info: number };
    /** A medium finding in these paths costs `sensitive_extra` more (the original's tenant paths). */
    sensitive_paths: string[];
    sensitive_extra: number;
    /** With a diff, only findings in changed files count (repo-wide findings are not this change's). */
    changed_files_only: boolean;
    /** A finding is security-related if its rule id or tags contain one of these (or it has a security-severity). */
    relevance_terms: string[];
    clean_points: number;
    improvement_points: number;
    improvement_terms: string[];
    docs_points: number;
  };
}

/** A rubric file: every key optional; missing keys take the default (arrays replace, not merge). */
export type RubricInput = DeepPartial<Rubric>;
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

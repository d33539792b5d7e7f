/**
 * JSON Schema of a rubric file. This module is the source; packages/core/schema/rubric.schema.json
 * is generated from it (`UPDATE_SCHEMA=1 npx vitest run test/scoring/rubric-schema.test.ts`) and
 * a test fails when the two differ. Every key is optional: missing keys take DEFAULT_RUBRIC.
 */

type Schema = Record<string, unknown>;

const num = (description: string, extra: Schema = {}): Schema => ({ type: 'number', description, ...extra });
const nonPositive = (description: string): Schema => num(description, { maximum: 0 });
const nonNegative = (description: string): Schema => num(description, { minimum: 0 });
const pct = (description: string): Schema => num(description, { minimum: 0, maximum: 100 });
const strings = (description: string): Schema => ({
  type: 'array',
  description,
  items: { type: 'string', minLength: 1, maxLength: 200 },
  maxItems: 200,
});
const object = (description: string, properties: Record<string, Schema>): Schema => ({
  type: 'object',
  description,
  additionalProperties: false,
  properties,
});

export const RUBRIC_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://auto-pr-sessions.dev/schema/rubric.schema.json',
  title: 'Auto-PR Sessions reward rubric',
  ...object('Weights, penalties and detection rules of the built-in reward scorer. Every key is optional.', {
    version: { const: 1, description: 'Rubric format version; must be 1.' },
    weights: object('Full value (and cap) of each positive category; 0 disables it.', {
      tests: nonNegative('Tests added, covered, integration, quality (default 3).'),
      bug_fix: nonNegative('A described bug fix, more with a test (default 2).'),
      docs: nonNegative('Documentation changes (default 1).'),
      performance: nonNegative('Performance work or benchmarks (default 1).'),
      security: nonNegative('Positive cap of the security category (default 2); its negatives are not capped.'),
    }),
    penalties: object('Points of each penalty (0 or negative).', {
      failing_ci: nonPositive('Failing or erroring tests (default -4).'),
      missing_tests: nonPositive('New source code without tests or coverage (default -2).'),
      regression: nonPositive('Fewer tests or lower coverage than the baseline, or tests deleted (default -3).'),
    }),
    penalty_rules: object('Thresholds of the penalties.', {
      missing_tests_below_pct: pct('missing_tests applies below this coverage of the new code (default 20).'),
      regression_coverage_drop_pct: pct('regression applies when line coverage drops by this many points (default 2).'),
    }),
    decision: object('Decision bands.', {
      block_below: num('BLOCK when the score is below this (default -3).'),
      approve_above: num('APPROVE when the score is above this, else REQUEST_CHANGES (default 3).'),
      block_on_critical: { type: 'boolean', description: 'BLOCK whenever a critical security finding is in scope (default false: the original only capped the score at -3).' },
    }),
    stabilization: object('The stabilised score = score × sqrt(max(files, 1) / reference_files).', {
      reference_files: num('Number of changed files at which the stabilised score equals the score (default 10).', { exclusiveMinimum: 0 }),
    }),
    files: object('Globs that classify changed files (test before doc before config; the rest is source).', {
      test: strings('Test files.'),
      doc: strings('Documentation files.'),
      config: strings('Configuration files.'),
    }),
    tests: object('The tests category.', {
      points: object('Points of each signal (the category is capped at its weight).', {
        test_files: nonNegative('Test files added or changed (default 1).'),
        changed_lines_covered: nonNegative('The new code is covered (default 1).'),
        integration: nonNegative('Integration or end-to-end tests changed (default 0.5).'),
        quality: nonNegative('Added test code asserts or mocks (default 0.5).'),
        critical_modules: nonNegative('Tests touch critical modules (default 0.5).'),
      }),
      changed_lines_pct: pct('Changed-line coverage that counts as covered (default 80).'),
      coverage_increase_pct: pct('Or: overall line coverage rose this many points over the baseline (default 5).'),
      integration_paths: strings('Globs of integration/e2e tests.'),
      quality_terms: strings('Terms (whole words; trailing * = any ending) that show assertions or mocks.'),
      critical_module_terms: strings('Terms that mark critical modules in test paths or test code.'),
    }),
    bug_fix: object('The bug_fix category.', {
      terms: strings('Whole words in the PR title/body that announce a fix.'),
    }),
    docs: object('The docs category.', {
      full_credit_paths: strings('Globs of docs that earn the full weight (decision records, changelog).'),
      full_credit_lines: nonNegative('Added doc lines that earn the full weight (default 10).'),
      partial_points: nonNegative('Points for a smaller doc change (default 0.25).'),
    }),
    performance: object('The performance category.', {
      terms: strings('Terms in added code lines that signal performance work.'),
      test_paths: strings('Globs of benchmark or load tests.'),
      min_lines: nonNegative('Added code lines with a term that earn the full weight (default 3).'),
    }),
    security: object('The security category.', {
      blocker_cap: nonPositive('A critical finding caps the score at this (default -3).'),
      severity_points: object('Points of the worst finding in scope.', {
        critical: nonPositive('default -3'),
        high: nonPositive('default -2'),
        medium: nonPositive('default -1'),
        low: nonPositive('default 0'),
        info: nonPositive('default 0'),
      }),
      sensitive_paths: strings('Globs where a medium finding costs sensitive_extra more.'),
      sensitive_extra: nonPositive('default -1'),
      changed_files_only: { type: 'boolean', description: 'With a diff, count only findings in changed files (default true).' },
      relevance_terms: strings('Substrings of rule ids or tags that make a finding security-related.'),
      clean_points: nonNegative('No security finding in scope (default 1).'),
      improvement_points: nonNegative('Added code uses a hardening pattern (default 1).'),
      improvement_terms: strings('Hardening patterns (whole words; trailing * = any ending).'),
      docs_points: nonNegative('Security docs changed (default 1).'),
    }),
  }),
};

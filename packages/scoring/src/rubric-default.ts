/**
 * The default rubric: the original's numbers (weights tests 3, bug_fix 2, docs 1, performance 1,
 * security 2; penalties failing_ci −4, missing_tests −2, regression −3; critical security finding
 * caps the score at −3; BLOCK below −3, APPROVE above 3) and its detection lists, generalised
 * where the original hard-coded one repository's paths.
 */
import { DEFAULT_FILE_CLASSES } from './classify.js';
import type { Rubric } from './rubric-types.js';

export const DEFAULT_RUBRIC: Rubric = {
  version: 1,
  weights: { tests: 3, bug_fix: 2, docs: 1, performance: 1, security: 2 },
  penalties: { failing_ci: -4, missing_tests: -2, regression: -3 },
  penalty_rules: { missing_tests_below_pct: 20, regression_coverage_drop_pct: 2 },
  decision: { block_below: -3, approve_above: 3, block_on_critical: false },
  stabilization: { reference_files: 10 },
  files: { test: [...DEFAULT_FILE_CLASSES.test], doc: [...DEFAULT_FILE_CLASSES.doc], config: [...DEFAULT_FILE_CLASSES.config] },
  tests: {
    points: { test_files: 1, changed_lines_covered: 1, integration: 0.5, quality: 0.5, critical_modules: 0.5 },
    changed_lines_pct: 80,
    coverage_increase_pct: 5,
    integration_paths: ['**/e2e/**', '*.e2e.*', '**/integration/**', '*.integration.*', '*.int.test.*', '**/cypress/**', '*.cy.*', '**/playwright/**', '**/selenium/**'],
    quality_terms: ['expect(', 'assert*', 'should', 'toBe*', 'toEqual*', 'toThrow*', 'toMatch*', 'mock*', 'vi.fn', 'jest.fn', 'spyOn', 'sinon', '@patch', 'MagicMock', 'Mockito', 'verify(', 'assertThat'],
    critical_module_terms: ['auth', 'authentication', 'authorization', 'tenant', 'database', 'db', 'prisma', 'migration*', 'security', 'rls', 'middleware', 'guard*', 'interceptor*'],
  },
  bug_fix: {
    terms: ['bug', 'bugs', 'bugfix', 'fix', 'fixes', 'fixed', 'fixing', 'hotfix', 'error', 'errors', 'issue', 'issues', 'resolve', 'resolves', 'resolved', 'correct', 'corrects', 'corrected'],
  },
  docs: {
    full_credit_paths: ['**/adr/**', '**/adrs/**', '**/decisions/**', '*decision*.md', 'CHANGELOG*'],
    full_credit_lines: 10,
    partial_points: 0.25,
  },
  performance: {
    terms: ['performance', 'perf', 'optimize*', 'optimise*', 'optimization*', 'optimisation*', 'cache*', 'caching', 'memoize*', 'memoise*', 'memo', 'useMemo', 'useCallback', 'debounce*', 'throttle*', 'lazy', 'benchmark*'],
    test_paths: ['**/bench/**', '**/benchmark/**', '**/benchmarks/**', '*.bench.*', '*.perf.*', '**/perf/**', '**/performance/**', '**/load-tests/**', '*.load.*'],
    min_lines: 3,
  },
  security: {
    blocker_cap: -3,
    severity_points: { critical: -3, high: -2, medium: -1, low: 0, info: 0 },
    sensitive_paths: ['**/db/**', '**/migrations/**', '**/prisma/**', '**/auth/**', '**/security/**', '**/middleware/**'],
    sensitive_extra: -1,
    changed_files_only: true,
    relevance_terms: ['security', 'owasp', 'cwe', 'taint', 'secret', 'injection', 'crypto', 'xss', 'csrf', 'ssrf', 'jwt', 'vulnerab', 'cve-', 'sqli', 'prototype-pollution', 'insecure'],
    clean_points: 1,
    improvement_points: 1,
    improvement_terms: ['sanitize*', 'sanitise*', 'escapeHtml', 'csrf', 'content-security-policy', 'helmet', 'rls', 'row level security', 'rate limit*', 'ratelimit*', 'rateLimit*', 'bcrypt', 'argon2', 'scrypt', 'timingSafeEqual', 'parameterized', 'prepared statement*'],
    docs_points: 1,
  },
};

import { Command, CommanderError } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { fixture, tempDir } from './helpers.js';

// The command only uses the scoring API; the mock keeps this test independent of the rest of core.
vi.mock('@auto-pr-sessions/core', async () => await import('@auto-pr-sessions/scoring'));
const { registerScore, runScore } = await import('../../packages/cli/src/commands/score.js');

const base = { junit: [] as string[], sarif: [] as string[] };

async function capture(options: Parameters<typeof runScore>[0]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await runScore(options, (t) => {
      out += t;
    });
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

describe('auto-pr-sessions score', () => {
  it('--json prints one object with score, decision, breakdown, tests, coverage, findings', async () => {
    const { code, out } = await capture({ ...base, junit: [fixture('vitest/junit.xml')], lcov: fixture('vitest/lcov.info'), sarif: [fixture('eslint/eslint.sarif')], diff: fixture('git/git-diff.patch'), json: true });
    expect(code).toBe(0);
    const r = JSON.parse(out) as Record<string, unknown>;
    expect(r).toMatchObject({
      decision: 'REQUEST_CHANGES',
      tests: { total: 10, passed: 6, failed: 2, skipped: 2 },
      coverage: { lines: { covered: 17, total: 29, pct: 58.62 }, changedLines: { covered: 8, total: 19, pct: 42.11 } },
      findings: { total: 4, bySeverity: { high: 1, medium: 3 } },
    });
    expect(typeof r['score']).toBe('number');
    expect(typeof r['normalized']).toBe('number');
    expect(Array.isArray(r['breakdown'])).toBe(true);
  });

  it('without --json prints a readable table whose rows add up to the score', async () => {
    const { code, out } = await capture({ ...base, junit: [fixture('pytest/pytest-junit.xml'), fixture('surefire/TEST-sample.CalcTest.xml')] });
    expect(code).toBe(0);
    expect(out).toMatch(/^Score -4 → BLOCK/);
    expect(out).toMatch(/failing_ci\s+-4\s+2 failed and 2 errored of 12 tests/);
    expect(out).toMatch(/tests\s+12 total, 5 passed, 2 failed, 2 errored, 3 skipped, 1 flaky/);
  });

  it('a bad input file exits 1 with a message naming the file', async () => {
    const { code, err } = await capture({ ...base, junit: [fixture('vitest/lcov.info')] });
    expect(code).toBe(1);
    expect(err).toContain(`auto-pr-sessions score: ${fixture('vitest/lcov.info')} (given as junit): is not a JUnit XML report: it looks like lcov (use --lcov). Pass a JUnit XML report here`);
  });

  it('a bad rubric exits 1 with file, line and fix; a custom rubric is used', async () => {
    const tmp = tempDir();
    try {
      const bad = tmp.write('rubric.yml', 'weights:\n  test: 3\n');
      const r1 = await capture({ ...base, diff: fixture('git/git-diff.patch'), rubric: bad });
      expect(r1.code).toBe(1);
      expect(r1.err).toMatch(/rubric\.yml:2:3 at \/weights\/test: unknown key "test"\. did you mean "tests"\?/);
      const good = tmp.write('ok.yml', 'weights:\n  performance: 0\n');
      const r2 = await capture({ ...base, diff: fixture('git/git-diff.patch'), rubric: good, json: true });
      expect(JSON.parse(r2.out).categories.performance).toBe(0);
      const missing = await capture({ ...base, diff: fixture('git/git-diff.patch'), rubric: tmp.dir + '/nope.yml' });
      expect(missing.code).toBe(1);
    } finally {
      tmp.cleanup();
    }
  });

  it('--print-rubric prints the default rubric as YAML', async () => {
    const { code, out } = await capture({ ...base, printRubric: true });
    expect(code).toBe(0);
    expect(out).toMatch(/^version: 1\nweights:\n {2}tests: 3\n/);
  });

  it('no report at all is a usage error (exit code 2)', async () => {
    const program = new Command('auto-pr-sessions').exitOverride();
    program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerScore(program);
    const err = await program.parseAsync(['node', 'x', 'score']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommanderError);
    expect((err as CommanderError).exitCode).toBe(2);
  });
});

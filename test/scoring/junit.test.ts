import { describe, expect, it } from 'vitest';
import { parseJunit, failureLocation } from '@auto-pr-sessions/scoring';
import { fixture, text } from './helpers.js';

describe('JUnit from real tools', () => {
  it('vitest junit reporter: nested testsuites, failures, skipped and todo', async () => {
    const r = await parseJunit(fixture('vitest/junit.xml'));
    expect(r).toMatchObject({ total: 10, passed: 6, failed: 2, errored: 0, skipped: 2, flaky: 0 });
    expect(r.durationSec).toBeGreaterThan(0);
    const clamp = r.failures.find((f) => f.name.includes('clamps'));
    expect(clamp).toMatchObject({ suite: 'test/math.test.js', kind: 'failure', file: 'test/math.test.js', line: 15 });
    expect(clamp?.message).toContain('expected 10 to be 15');
  });

  it('jest-junit: file attribute, line found in the stack', async () => {
    const r = await parseJunit(fixture('jest/jest-junit.xml'));
    // jest-junit writes test.todo as a plain (passing) testcase: that is the tool's output.
    expect(r).toMatchObject({ total: 5, passed: 3, failed: 1, skipped: 1 });
    expect(r.failures[0]).toMatchObject({ file: 'jest/math.jest.test.js', line: 12 });
  });

  it('pytest (xunit2 default and xunit1): error on setup, skip, xfail, parametrized', async () => {
    // xunit2 has no file/line attributes: the location comes from the trace (the assert line);
    // xunit1 has them (0-based `line` of the def, reported 1-based).
    for (const [f, line] of [['pytest/pytest-junit.xml', 19], ['pytest/pytest-junit-xunit1.xml', 18]] as const) {
      const r = await parseJunit(fixture(f));
      expect(r).toMatchObject({ total: 7, passed: 3, failed: 1, errored: 1, skipped: 2 });
      const err = r.failures.find((x) => x.kind === 'error');
      expect(err?.message).toContain('resource unavailable');
      expect(r.failures.find((x) => x.kind === 'failure')).toMatchObject({ file: 'py/test_sample.py', line });
    }
  });

  it('Maven surefire with reruns: flakyFailure passes as flaky, rerunFailure stays failed', async () => {
    const r = await parseJunit(fixture('surefire/TEST-sample.CalcTest.xml'));
    expect(r).toMatchObject({ total: 5, passed: 2, failed: 1, errored: 1, skipped: 1, flaky: 1 });
    expect(r.failures.find((f) => f.kind === 'failure')).toMatchObject({ suite: 'sample.CalcTest', name: 'failsOnPurpose', file: 'CalcTest.java', line: 19 });
  });

  it('merges several files; a test that passed in any run of a retried job is passed and flaky, whatever the order', async () => {
    const first = '<testsuite name="s"><testcase classname="a" name="t"><failure message="x"/></testcase><testcase classname="a" name="u"/></testsuite>';
    const second = '<testsuite name="s"><testcase classname="a" name="t"/></testsuite>';
    for (const order of [[first, second], [second, first]]) {
      const r = await parseJunit(order.map((x, i) => text(`run${i}.xml`, x)));
      expect(r).toMatchObject({ total: 2, passed: 2, failed: 0, flaky: 1, failures: [] });
    }
    const same = await parseJunit([text('a.xml', first), text('b.xml', first)]);
    expect(same).toMatchObject({ total: 2, failed: 1, flaky: 0 });
  });

  it('caps the failure list and the message length', async () => {
    const cases = Array.from({ length: 300 }, (_, i) => `<testcase classname="c" name="t${i}"><failure message="${'m'.repeat(5000)}"/></testcase>`).join('');
    const r = await parseJunit(text('many.xml', `<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`), { maxFailures: 20, maxMessageChars: 100 });
    expect(r.failed).toBe(300);
    expect(r.failures).toHaveLength(20);
    expect(r.failuresTruncated).toBe(true);
    expect(r.failures[0]?.message).toHaveLength(100);
  });

  it('uses suite attributes when a generator writes no testcase (disabled counts as skipped)', async () => {
    const r = await parseJunit(text('attrs.xml', '<testsuites><testsuite name="s" tests="4" failures="1" errors="0" skipped="1" time="2"/></testsuites>'));
    expect(r).toMatchObject({ total: 4, passed: 2, failed: 1, skipped: 1, durationSec: 2, notices: [] });
    const disabled = await parseJunit(text('attrs.xml', '<testsuite name="s" tests="5" failures="1" disabled="2" skipped="1"/>'));
    expect(disabled).toMatchObject({ total: 5, passed: 1, failed: 1, skipped: 3 });
  });

  it('failureLocation prefers the test file over library frames', () => {
    const trace = 'at lib.Assert.fail(Assert.java:10)\n at sample.CalcTest.t(CalcTest.java:19)';
    expect(failureLocation(trace, 'sample.CalcTest')).toEqual({ file: 'CalcTest.java', line: 19 });
    expect(failureLocation('at x (/repo/node_modules/chai/index.js:3)\n at y (/repo/src/a.ts:7)', 'other')).toEqual({ file: '/repo/src/a.ts', line: 7 });
  });
});

// One real report per counting rule (see packages/scoring/README.md). Before these rules
// the counts in the comments were what the reader said.
describe('JUnit counting rules, on real tools\' output', () => {
  it('identity within a suite: classname="" does not merge same-named tests of two files; nameless tests are distinct (vitest)', async () => {
    // before: total 3, passed 1, failed 2, flaky 1 (the two files' failures were one test)
    const r = await parseJunit(fixture('rules/vitest-rules.xml'));
    expect(r).toMatchObject({ total: 5, passed: 2, failed: 3, errored: 0, skipped: 0, flaky: 0 });
    expect(r.failures.map((f) => `${f.suite}|${f.name}`).sort()).toEqual(['test/a/parse.test.js|parse > rejects empty input', 'test/b/parse.test.js|parse > rejects empty input', 'test/nameless.test.js|']);
  });

  it('identity includes the suite\'s file: a failure in one file is not hidden by a pass of the same name in another (mocha-junit-reporter)', async () => {
    // before: total 2, passed 2, failed 0, flaky 1 (the real failure disappeared)
    const r = await parseJunit(fixture('rules/mocha-junit.xml'));
    expect(r).toMatchObject({ total: 3, passed: 2, failed: 1, skipped: 0, flaky: 0 });
    expect(r.failures[0]).toMatchObject({ name: 'parse rejects empty input', kind: 'failure' });
  });

  it('status="disabled" and status="notrun" are skipped, not passed (ctest)', async () => {
    // before: total 4, passed 2, skipped 1
    const r = await parseJunit(fixture('rules/ctest-junit.xml'));
    expect(r).toMatchObject({ total: 4, passed: 1, failed: 1, skipped: 2 });
  });

  it('a <failure> beside a <skipped> is a failure (pytest: fails, then its fixture skips in teardown)', async () => {
    const r = await parseJunit(fixture('rules/pytest-teardown-skip.xml'));
    expect(r).toMatchObject({ total: 2, passed: 1, failed: 1, skipped: 0 });
    const reversed = await parseJunit(text('r.xml', '<testsuite name="s"><testcase classname="c" name="t"><skipped/><failure message="m"/></testcase></testsuite>'));
    expect(reversed).toMatchObject({ total: 1, failed: 1, skipped: 0 });
  });

  it('TestNG retries written as <skipped/>: a retry that passed is passed and flaky, before or after the skips (hand-written, TestNG shape)', async () => {
    // before: total 5, passed 2, failed 1, skipped 2, flaky 3
    const r = await parseJunit(fixture('testng/TEST-sample.RetryTest.xml'));
    expect(r).toMatchObject({ total: 5, passed: 3, failed: 1, errored: 0, skipped: 1, flaky: 2 });
    expect(r.failures.map((f) => f.name)).toEqual(['failsEveryTime']);
  });

  it('a report with no test case is 0 tests with a notice (vitest and jest with --passWithNoTests), as a root <testsuite tests="0"> is', async () => {
    // before: an error ("contains no <testsuite> or <testcase>")
    for (const f of ['rules/vitest-empty.xml', 'rules/jest-empty.xml']) {
      const r = await parseJunit(fixture(f));
      expect(r).toMatchObject({ total: 0, passed: 0, failed: 0, skipped: 0 });
      expect(r.notices).toEqual([expect.stringContaining('holds no test (counted as 0 tests)')]);
    }
    const zero = await parseJunit(text('zero.xml', '<testsuite name="s" tests="0"/>'));
    expect(zero).toMatchObject({ total: 0, notices: [expect.stringContaining('holds no test')] });
  });

  it('<testcase/> elements without a name attribute are each their own test', async () => {
    const r = await parseJunit(text('n.xml', '<testsuite name="s"><testcase/><testcase><failure/></testcase><testcase/></testsuite>'));
    expect(r).toMatchObject({ total: 3, passed: 2, failed: 1 });
  });
});

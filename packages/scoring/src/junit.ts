/**
 * JUnit XML in the shapes real tools write: vitest's junit reporter, jest-junit, mocha-junit-reporter,
 * pytest (`--junitxml`), Maven surefire (with `rerunFailingTestsCount`), TestNG's JUnit reports,
 * ctest (`--output-junit`), nested `<testsuites>` / `<testsuite>`.
 *
 * The counting rules (each with an example report in README.md and a test on a real tool's output):
 * - identity: a test is (enclosing suites' names and `file`, classname, name, file). Two files with
 *   a test of the same name are two tests even when `classname=""`; `<testcase>`s without a name
 *   are each their own test (nothing says two of them are the same);
 * - outcome of one `<testcase>`: `<error>` > `<failure>` > `<skipped/>` > passed, so a
 *   `<skipped/>` beside a `<failure>` is a failure; `status="disabled"` / `"notrun"` (ctest,
 *   googletest) is skipped: the test did not run;
 * - re-runs: a test that appears several times (in one file or across files of a retried job)
 *   passed when any appearance passed, and is then flaky if another appearance did not pass (TestNG
 *   writes retried attempts as `<skipped/>`, before or after the passing one); with no pass, the
 *   last failure or error wins, else it is skipped. surefire's `<flakyFailure>`/`<flakyError>`
 *   (failed, then passed) are passed and flaky; `<rerunFailure>`/`<rerunError>` (failed every
 *   time) stay failed;
 * - a report with no test case and no suite counts (`<testsuites/>`, what vitest and jest write
 *   with `--passWithNoTests`) is 0 tests with a notice, like a root `<testsuite tests="0">`;
 *   suite attributes are used only when a file has no `<testcase>` at all (`skipped` + `disabled`
 *   are skipped).
 */
import { sourceName, type ReportSource } from './source.js';
import { streamXml, type XmlAttributes } from './xml.js';

export interface TestFailure {
  suite: string;
  name: string;
  kind: 'failure' | 'error';
  message: string;
  file?: string;
  line?: number;
}

export interface TestSummary {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
  durationSec: number;
  /** At most `maxFailures` entries, in the order the failures were first seen. */
  failures: TestFailure[];
  failuresTruncated: boolean;
  /** What a reader should know about how the files were counted (e.g. a report with no test). */
  notices?: string[];
}

export interface JunitOptions {
  /** Cap on `failures` in the output (default 50). */
  maxFailures?: number;
  /** Cap on one failure message, in characters (default 1000). */
  maxMessageChars?: number;
}

type Outcome = 0 | 1 | 2 | 3; // passed, failed, errored, skipped
const PASSED: Outcome = 0;
const FAILED: Outcome = 1;
const ERRORED: Outcome = 2;
const SKIPPED: Outcome = 3;

/** Failure details kept while parsing; more than the output cap so a later pass can free a slot. */
const STORED_FAILURES_FACTOR = 4;
const SOURCE_LOCATION = /([\w@.~\-/\\]+\.(?:[cm]?[jt]sx?|py|java|kt|scala|go|rb|cs|php|rs|swift)):(\d+)/g;

/**
 * The most telling source location in a failure's text: the test's own file when it appears
 * (stack traces start in assertion libraries), else the first frame outside node_modules.
 */
export function failureLocation(text: string, suite: string, file?: string): { file: string; line: number } | undefined {
  const suiteName = suite.replace(/\\/g, '/').split(/[./]/).filter(Boolean);
  const ownNames = new Set([suite.replace(/\\/g, '/'), suiteName[suiteName.length - 1] ?? '']);
  let first: { file: string; line: number } | undefined;
  let count = 0;
  for (const m of text.matchAll(SOURCE_LOCATION)) {
    if ((count += 1) > 50) break;
    const loc = { file: m[1] as string, line: Number(m[2]) };
    const path = loc.file.replace(/\\/g, '/');
    if (file !== undefined && (path === file || path.endsWith(`/${file}`))) return loc;
    const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    if (file === undefined && (ownNames.has(path) || [...ownNames].some((n) => n !== '' && (path.endsWith(`/${n}`) || base === n)))) return loc;
    if (first === undefined && !path.includes('node_modules/')) first = loc;
  }
  return file === undefined ? first : undefined;
}

interface OpenCase {
  key: string;
  suite: string;
  name: string;
  outcome: Outcome;
  flakyMarker: boolean;
  file?: string;
  line?: number;
  time: number;
  detail?: { kind: 'failure' | 'error'; message: string };
}

function seconds(value: string | undefined): number {
  if (value === undefined) return 0;
  // Some tools write "1,234.5" (locale) — drop thousands separators.
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** Statuses that say the test did not run (ctest: disabled, notrun; googletest: notrun). */
const NOT_RUN_STATUS = /^(disabled|notrun|not[ _-]?run|skipped|ignored)$/i;

/** What is known of one test over all its appearances. */
interface Seen {
  outcome: Outcome;
  passedOnce: boolean;
  otherThanPassed: boolean;
  flakyMarker: boolean;
}

/** Accumulates one or more JUnit files into one summary (so re-runs across files are seen). */
export class JunitAccumulator {
  private readonly tests = new Map<string, Seen>();
  private readonly notices: string[] = [];
  private nameless = 0;
  private readonly failureDetails = new Map<string, TestFailure>();
  private readonly maxFailures: number;
  private readonly maxMessageChars: number;
  private durationSec = 0;
  private attributeOnly = { total: 0, failed: 0, errored: 0, skipped: 0 };

  constructor(options: JunitOptions = {}) {
    this.maxFailures = options.maxFailures ?? 50;
    this.maxMessageChars = options.maxMessageChars ?? 1000;
  }

  async add(source: ReportSource): Promise<void> {
    const file = sourceName(source);
    const suites: { name: string; attrs: XmlAttributes }[] = [];
    let current: OpenCase | undefined;
    let capture: string | undefined;
    let rootTime: number | undefined;
    let topSuiteTime = 0;
    let caseTime = 0;
    let cases = 0;
    // pytest writes `line` 0-based (item.location); every other producer 1-based.
    let lineOffset = 0;
    const topSuiteAttrs: XmlAttributes[] = [];
    const maxChars = this.maxMessageChars;

    await streamXml(
      source,
      { format: 'junit', description: 'a JUnit XML report', root: (name) => name === 'testsuites' || name === 'testsuite' },
      {
        open: (name, attrs, depth): void => {
          if (depth === 0) {
            if (attrs['time'] !== undefined) rootTime = seconds(attrs['time']);
            if (/^pytest\b/.test(attrs['name'] ?? '')) lineOffset = 1;
          }
          if (name === 'testsuite') {
            // "top" suites: the root <testsuite>, or the children of a root <testsuites>.
            if (suites.length === 0 && depth <= 1) {
              topSuiteTime += seconds(attrs['time']);
              topSuiteAttrs.push(attrs);
            }
            suites.push({ name: attrs['name'] ?? '', attrs });
            return;
          }
          if (name === 'testcase') {
            const classname = attrs['classname'] ?? '';
            const suite = classname !== '' ? classname : (suites[suites.length - 1]?.name ?? '');
            const testName = attrs['name'] ?? '';
            // Identity: the enclosing suites (name and file: mocha-junit-reporter writes one
            // suite per describe block, same-named across files), the classname, the name, the file.
            const path = suites.map((x) => `${x.name}\u0001${x.attrs['file'] ?? ''}`).join('\u0002');
            const key = testName === '' ? `\u0003${(this.nameless += 1)}` : `${path}\u0000${classname}\u0000${testName}\u0000${attrs['file'] ?? ''}`;
            current = { key, suite, name: testName, outcome: PASSED, flakyMarker: false, time: seconds(attrs['time']) };
            if (NOT_RUN_STATUS.test(attrs['status'] ?? '')) current.outcome = SKIPPED;
            if (attrs['file'] !== undefined) current.file = attrs['file'];
            const line = Number(attrs['line']) + lineOffset;
            if (Number.isInteger(line) && line > 0 && attrs['line'] !== undefined) current.line = line;
            return;
          }
          if (current === undefined) return;
          switch (name) {
            case 'failure':
            case 'error': {
              const kind = name;
              // An <error> outranks a <failure> if a tool writes both; either outranks <skipped/>.
              if (current.outcome !== ERRORED) current.outcome = kind === 'error' ? ERRORED : FAILED;
              const message = attrs['message'] ?? attrs['type'] ?? '';
              current.detail ??= { kind, message: message.slice(0, maxChars) };
              capture = '';
              return;
            }
            case 'skipped':
              if (current.outcome === PASSED) current.outcome = SKIPPED;
              return;
            case 'flakyFailure':
            case 'flakyError':
              current.flakyMarker = true;
              return;
            default:
              // rerunFailure/rerunError accompany a <failure>/<error> already counted.
              return;
          }
        },
        close: (name): void => {
          if (name === 'testsuite') {
            suites.pop();
            return;
          }
          if ((name === 'failure' || name === 'error') && current?.detail !== undefined && capture !== undefined) {
            if (current.detail.message === '') current.detail.message = capture.trim().split('\n')[0]?.slice(0, maxChars) ?? '';
            if (current.line === undefined) {
              const loc = failureLocation(capture, current.suite, current.file);
              if (loc !== undefined) {
                current.file ??= loc.file;
                current.line = loc.line;
              }
            }
            capture = undefined;
            return;
          }
          if (name === 'testcase' && current !== undefined) {
            cases += 1;
            caseTime += current.time;
            this.record(current);
            current = undefined;
          }
        },
        wantText: () => capture !== undefined,
        text: (text): void => {
          // Keep only the head of the stack trace: enough to find the first location.
          if (capture !== undefined && capture.length < 4 * maxChars) capture += text.slice(0, 4 * maxChars);
        },
      },
    );
    if (cases === 0) {
      // Some generators write only suite attributes; use them rather than report nothing.
      let total = 0;
      for (const attrs of topSuiteAttrs) {
        const tests = seconds(attrs['tests']);
        total += tests;
        this.attributeOnly.total += tests;
        this.attributeOnly.failed += seconds(attrs['failures']);
        this.attributeOnly.errored += seconds(attrs['errors']);
        this.attributeOnly.skipped += seconds(attrs['skipped']) + seconds(attrs['disabled']);
      }
      if (total === 0) this.notices.push(`${file}: the JUnit report holds no test (counted as 0 tests); check that the test run found its test files`);
    }
    this.durationSec += rootTime ?? (topSuiteAttrs.length > 0 ? topSuiteTime : caseTime);
  }

  private record(tc: OpenCase): void {
    const seen = this.tests.get(tc.key) ?? { outcome: tc.outcome, passedOnce: false, otherThanPassed: false, flakyMarker: false };
    const failing = tc.outcome === FAILED || tc.outcome === ERRORED;
    if (tc.outcome === PASSED) seen.passedOnce = true;
    else seen.otherThanPassed = true;
    if (tc.flakyMarker && tc.outcome === PASSED) seen.flakyMarker = true;
    // A pass wins whatever the order; without one, the last failure wins over skipped retries.
    if (seen.passedOnce) seen.outcome = PASSED;
    else if (failing || seen.outcome === SKIPPED) seen.outcome = tc.outcome;
    this.tests.set(tc.key, seen);
    if (seen.outcome === PASSED) {
      this.failureDetails.delete(tc.key);
      return;
    }
    if (failing && tc.detail !== undefined) {
      if (this.failureDetails.has(tc.key) || this.failureDetails.size < this.maxFailures * STORED_FAILURES_FACTOR) {
        const f: TestFailure = { suite: tc.suite, name: tc.name, kind: tc.detail.kind, message: tc.detail.message };
        if (tc.file !== undefined) f.file = tc.file;
        if (tc.line !== undefined) f.line = tc.line;
        this.failureDetails.delete(tc.key);
        this.failureDetails.set(tc.key, f);
      }
    }
  }

  result(): TestSummary {
    let passed = 0;
    let failed = 0;
    let errored = 0;
    let skipped = 0;
    let flaky = 0;
    for (const t of this.tests.values()) {
      if (t.outcome === PASSED) passed += 1;
      else if (t.outcome === FAILED) failed += 1;
      else if (t.outcome === ERRORED) errored += 1;
      else skipped += 1;
      if (t.outcome === PASSED && (t.otherThanPassed || t.flakyMarker)) flaky += 1;
    }
    const a = this.attributeOnly;
    failed += a.failed;
    errored += a.errored;
    skipped += a.skipped;
    passed += Math.max(0, a.total - a.failed - a.errored - a.skipped);
    const failures = [...this.failureDetails.values()];
    return {
      total: passed + failed + errored + skipped,
      passed,
      failed,
      errored,
      skipped,
      flaky,
      durationSec: Math.round(this.durationSec * 1000) / 1000,
      failures: failures.slice(0, this.maxFailures),
      failuresTruncated: failed + errored > Math.min(failures.length, this.maxFailures),
      notices: [...this.notices],
    };
  }
}

export async function parseJunit(source: ReportSource | readonly ReportSource[], options: JunitOptions = {}): Promise<TestSummary> {
  const acc = new JunitAccumulator(options);
  const sources = Array.isArray(source) ? (source as readonly ReportSource[]) : [source as ReportSource];
  for (const s of sources) await acc.add(s);
  return acc.result();
}

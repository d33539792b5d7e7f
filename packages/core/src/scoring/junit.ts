/**
 * JUnit XML in the shapes real tools write: vitest's junit reporter, jest-junit, pytest
 * (`--junitxml`), Maven surefire (with `rerunFailingTestsCount`), nested `<testsuites>` /
 * `<testsuite>`.
 *
 * Re-runs: a test identified by (classname or suite, name) may appear several times, in one file
 * or across files (a retried job). The last result wins; a test whose results differ between
 * appearances is counted as flaky. surefire writes re-runs inside one `<testcase>`:
 * `<flakyFailure>`/`<flakyError>` (failed, then passed: passed and flaky) and
 * `<rerunFailure>`/`<rerunError>` (failed every time: failed, not flaky).
 */
import { ReportError } from './errors.js';
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

/** Accumulates one or more JUnit files into one summary (so re-runs across files are seen). */
export class JunitAccumulator {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly flakyKeys = new Set<string>();
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
            const suite = attrs['classname'] ?? suites[suites.length - 1]?.name ?? '';
            const testName = attrs['name'] ?? '';
            current = { key: `${suite}\u0000${testName}`, suite, name: testName, outcome: PASSED, flakyMarker: false, time: seconds(attrs['time']) };
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
              // An <error> outranks a <failure> if a tool writes both.
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
      for (const attrs of topSuiteAttrs) {
        this.attributeOnly.total += seconds(attrs['tests']);
        this.attributeOnly.failed += seconds(attrs['failures']);
        this.attributeOnly.errored += seconds(attrs['errors']);
        this.attributeOnly.skipped += seconds(attrs['skipped'] ?? attrs['disabled']);
      }
      if (topSuiteAttrs.length === 0) {
        throw new ReportError({ file, format: 'junit', problem: 'contains no <testsuite> or <testcase>', fix: 'Check that the test run wrote its results (the file may be a placeholder).' });
      }
    }
    this.durationSec += rootTime ?? (topSuiteAttrs.length > 0 ? topSuiteTime : caseTime);
  }

  private record(tc: OpenCase): void {
    const prev = this.outcomes.get(tc.key);
    if (prev !== undefined && prev !== tc.outcome) this.flakyKeys.add(tc.key);
    if (tc.flakyMarker && tc.outcome === PASSED) this.flakyKeys.add(tc.key);
    this.outcomes.set(tc.key, tc.outcome);
    if ((tc.outcome === FAILED || tc.outcome === ERRORED) && tc.detail !== undefined) {
      if (this.failureDetails.has(tc.key) || this.failureDetails.size < this.maxFailures * STORED_FAILURES_FACTOR) {
        const f: TestFailure = { suite: tc.suite, name: tc.name, kind: tc.detail.kind, message: tc.detail.message };
        if (tc.file !== undefined) f.file = tc.file;
        if (tc.line !== undefined) f.line = tc.line;
        this.failureDetails.delete(tc.key);
        this.failureDetails.set(tc.key, f);
      }
    } else {
      this.failureDetails.delete(tc.key);
    }
  }

  result(): TestSummary {
    let passed = 0;
    let failed = 0;
    let errored = 0;
    let skipped = 0;
    for (const outcome of this.outcomes.values()) {
      if (outcome === PASSED) passed += 1;
      else if (outcome === FAILED) failed += 1;
      else if (outcome === ERRORED) errored += 1;
      else skipped += 1;
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
      flaky: this.flakyKeys.size,
      durationSec: Math.round(this.durationSec * 1000) / 1000,
      failures: failures.slice(0, this.maxFailures),
      failuresTruncated: failed + errored > Math.min(failures.length, this.maxFailures),
    };
  }
}

export async function parseJunit(source: ReportSource | readonly ReportSource[], options: JunitOptions = {}): Promise<TestSummary> {
  const acc = new JunitAccumulator(options);
  const sources = Array.isArray(source) ? (source as readonly ReportSource[]) : [source as ReportSource];
  for (const s of sources) await acc.add(s);
  return acc.result();
}

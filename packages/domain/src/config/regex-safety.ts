import vm from 'node:vm';

/**
 * Longest text a configured pattern is ever run against (UTF-16 code units). Matching cost grows
 * with text length, so capping it keeps even a slow-but-accepted pattern bounded; the dynamic probe
 * below tests patterns on inputs of exactly this length, so what passed the probe stays fast in use.
 * Equal to the detector's PATTERN_TEXT_CAP (a test checks that the two agree).
 */
export const MATCH_TEXT_CAP = 4_096;

/** Longest accepted pattern source. Real auto-PR patterns are short prefixes such as `^wip:`. */
export const MAX_PATTERN_LENGTH = 256;

/** Time one pattern may spend on all adversarial probes together before it is called too slow. */
export const PROBE_TIMEOUT_MS = 100;

/** Flags every configured pattern is compiled with (the original matched case-insensitively). */
export const PATTERN_FLAGS = 'iu';

export type SafePatternResult = { ok: true; regex: RegExp } | { ok: false; reason: string };

/**
 * Compiles a configured auto-PR pattern case-insensitively in unicode mode, refusing patterns that
 * are empty, too long, invalid, or able to backtrack catastrophically. The backtracking check is a
 * static star-height test (nested variable quantifiers such as `(a+)+`, `(.*a){20}`) followed by a
 * dynamic probe that runs the pattern on adversarial inputs in a separate V8 context with a timeout,
 * which catches what the static test cannot see (`(a|a)*b`, `\w*\w*\w*x`).
 */
export function compileSafePattern(pattern: string): SafePatternResult {
  return compileWithProbe(pattern, PROBE_TIMEOUT_MS);
}

/**
 * Runs `regex` on at most MATCH_TEXT_CAP code units of `text` (the rest is ignored). Patterns are
 * prefix markers, so the head of a title or message is what they are meant to see.
 */
export function matchesBounded(regex: RegExp, text: string): boolean {
  // A global or sticky regex would carry lastIndex over from an earlier call.
  regex.lastIndex = 0;
  return regex.test(text.length > MATCH_TEXT_CAP ? text.slice(0, MATCH_TEXT_CAP) : text);
}

/** Same as compileSafePattern with a caller-chosen probe time (the loader shares one budget). */
export function compileWithProbe(pattern: string, probeTimeoutMs: number): SafePatternResult {
  if (pattern.length === 0) return { ok: false, reason: 'the pattern is empty and would match every text' };
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { ok: false, reason: `the pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, PATTERN_FLAGS);
  } catch (err) {
    // V8's own text, e.g. "Invalid regular expression: /(/iu: Unterminated group".
    return { ok: false, reason: err instanceof Error ? err.message : `Invalid regular expression: ${String(err)}` };
  }
  const nested = findNestedQuantifier(pattern);
  if (nested !== null) {
    return {
      ok: false,
      reason:
        `nested quantifier ${JSON.stringify(nested)}: a repeated group that itself repeats a variable number ` +
        'of times can backtrack catastrophically (exponential time)',
    };
  }
  const slow = probePattern(pattern, probeTimeoutMs);
  return slow === null ? { ok: true, regex } : { ok: false, reason: slow };
}

// ---------------------------------------------------------------------------------------------
// Static check: star height. The pattern already compiled with the `u` flag, so its syntax is the
// strict unicode grammar (no lone braces, no quantified lookarounds) and a small scanner suffices.

interface Quantifier {
  min: number;
  max: number;
  end: number;
}

interface ScanState {
  readonly src: string;
  pos: number;
  /** First offending quantified group found, as source text. */
  found: string | null;
}

/** Returns the first repeated group that contains a variable repetition, or null. */
export function findNestedQuantifier(pattern: string): string | null {
  const state: ScanState = { src: pattern, pos: 0, found: null };
  scanAlternation(state);
  return state.found;
}

/** Scans until `)` or the end; returns whether anything inside repeats a variable number of times. */
function scanAlternation(s: ScanState): boolean {
  let variable = false;
  while (s.pos < s.src.length && s.src[s.pos] !== ')') {
    if (s.src[s.pos] === '|') {
      s.pos++;
      continue;
    }
    const start = s.pos;
    const innerVariable = scanAtom(s);
    const q = readQuantifier(s.src, s.pos);
    if (q === null) {
      variable ||= innerVariable;
      continue;
    }
    s.pos = q.end;
    const repeats = q.max > 1;
    if (repeats && innerVariable && s.found === null) s.found = s.src.slice(start, s.pos);
    variable ||= innerVariable || (repeats && q.min !== q.max);
  }
  return variable;
}

/** Consumes one atom; returns whether it contains a variable repetition (only groups can). */
function scanAtom(s: ScanState): boolean {
  const c = s.src[s.pos];
  if (c === '\\') {
    s.pos = skipEscape(s.src, s.pos);
    return false;
  }
  if (c === '[') {
    s.pos = skipClass(s.src, s.pos);
    return false;
  }
  if (c === '(') {
    s.pos = skipGroupOpening(s.src, s.pos);
    const inner = scanAlternation(s);
    s.pos++; // the closing parenthesis
    return inner;
  }
  s.pos += isHighSurrogate(s.src.charCodeAt(s.pos)) ? 2 : 1;
  return false;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

function skipEscape(src: string, pos: number): number {
  const next = src[pos + 1];
  if ((next === 'u' || next === 'p' || next === 'P') && src[pos + 2] === '{') return src.indexOf('}', pos) + 1;
  if (next === 'k' && src[pos + 2] === '<') return src.indexOf('>', pos) + 1;
  if (next === 'u') return pos + 6;
  if (next === 'x') return pos + 4;
  if (next === 'c') return pos + 3;
  if (next !== undefined && next >= '1' && next <= '9') {
    let end = pos + 2;
    while (end < src.length && src[end]! >= '0' && src[end]! <= '9') end++;
    return end;
  }
  return pos + 2;
}

function skipClass(src: string, pos: number): number {
  let i = pos + 1;
  while (i < src.length && src[i] !== ']') i = src[i] === '\\' ? skipEscape(src, i) : i + 1;
  return i + 1;
}

/** Skips `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!` or `(?<name>`. */
function skipGroupOpening(src: string, pos: number): number {
  if (src[pos + 1] !== '?') return pos + 1;
  const kind = src[pos + 2];
  if (kind === ':' || kind === '=' || kind === '!') return pos + 3;
  if (kind === '<' && (src[pos + 3] === '=' || src[pos + 3] === '!')) return pos + 4;
  if (kind === '<') return src.indexOf('>', pos) + 1;
  return pos + 2;
}

function readQuantifier(src: string, pos: number): Quantifier | null {
  const c = src[pos];
  let q: Quantifier | null = null;
  if (c === '*') q = { min: 0, max: Infinity, end: pos + 1 };
  else if (c === '+') q = { min: 1, max: Infinity, end: pos + 1 };
  else if (c === '?') q = { min: 0, max: 1, end: pos + 1 };
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/u.exec(src.slice(pos, pos + 24));
    if (m) {
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      q = { min, max, end: pos + m[0].length };
    }
  }
  if (q && src[q.end] === '?') q.end++; // lazy quantifiers backtrack just the same
  return q;
}

// ---------------------------------------------------------------------------------------------
// Dynamic probe. Runs the pattern on inputs built to make ambiguous patterns backtrack (see
// adversarialInputs). It runs through `vm` because that is the only way to put a time limit on
// synchronous code: the watchdog behind the `timeout` option terminates the run even in the middle
// of a backtracking regex, and the caller gets an ordinary exception.

const PROBE_SCRIPT = `(() => {
  const re = new RegExp(probeSource, probeFlags);
  for (const input of probeInputs) re.test(input);
})()`;

/** Probe verdicts by pattern source: the failure reason, or null when the pattern passed. */
const probeVerdicts = new Map<string, string | null>();
const PROBE_MEMO_LIMIT = 512;
let probeContext: vm.Context | null = null;

/** Times a benign pattern's first probe may take on a loaded machine before it is refused. */
const CONFIRM_FACTOR = 5;

/** Runs the probe script; true when it timed out (other errors are thrown). */
function runProbe(context: vm.Context, timeoutMs: number): boolean {
  try {
    vm.runInContext(PROBE_SCRIPT, context, { timeout: timeoutMs });
    return false;
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return true;
    throw err;
  }
}

function probePattern(pattern: string, budgetMs: number): string | null {
  const memo = probeVerdicts.get(pattern);
  if (memo !== undefined) return memo;
  const timeoutMs = Math.max(1, Math.floor(budgetMs));
  // One bare context, reused: creating one costs about half a millisecond.
  probeContext ??= vm.createContext(Object.create(null) as object);
  const ctx = probeContext as Record<string, unknown>;
  ctx['probeSource'] = pattern;
  ctx['probeFlags'] = PATTERN_FLAGS;
  ctx['probeInputs'] = adversarialInputs(pattern);
  let verdict: string | null = null;
  try {
    const timedOut = runProbe(probeContext, timeoutMs);
    // The timeout is wall time, which a loaded machine stretches several times over (CI, a busy
    // runner): a timeout is confirmed with CONFIRM_FACTOR times the time before a pattern is refused.
    // Catastrophic backtracking on these texts takes seconds to hours, so it still times out.
    if (timedOut && runProbe(probeContext, timeoutMs * CONFIRM_FACTOR)) {
      verdict = `the pattern backtracks catastrophically: matching adversarial ${MATCH_TEXT_CAP}-character texts took longer than ${timeoutMs * CONFIRM_FACTOR} ms`;
    }
  } catch (err) {
    verdict = `the pattern failed on a probe text: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    ctx['probeInputs'] = undefined; // about 400 KB of strings
  }
  // A timeout under a reduced budget is not a settled verdict: with the full time it might pass.
  if (probeVerdicts.size < PROBE_MEMO_LIMIT && (verdict === null || timeoutMs >= PROBE_TIMEOUT_MS)) probeVerdicts.set(pattern, verdict);
  return verdict;
}

/** Representative characters for escapes and classes that appear in patterns. */
const CLASS_SAMPLES: Readonly<Record<string, string>> = { d: '1', w: 'a', s: ' ', D: 'a', W: '-', S: 'a' };
const BASE_ALPHABET = ['a', '1', ' ', '-', ':', '.', '_'];
const MAX_ALPHABET = 12;
const MAX_PAIR_CHARS = 6;
const MAX_RUNS = 8;
const MAX_RUN_LENGTH = 16;
/** A character the probes end with so that anchored or suffixed patterns must fail and backtrack. */
const FAIL_SUFFIX = '\u0000';

/**
 * Builds the probe texts, each exactly MATCH_TEXT_CAP long: every prefix (none, and the literal
 * an anchored pattern starts with) followed by a repeated unit: one character, a pair of
 * characters, or a literal run of the pattern (`(abc|abc)*d` needs "abcabc…").
 */
export function adversarialInputs(pattern: string): string[] {
  const { chars, runs } = patternLiterals(pattern);
  const alphabet = [...chars];
  for (const c of BASE_ALPHABET) if (alphabet.length < MAX_ALPHABET && !alphabet.includes(c)) alphabet.push(c);
  const units = new Set<string>(alphabet);
  const pairChars = alphabet.slice(0, MAX_PAIR_CHARS);
  for (const a of pairChars) for (const b of pairChars) if (a !== b) units.add(a + b);
  for (const run of runs) units.add(run);
  const prefixes = new Set(['', leadingLiteral(pattern)]);
  const inputs: string[] = [];
  for (const prefix of prefixes) {
    const room = MATCH_TEXT_CAP - prefix.length - FAIL_SUFFIX.length;
    for (const unit of units) inputs.push(prefix + unit.repeat(Math.ceil(room / unit.length)).slice(0, room) + FAIL_SUFFIX);
  }
  return inputs;
}

/** Characters the pattern can match (samples for classes) and its runs of literal text, lower-cased. */
function patternLiterals(pattern: string): { chars: string[]; runs: string[] } {
  const chars = new Set<string>();
  const runs = new Set<string>();
  let run = '';
  const endRun = (): void => {
    if (run.length >= 2 && runs.size < MAX_RUNS) runs.add(run.slice(0, MAX_RUN_LENGTH));
    run = '';
  };
  const literal = (c: string): void => {
    if (chars.size < MAX_ALPHABET) chars.add(c);
    run += c;
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const q = c === '{' ? readQuantifier(pattern, i) : null;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      const sample = CLASS_SAMPLES[next];
      if (sample !== undefined) {
        endRun();
        if (chars.size < MAX_ALPHABET) chars.add(sample);
      } else if (/[\p{P}\p{S}]/u.test(next)) {
        literal(next);
      } else {
        endRun(); // \b, \u…, \p{…}, back-references: no single sample character
      }
      i = skipEscape(pattern, i);
    } else if (c === '[') {
      endRun();
      const first = pattern[i + 1] ?? '';
      if (first !== '^' && first !== '\\' && first !== ']' && chars.size < MAX_ALPHABET) chars.add(first.toLowerCase());
      i = skipClass(pattern, i);
    } else if (c === '(') {
      endRun();
      i = skipGroupOpening(pattern, i);
    } else if (q !== null) {
      endRun();
      i = q.end;
    } else if (c === '.') {
      endRun();
      if (chars.size < MAX_ALPHABET) chars.add('a');
      i++;
    } else if ('^$|)*+?'.includes(c) || isSurrogate(c.charCodeAt(0))) {
      endRun(); // emoji are skipped: a surrogate half alone is no useful probe character
      i++;
    } else {
      literal(c.toLowerCase());
      i++;
    }
  }
  endRun();
  return { chars: [...chars], runs: [...runs] };
}

/** The literal text a `^`-anchored pattern starts with (`^wip: (x+)+` → `wip: `), else ''. */
function leadingLiteral(pattern: string): string {
  if (!pattern.startsWith('^')) return '';
  const chars: string[] = [];
  let i = 1;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const next = pattern[i + 1] ?? '';
    if (c === '\\' && /[\p{P}\p{S}]/u.test(next)) {
      chars.push(next);
      i += 2;
    } else if (/[\\^$|()[\]{}*+?.]/u.test(c)) {
      break;
    } else {
      chars.push(c);
      i++;
    }
  }
  // A last character that a quantifier makes optional or repeated is not a fixed prefix.
  if (/[*+?{]/u.test(pattern[i] ?? '')) {
    const last = chars.pop() ?? '';
    if (isSurrogate(last.charCodeAt(0))) chars.pop(); // the high half of the same emoji
  }
  return chars.join('');
}

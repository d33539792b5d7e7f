import { describe, expect, it } from 'vitest';
import {
  adversarialInputs,
  compileSafePattern,
  findNestedQuantifier,
  MATCH_TEXT_CAP,
  matchesBounded,
  MAX_PATTERN_LENGTH,
} from '../../packages/domain/src/config/regex-safety.js';
import { DEFAULT_AUTO_PR_PATTERNS } from '../../packages/domain/src/config/defaults.js';
import { PATTERN_TEXT_CAP } from '../../packages/domain/src/detect.js';

function reasonOf(pattern: string): string {
  const result = compileSafePattern(pattern);
  if (result.ok) throw new Error(`expected ${pattern} to be refused`);
  return result.reason;
}

describe('compileSafePattern', () => {
  it.each(DEFAULT_AUTO_PR_PATTERNS)('accepts the default pattern %s', (pattern) => {
    const result = compileSafePattern(pattern);
    expect(result.ok).toBe(true);
  });

  it('compiles case-insensitively in unicode mode', () => {
    const result = compileSafePattern('^wip:');
    if (!result.ok) throw new Error(result.reason);
    expect(result.regex.flags).toBe('iu');
    expect(matchesBounded(result.regex, 'WIP: scripts')).toBe(true);
    const robot = compileSafePattern('^🤖');
    expect(robot.ok && matchesBounded(robot.regex, '🤖 auto change')).toBe(true);
  });

  it('accepts ordinary patterns with classes, groups, lookarounds and bounded counts', () => {
    for (const p of ['^(auto|bot)-pr:', '^\\[(auto|bot)\\]', '^auto-pr-\\d{10}', '(?<=^)wip\\b', '^\\p{Emoji}', '^(\\d{4})+-', '^release/v\\d+\\.\\d+', '^(?:chore|ci)\\(deps\\):']) {
      const result = compileSafePattern(p);
      expect(result.ok ? 'ok' : result.reason, p).toBe('ok');
    }
  });

  it('refuses invalid patterns with the JavaScript error text', () => {
    expect(reasonOf('(')).toBe('Invalid regular expression: /(/iu: Unterminated group');
    expect(reasonOf('^\\:')).toBe('Invalid regular expression: /^\\:/iu: Invalid escape');
    expect(reasonOf('a{2,1}')).toMatch(/^Invalid regular expression: .*numbers out of order/u);
  });

  it('refuses empty and over-long patterns', () => {
    expect(reasonOf('')).toMatch(/empty/u);
    expect(reasonOf('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/at most 256/u);
    expect(compileSafePattern('a'.repeat(MAX_PATTERN_LENGTH)).ok).toBe(true);
  });

  it.each(['(a+)+$', '(.*a){20}', '^(\\w+\\s?)*$', '(x+x+)+y', '((ab)*c)+', '(?:a|b+)*c', '(?<n>a*)+', '(a+?)+$', '([a-z]+)*$'])(
    'refuses %s statically: nested quantifier',
    (pattern) => {
      expect(reasonOf(pattern)).toMatch(/^nested quantifier /u);
    },
  );

  it.each(['(a|a)*b', '(a|aa)*c', '\\w*\\w*\\w*x', '.*wip.*:', '(ab|abab)*c', '^wip: (x|x)*y'])(
    'refuses %s by the timed probe: star height 1 but catastrophic',
    (pattern) => {
      expect(findNestedQuantifier(pattern)).toBeNull();
      const started = performance.now();
      expect(reasonOf(pattern)).toMatch(/backtracks catastrophically/u);
      console.log(`${pattern}: refused in ${(performance.now() - started).toFixed(0)} ms`);
    },
  );
});

describe('findNestedQuantifier (star height)', () => {
  it.each([
    ['(a+)+', '(a+)+'],
    ['x(.*a){20}y', '(.*a){20}'],
    ['((a)+b)*', '((a)+b)*'],
    ['(a{1,3}){2,}', '(a{1,3}){2,}'],
  ])('%s → %s', (pattern, found) => {
    expect(findNestedQuantifier(pattern)).toBe(found);
  });

  it.each(['(\\d{4})+', '(a|b)+', '[(a+)+]', '\\(a+\\)+', '((a)b)', '(a?)', '(ab)?c+', '\\u{1F916}+', '\\p{L}+(x)*'])('%s has star height ≤ 1', (pattern) => {
    expect(findNestedQuantifier(pattern)).toBeNull();
  });
});

describe('adversarial inputs', () => {
  it('are all exactly MATCH_TEXT_CAP long and end with a character no pattern expects', () => {
    const inputs = adversarialInputs('^wip: (ab|c)*d');
    expect(inputs.length).toBeGreaterThan(10);
    for (const input of inputs) {
      expect(input).toHaveLength(MATCH_TEXT_CAP);
      expect(input.endsWith('\u0000')).toBe(true);
    }
    expect(inputs.some((i) => i.startsWith('wip: abab'))).toBe(true);
  });

  it('repeat the literal runs of the pattern', () => {
    expect(adversarialInputs('(foo|foobar)*x').some((i) => i.startsWith('foofoofoo'))).toBe(true);
  });
});

describe('matchesBounded', () => {
  it('matches only within the first MATCH_TEXT_CAP characters (the same cap as the detector)', () => {
    expect(MATCH_TEXT_CAP).toBe(PATTERN_TEXT_CAP);
    const re = /needle/iu;
    expect(matchesBounded(re, `${'a'.repeat(MATCH_TEXT_CAP - 6)}needle`)).toBe(true);
    expect(matchesBounded(re, `${'a'.repeat(MATCH_TEXT_CAP)}needle`)).toBe(false);
  });

  it('resets lastIndex so global regexes give the same answer each time', () => {
    const re = /wip/giu;
    expect(matchesBounded(re, 'wip')).toBe(true);
    expect(matchesBounded(re, 'wip')).toBe(true);
  });

  it('keeps an accepted but quadratic pattern fast on a huge text', () => {
    const result = compileSafePattern('a*b');
    if (!result.ok) throw new Error(result.reason);
    expect(matchesBounded(result.regex, 'a'.repeat(1_000_000))).toBe(false);
  });
});

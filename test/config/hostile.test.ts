import { describe, expect, it } from 'vitest';
import {
  formatIssues,
  MAX_ALIAS_COUNT,
  MAX_CONFIG_BYTES,
  MAX_NESTING,
  parseConfig,
  PROBE_BUDGET_MS,
  PROBE_TIMEOUT_MS,
} from '../../packages/domain/src/config/index.js';
import { FILE, invalid, issueAt, v1 } from './helpers.js';

// Hostile files must be refused cleanly: parseConfig returns issues (it never throws), and the
// time is bounded. We assert that each call completes and print its duration; we do not assert
// milliseconds, which depend on the machine.
function refuse(name: string, text: string): ReturnType<typeof invalid> {
  const started = performance.now();
  const issues = invalid(text);
  console.log(`${name}: refused in ${(performance.now() - started).toFixed(1)} ms with ${issues.length} issue(s)`);
  expect(formatIssues(issues)).not.toMatch(/\n\s+at /u); // no stack trace in the text
  return issues;
}

const LAUGHS = [
  'version: 1',
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  'auto_pr_patterns: *i',
  '',
].join('\n');

describe('alias bombs', () => {
  it('billion laughs is refused as an alias issue, located at the first alias', () => {
    const issues = refuse('billion laughs', LAUGHS);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/too many YAML alias expansions/u);
    expect(issues[0]!.expected).toBe(`at most ${MAX_ALIAS_COUNT} alias uses`);
    expect(issues[0]!.line).toBe(3);
  });

  it('a few aliases are fine', () => {
    const result = parseConfig(v1('x_patterns: &p ["^wip:"]\n').replace('x_patterns', 'auto_pr_patterns') + '', FILE);
    expect(result.ok).toBe(true);
    const shared = parseConfig('version: 1\nauto_pr_patterns: &p ["^wip:"]\ncompletion_markers: *p\n', FILE);
    expect(shared.ok && shared.config.completion_markers).toEqual(['^wip:']);
  });
});

describe('prototype keys', () => {
  it.each([
    ['__proto__ at the top', 'version: 1\n__proto__: { polluted: yes }\n', '__proto__'],
    ['constructor.prototype at the top', 'version: 1\nconstructor: { prototype: { polluted: yes } }\n', 'constructor'],
    ['__proto__ under triggers', 'version: 1\ntriggers:\n  __proto__: { polluted: yes }\n', 'triggers.__proto__'],
    ['prototype inside a list item', 'version: 1\nauto_pr_patterns:\n  - { prototype: { polluted: yes } }\n', 'auto_pr_patterns[0].prototype'],
    ['__proto__ behind an anchor', 'version: 1\nx: &a { __proto__: { polluted: yes } }\ntriggers: *a\n', 'x.__proto__'],
    ['quoted "__proto__"', 'version: 1\n"__proto__": { polluted: yes }\n', '__proto__'],
  ])('%s is an issue and pollutes nothing', (_name, text, path) => {
    const issues = refuse(_name, text);
    const issue = issues.find((i) => i.path === path);
    expect(issue?.message).toMatch(/is not allowed \(it could alter object prototypes\)/u);
    expect(issue?.line).not.toBeNull();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('the rest of the file is still validated', () => {
    const issues = refuse('proto plus more', 'version: 1\n__proto__: 1\ntimeout_minutes: 1\n');
    expect(issues.map((i) => i.path)).toEqual(['__proto__', 'timeout_minutes']);
  });

  it('the returned config is a fresh frozen object, not an alias of parsed data', () => {
    const result = parseConfig('version: 1\ntriggers: { max_pushes: 3 }\n', FILE);
    if (!result.ok) throw new Error('expected valid');
    expect(Object.isFrozen(result.config)).toBe(true);
    expect(Object.isFrozen(result.config.triggers)).toBe(true);
    expect(Object.getPrototypeOf(result.config)).toBe(Object.prototype);
  });
});

describe('size and depth', () => {
  it('a document over the size limit is refused before parsing', () => {
    const text = `version: 1\n# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
    const issue = issueAt(refuse('oversized', text), '(root)');
    expect(issue.message).toBe('the file is too large to be a configuration file');
    expect(issue.found).toBe(`${Buffer.byteLength(text)} bytes`);
  });

  it('the limit counts bytes, not characters', () => {
    const emoji = '🤖'.repeat(MAX_CONFIG_BYTES / 4); // 4 bytes each, exactly at the limit
    expect(parseConfig(`#${emoji}`, FILE).ok).toBe(false);
  });

  it('deep flow nesting is refused before yaml parses it (it would exhaust the stack)', () => {
    const n = MAX_CONFIG_BYTES / 2 - 10;
    const issue = issueAt(refuse('deep flow nesting', `a: ${'['.repeat(n)}${']'.repeat(n)}`), '(root)');
    expect(issue.message).toBe('the document nests too deeply');
    expect(issue.line).toBe(1);
    expect(issue.column).toBe(4 + MAX_NESTING);
  });

  it('deep block nesting is refused after parsing, before building data', () => {
    const lines = Array.from({ length: MAX_NESTING + 5 }, (_, i) => `${' '.repeat(i * 2)}k${i}:`);
    const issues = refuse('deep block nesting', `${lines.join('\n')} x\n`);
    expect(issues.some((i) => i.message === 'the document nests too deeply')).toBe(true);
  });

  it('many errors are capped with a summary', () => {
    const text = v1(Array.from({ length: 500 }, (_, i) => `unknown_${i}: 1`).join('\n'));
    const issues = refuse('500 unknown keys', text);
    expect(issues).toHaveLength(101);
    expect(issues[100]!.message).toBe('400 more problems are not shown');
  });

  it('a long key gets a truncated display; one over 1024 characters is a YAML error', () => {
    const issue = issueAt(refuse('long key', v1(`${'k'.repeat(1000)}: 1\n`)), 'k'.repeat(1000));
    expect(issue.message.length).toBeLessThan(60);
    expect(issue.fix).toContain('delete the key');
    const huge = refuse('huge key', v1(`${'k'.repeat(100_000)}: 1\n`));
    expect(huge[0]!.message).toMatch(/^YAML syntax error: /u);
    expect(huge[0]!.found.length).toBeLessThan(60);
  });
});

describe('YAML structure', () => {
  it('syntax errors carry line and column', () => {
    const issues = refuse('unclosed quote', 'version: 1\nscope: "branch\n');
    expect(issues[0]!.line).toBe(3); // where the closing quote is missing: the end of the file
    expect(issues[0]!.fix).toMatch(/closing/u);
  });

  it('tabs as indentation', () => {
    expect(refuse('tab', 'version: 1\ntriggers:\n\tmax_pushes: 1\n')[0]!.fix).toMatch(/spaces/u);
  });

  it('duplicate keys', () => {
    const issue = issueAt(refuse('duplicate', 'version: 1\nscope: branch\nscope: author\n'), 'scope');
    expect(issue.line).toBe(3);
    expect(issue.expected).toBe('each key once');
  });

  it('more than one document', () => {
    const issue = issueAt(refuse('two documents', 'version: 1\n---\nversion: 1\n'), '(root)');
    expect(issue.message).toBe('the file holds more than one YAML document');
    expect(issue.line).toBe(2);
  });

  it('complex (collection) keys', () => {
    expect(refuse('complex key', 'version: 1\n? [a, b]\n: 1\n')[0]!.message).toBe('keys must be plain words');
  });

  it('a %YAML 1.1 directive does not bring back yes/no booleans, !!binary or merge keys', () => {
    const issues = refuse('yaml 1.1', '%YAML 1.1\n---\nversion: 1\nenable_timeout_completion: yes\n');
    expect(issueAt(issues, 'enable_timeout_completion').found).toBe('the text "yes"');
  });

  it('binary garbage is refused, not thrown', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    expect(parseConfig(garbage, FILE).ok).toBe(false);
  });
});

describe('hostile patterns', () => {
  it('catastrophic patterns are refused, each with its index', () => {
    const issues = refuse(
      'catastrophic patterns',
      v1('auto_pr_patterns:\n  - "^wip:"\n  - "(a+)+$"\n  - "(a|a)*b"\n  - "(.*a){20}"\n  - "^(\\\\w+\\\\s?)*$"\n'),
    );
    expect(issues.map((i) => i.path)).toEqual(['auto_pr_patterns[1]', 'auto_pr_patterns[2]', 'auto_pr_patterns[3]', 'auto_pr_patterns[4]']);
    expect(issueAt(issues, 'auto_pr_patterns[1]').message).toMatch(/^nested quantifier "\(a\+\)\+"/u);
    expect(issueAt(issues, 'auto_pr_patterns[2]').message).toMatch(/backtracks catastrophically/u);
    expect(issueAt(issues, 'auto_pr_patterns[2]').line).toBe(5);
  });

  it('a file full of slow patterns is refused within the probe budget', () => {
    // Distinct patterns so no probe result is reused; each would hang without the timeout.
    const patterns = Array.from({ length: 40 }, (_, i) => `  - "(x${i}|x${i})*y"`);
    const started = performance.now();
    const issues = refuse('40 slow patterns', v1(`auto_pr_patterns:\n${patterns.join('\n')}\n`));
    expect(issues).toHaveLength(40);
    const notChecked = issues.filter((i) => i.message.startsWith('not checked'));
    const probed = issues.length - notChecked.length;
    expect(probed).toBeLessThanOrEqual(Math.ceil(PROBE_BUDGET_MS / PROBE_TIMEOUT_MS) + 1);
    console.log(`40 slow patterns: ${probed} probed, ${notChecked.length} not checked, ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('an over-long pattern is refused by length', () => {
    const issue = issueAt(refuse('long pattern', v1(`auto_pr_patterns: ["${'a'.repeat(300)}"]\n`)), 'auto_pr_patterns[0]');
    expect(issue.message).toBe('is too long');
    expect(issue.found).toBe('300 characters');
  });
});

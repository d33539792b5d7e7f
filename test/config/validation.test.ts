import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  closestKey,
  configOrThrow,
  formatIssues,
  parseConfig,
} from '../../packages/domain/src/config/index.js';
import { DEFAULT_CONFIG } from '../../packages/domain/src/config/defaults.js';
import { expectComplete, FILE, invalid, issueAt, v1, valid } from './helpers.js';

// The original validator (validate_config.py, original-system.md §1) checked, in order: file exists,
// YAML parses, not empty, 7 required fields, timeout_minutes int 5–120, idle_warning_minutes int
// 1–60, idle < timeout, every pattern compiles. Each check has a test here; where ours differs on
// purpose, the test name says how.
describe("the original validator's checks", () => {
  it('YAML must parse: a syntax error is an issue with line and column', () => {
    const issues = invalid(v1('timeout_minutes: [30\nscope: branch\n'));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/^YAML syntax error: /u);
    expect(issues[0]!.line).toBe(3);
    expect(issues[0]!.column).toBe(1);
    expectComplete(issues[0]!);
  });

  it('the original 7 keys are no longer required: each one left out takes its default', () => {
    const config = valid('version: 1\n');
    expect(config.timeout_minutes).toBe(30);
    expect(config.idle_warning_minutes).toBe(15);
    expect(config.auto_pr_patterns).toEqual(DEFAULT_CONFIG.auto_pr_patterns);
    expect(config.completion_markers).toEqual(DEFAULT_CONFIG.completion_markers);
    expect(config.min_files_for_manual).toBe(5);
    expect(config.enable_timeout_completion).toBe(true);
    expect(config.enable_heuristic_completion).toBe(DEFAULT_CONFIG.enable_heuristic_completion);
  });

  it("the original's own session_config.yaml is accepted once it says version: 1", () => {
    const original = [
      'timeout_minutes: 30',
      'idle_warning_minutes: 15',
      'auto_pr_patterns:',
      '  - "^auto-pr:"',
      '  - "^wip:"',
      '  - "^\\\\[auto\\\\]"',
      '  - "^checkpoint:"',
      '  - "^cursor-session"',
      '  - "^🤖"',
      'completion_markers: ["ready for review", "ready to review", "complete", "final pr", "[session-complete]", "[ready]", "done with session", "finished", "✅"]',
      'min_files_for_manual: 5',
      'enable_timeout_completion: true',
      'enable_heuristic_completion: true',
      '',
    ].join('\n');
    const missing = issueAt(invalid(original), 'version');
    expect(missing.fix).toContain('version: 1');
    const config = valid(v1(original));
    expect(config.auto_pr_patterns).toEqual(DEFAULT_CONFIG.auto_pr_patterns);
    expect(config.enable_heuristic_completion).toBe(true);
  });

  it.each([4, 121, 0, -30])('timeout_minutes must be an integer in 5–120: %s is refused', (n) => {
    const issue = issueAt(invalid(v1(`timeout_minutes: ${n}\n`)), 'timeout_minutes');
    expect(issue.expected).toBe('an integer from 5 to 120');
    expect(issue.found).toBe(String(n));
    expect(issue.line).toBe(2);
    expectComplete(issue);
  });

  it('timeout_minutes: the bounds 5 and 120 are accepted', () => {
    expect(valid(v1('timeout_minutes: 5\nidle_warning_minutes: 4\n')).timeout_minutes).toBe(5);
    expect(valid(v1('timeout_minutes: 120\n')).timeout_minutes).toBe(120);
  });

  it('timeout_minutes must be an integer: text and fractions are refused with a concrete fix', () => {
    const quoted = issueAt(invalid(v1('timeout_minutes: "30"\n')), 'timeout_minutes');
    expect(quoted.found).toBe('the text "30"');
    expect(quoted.fix).toBe('remove the quotes: timeout_minutes: 30');
    const fraction = issueAt(invalid(v1('timeout_minutes: 30.5\n')), 'timeout_minutes');
    expect(fraction.fix).toContain('timeout_minutes: 31');
  });

  it('idle_warning_minutes must be an integer ≥ 1 (the original capped it at 60; ours is capped by timeout_minutes)', () => {
    expect(issueAt(invalid(v1('idle_warning_minutes: 0\n')), 'idle_warning_minutes').expected).toBe('an integer of at least 1');
    expect(issueAt(invalid(v1('idle_warning_minutes: ten\n')), 'idle_warning_minutes').found).toBe('the text "ten"');
    expect(valid(v1('timeout_minutes: 120\nidle_warning_minutes: 90\n')).idle_warning_minutes).toBe(90);
  });

  it('idle_warning_minutes must be less than timeout_minutes, with the original message', () => {
    const issue = issueAt(invalid(v1('timeout_minutes: 20\nidle_warning_minutes: 20\n')), 'idle_warning_minutes');
    expect(issue.message).toBe('idle_warning_minutes (20) must be less than timeout_minutes (20)');
    expect(issue.line).toBe(3);
    expect(issue.fix).toBe('set idle_warning_minutes to at most 19, or raise timeout_minutes above 20');
  });

  it('the rule also holds against a default: timeout_minutes 10 with the default warning at 15', () => {
    const issue = issueAt(invalid(v1('timeout_minutes: 10\n')), 'timeout_minutes');
    expect(issue.message).toContain('(15, the default)');
    expect(issue.line).toBe(2);
  });

  it('every auto_pr_patterns entry must compile: the JS error text, the index and the line are given', () => {
    const issues = invalid(v1('auto_pr_patterns:\n  - "^wip:"\n  - "^auto-pr("\n  - "["\n'));
    const unterminated = issueAt(issues, 'auto_pr_patterns[1]');
    expect(unterminated.message).toBe('Invalid regular expression: /^auto-pr(/iu: Unterminated group');
    expect(unterminated.line).toBe(4);
    expect(unterminated.found).toBe('"^auto-pr("');
    expect(issueAt(issues, 'auto_pr_patterns[2]').message).toMatch(/Invalid regular expression: \/\[\/iu: /u);
  });

  it('checks the original skipped: markers, booleans and min_files_for_manual are typed', () => {
    const issues = invalid(
      v1('completion_markers: [done, 5, "", "   "]\nenable_timeout_completion: "yes"\nenable_heuristic_completion: 1\nmin_files_for_manual: 0\n'),
    );
    expect(issueAt(issues, 'completion_markers[1]').expected).toBe('text');
    expect(issueAt(issues, 'completion_markers[1]').fix).toBe('quote it: - "5"');
    expect(issueAt(issues, 'completion_markers[2]').message).toBe('is empty');
    expect(issueAt(issues, 'completion_markers[3]').message).toBe('is blank');
    expect(issueAt(issues, 'enable_timeout_completion').fix).toContain('enable_timeout_completion: true');
    expect(issueAt(issues, 'enable_heuristic_completion').expected).toBe('true or false');
    expect(issueAt(issues, 'min_files_for_manual').expected).toBe('an integer from 1 to 1000');
    expect(issues).toHaveLength(6);
  });
});

describe('the new keys', () => {
  it('version must be 1', () => {
    expect(issueAt(invalid('version: 2\n'), 'version').fix).toContain('version: 1');
    expect(issueAt(invalid('version: "1"\n'), 'version').fix).toBe('write version: 1 without quotes');
  });

  it('scope and non_auto_prs are enums, with a did-you-mean', () => {
    const issues = invalid(v1('scope: athor\nnon_auto_prs: sessions\n'));
    expect(issueAt(issues, 'scope').fix).toBe('did you mean author? Write scope: author');
    expect(issueAt(issues, 'scope').expected).toBe('one of: branch, author');
    expect(issueAt(issues, 'non_auto_prs').fix).toContain('session');
  });

  it('complete_command must be a slash command', () => {
    const issue = issueAt(invalid(v1('complete_command: complete session\n')), 'complete_command');
    expect(issue.fix).toBe('write complete_command: /complete-session');
    expect(valid(v1('complete_command: /done\n')).complete_command).toBe('/done');
    expect(issueAt(invalid(v1('complete_command: "/done now"\n')), 'complete_command').fix).toBe('write complete_command: /done-now');
  });

  it('triggers are merged key by key with the defaults', () => {
    const config = valid(v1('triggers:\n  max_pushes: 20\n  closed: false\n'));
    expect(config.triggers).toEqual({ ...DEFAULT_CONFIG.triggers, max_pushes: 20, closed: false });
  });

  it('triggers: max_duration_minutes and max_pushes accept 0 (off) and refuse negatives', () => {
    expect(valid(v1('triggers: { max_duration_minutes: 0, max_pushes: 0 }\n')).triggers.max_pushes).toBe(0);
    const issue = issueAt(invalid(v1('triggers:\n  max_pushes: -1\n')), 'triggers.max_pushes');
    expect(issue.line).toBe(3);
    expect(issue.column).toBe(15);
    expect(issue.fix).toContain('0 turns it off');
  });

  it('orphan_hours must outlast the idle timeout', () => {
    const issue = issueAt(invalid(v1('timeout_minutes: 120\nidle_warning_minutes: 60\norphan_hours: 2\n')), 'orphan_hours');
    expect(issue.fix).toBe('set orphan_hours to at least 3');
  });

  it('lists replace the defaults rather than extending them', () => {
    expect(valid(v1('auto_pr_patterns: ["^bot:"]\n')).auto_pr_patterns).toEqual(['^bot:']);
  });

  it('a scalar where a list belongs gets a fix that shows the list form', () => {
    expect(issueAt(invalid(v1('auto_pr_patterns: "^wip:"\n')), 'auto_pr_patterns').fix).toContain('auto_pr_patterns: ["^wip:"]');
  });

  it('an empty value is reported, not silently defaulted', () => {
    const issues = invalid(v1('timeout_minutes:\ntriggers:\n'));
    expect(issueAt(issues, 'timeout_minutes').found).toBe('an empty value (null)');
    expect(issueAt(issues, 'timeout_minutes').line).toBe(2);
    expect(issueAt(issues, 'triggers').line).toBe(3);
  });

  it('a top level that is not a mapping is one clear issue', () => {
    const issue = issueAt(invalid('- version: 1\n'), '(root)');
    expect(issue.message).toBe('must be a mapping of keys to values');
    expect(issue.found).toBe('a list of 1 item');
  });
});

describe('unknown keys', () => {
  it('names the key and suggests the closest valid one', () => {
    const issue = issueAt(invalid(v1('timeout_minute: 30\n')), 'timeout_minute');
    expect(issue.message).toBe('unknown key "timeout_minute"');
    expect(issue.fix).toBe('did you mean "timeout_minutes"? Rename the key to timeout_minutes');
    expect(issue.line).toBe(2);
    expect(issue.column).toBe(1);
    expect(issue.expected).toContain('timeout_minutes');
  });

  it('recognises other spelling styles and prefixes', () => {
    expect(closestKey('timeoutMinutes', ['timeout_minutes', 'scope'])).toBe('timeout_minutes');
    expect(closestKey('Idle-Warning-Minutes', ['idle_warning_minutes'])).toBe('idle_warning_minutes');
    expect(closestKey('timeout', ['timeout_minutes', 'scope'])).toBe('timeout_minutes');
    expect(closestKey('completion_marker', ['completion_markers', 'complete_command'])).toBe('completion_markers');
    expect(closestKey('zzzz', ['timeout_minutes', 'scope'])).toBeNull();
  });

  it('a trigger key at the top level is told to move under triggers, and the reverse', () => {
    const issues = invalid(v1('max_pushes: 3\ntriggers:\n  orphan_hours: 3\n'));
    expect(issueAt(issues, 'max_pushes').fix).toBe('move max_pushes under triggers:');
    expect(issueAt(issues, 'triggers.orphan_hours').fix).toBe('move orphan_hours to the top level (it is not a trigger)');
    expect(issueAt(issues, 'triggers.orphan_hours').line).toBe(4);
  });

  it('an unknown trigger key gets a suggestion among trigger keys', () => {
    expect(issueAt(invalid(v1('triggers:\n  ready_for_reviw: true\n')), 'triggers.ready_for_reviw').fix).toContain('"ready_for_review"');
  });

  it('a key with no near match is to be deleted', () => {
    expect(issueAt(invalid(v1('colour: blue\n')), 'colour').fix).toContain('delete the key');
  });

  it('YAML merge keys are explained', () => {
    expect(issueAt(invalid(v1('base: &b { scope: author }\n<<: *b\n')), '<<').fix).toContain('merge keys are not supported');
  });
});

describe('every problem at once', () => {
  const text = [
    'version: 1', //                    1
    'timeout_minute: 30', //            2  unknown key
    'idle_warning_minutes: 0', //       3  below minimum
    'scope: team', //                   4  enum
    'auto_pr_patterns:', //             5
    '  - "^ok:"', //                    6
    '  - "(a+)+$"', //                  7  catastrophic
    'enable_timeout_completion: yes', // 8 text, not boolean
    'triggers:', //                     9
    '  max_pushes: "5"', //            10  quoted number
    '  merge: true', //                11  unknown trigger key
    'complete_command: done', //       12  not a slash command
    '',
  ].join('\n');

  it('reports each with its line, in file order', () => {
    const issues = invalid(text);
    expect(issues.map((i) => [i.line, i.path])).toEqual([
      [2, 'timeout_minute'],
      [3, 'idle_warning_minutes'],
      [4, 'scope'],
      [7, 'auto_pr_patterns[1]'],
      [8, 'enable_timeout_completion'],
      [10, 'triggers.max_pushes'],
      [11, 'triggers.merge'],
      [12, 'complete_command'],
    ]);
    issues.forEach(expectComplete);
    expect(issueAt(issues, 'triggers.merge').fix).toContain('"merged"');
  });

  it('formats one line per issue: file:line:col  path: message (expected X, found Y). Fix: ...', () => {
    const lines = formatIssues(invalid(text)).split('\n');
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line).toMatch(/^\.github\/auto-pr-sessions\.yml:\d+:\d+ {2}\S+: .+ \(expected .+, found .+\)\. Fix: .+$/u);
    expect(lines[0]).toBe(
      `${FILE}:2:1  timeout_minute: unknown key "timeout_minute" (expected one of the keys at the top level: ` +
        'version, scope, timeout_minutes, idle_warning_minutes, auto_pr_patterns, completion_markers, min_files_for_manual, ' +
        'enable_timeout_completion, enable_heuristic_completion, enable_heuristic_detection, non_auto_prs, complete_command, ' +
        'orphan_hours, handoff_retry_minutes, triggers, found "timeout_minute"). Fix: did you mean "timeout_minutes"? Rename the key to timeout_minutes',
    );
  });

  it('ConfigError carries the issues for callers that throw', () => {
    const result = parseConfig(text, FILE);
    expect(() => configOrThrow(result)).toThrow(ConfigError);
    try {
      configOrThrow(result);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).issues).toHaveLength(8);
      expect((err as ConfigError).message).toContain('timeout_minute: unknown key');
    }
    expect(configOrThrow(parseConfig('version: 1\n', FILE)).timeout_minutes).toBe(30);
  });
});

describe('warnings never make a file invalid', () => {
  function warningsOf(text: string): string[] {
    const result = parseConfig(text, FILE);
    if (!result.ok) throw new Error('expected valid');
    return result.warnings.map((w) => `${w.path}: ${w.message}`);
  }

  it('duplicate patterns and markers (case-insensitive)', () => {
    expect(warningsOf(v1('auto_pr_patterns: ["^wip:", "^WIP:"]\ncompletion_markers: [done, Done]\n'))).toEqual([
      'auto_pr_patterns[1]: duplicate entry (matching ignores case)',
      'completion_markers[1]: duplicate entry (matching ignores case)',
    ]);
  });

  it('a configured command whose trigger is off', () => {
    expect(warningsOf(v1('complete_command: /done\ntriggers: { complete_command: false }\n'))[0]).toMatch(/^complete_command: /u);
  });

  it('no patterns and no heuristic: only explicit session ids form sessions', () => {
    expect(warningsOf(v1('auto_pr_patterns: []\n'))[0]).toMatch(/only pushes with an explicit Session-Id/u);
  });

  it('max duration shorter than the idle timeout', () => {
    expect(warningsOf(v1('triggers: { max_duration_minutes: 10 }\n'))[0]).toMatch(/^triggers\.max_duration_minutes: /u);
  });

  it('no completion signal at all: sessions would end only by orphan cleanup', () => {
    const text = v1(
      'completion_markers: []\nenable_timeout_completion: false\nenable_heuristic_completion: false\n' +
        'triggers: { complete_command: false, ready_for_review: false, merged: false, closed: false, dispatch: false, max_duration_minutes: 0, max_pushes: 0 }\n',
    );
    expect(warningsOf(text)).toEqual([expect.stringMatching(/^triggers: no completion signal is enabled/u)]);
  });

  it('an unknown YAML tag is read as text, with a warning', () => {
    expect(warningsOf(v1('scope: !team branch\n'))[0]).toMatch(/^scope: YAML warning: Unresolved tag/u);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_RUBRIC, RUBRIC_SCHEMA, RubricError, parseRubric } from '@auto-pr-sessions/scoring';

const schemaFile = fileURLToPath(new URL('../../packages/core/schema/rubric.schema.json', import.meta.url));

function rubricError(text: string): RubricError {
  try {
    parseRubric(text, 'rubric.yml');
  } catch (err) {
    expect(err).toBeInstanceOf(RubricError);
    return err as RubricError;
  }
  throw new Error('expected a RubricError');
}

describe('rubric schema', () => {
  it('packages/core/schema/rubric.schema.json is generated from rubric-schema.ts (UPDATE_SCHEMA=1 rewrites it)', () => {
    const generated = `${JSON.stringify(RUBRIC_SCHEMA, null, 2)}\n`;
    if (process.env['UPDATE_SCHEMA'] === '1') writeFileSync(schemaFile, generated);
    expect(readFileSync(schemaFile, 'utf8')).toBe(generated);
  });
});

describe('parseRubric', () => {
  it('the default rubric round-trips through YAML and has the original numbers', () => {
    const r = parseRubric(stringify(DEFAULT_RUBRIC), 'default.yml');
    expect(r).toEqual(DEFAULT_RUBRIC);
    expect(r.weights).toEqual({ tests: 3, bug_fix: 2, docs: 1, performance: 1, security: 2 });
    expect(r.penalties).toEqual({ failing_ci: -4, missing_tests: -2, regression: -3 });
    expect(r.security.blocker_cap).toBe(-3);
    expect(r.decision).toEqual({ block_below: -3, approve_above: 3, block_on_critical: false });
  });

  it('an empty file is the default rubric; a partial one is merged over it (arrays replace)', () => {
    expect(parseRubric('', 'empty.yml')).toEqual(DEFAULT_RUBRIC);
    const r = parseRubric('version: 1\nweights:\n  tests: 5\nbug_fix:\n  terms: [fix]\n', 'p.yml');
    expect(r.weights).toEqual({ ...DEFAULT_RUBRIC.weights, tests: 5 });
    expect(r.bug_fix.terms).toEqual(['fix']);
    expect(r.penalties).toEqual(DEFAULT_RUBRIC.penalties);
  });

  it('an unknown key: file, line, path and a did-you-mean fix', () => {
    const e = rubricError('version: 1\nweights:\n  tests: 3\n  bugfix: 2\n');
    expect(e).toMatchObject({ file: 'rubric.yml', line: 4, column: 3, path: '/weights/bugfix', problem: 'unknown key "bugfix"' });
    expect(e.fix).toMatch(/did you mean "bug_fix"\?/);
    expect(e.message).toMatch(/^rubric\.yml:4:3 at \/weights\/bugfix: unknown key "bugfix"\. did you mean/);
  });

  it('a wrong type or sign points at the value', () => {
    const t = rubricError('weights:\n  tests: three\n');
    expect(t).toMatchObject({ line: 2, path: '/weights/tests', problem: 'must be number' });
    const s = rubricError('penalties:\n  failing_ci: 4\n');
    expect(s).toMatchObject({ line: 2, path: '/penalties/failing_ci', problem: 'must be <= 0' });
    expect(s.fix).toMatch(/negative or 0/);
    expect(rubricError('version: 2\n')).toMatchObject({ path: '/version', problem: 'must be 1' });
  });

  it('several problems: the first is reported and the rest counted', () => {
    expect(rubricError('weights:\n  tests: x\n  docs: y\n').problem).toBe('must be number (and 1 more problem)');
  });

  it('YAML syntax errors, duplicate keys and non-mappings', () => {
    expect(rubricError('weights:\n  tests: [1\n')).toMatchObject({ path: '', line: expect.any(Number) as number });
    expect(rubricError('weights:\n  tests: 1\n  tests: 2\n').problem).toMatch(/not valid YAML/);
    expect(rubricError('- a\n- b\n').problem).toMatch(/must be a mapping/);
  });

  it('bands must be ordered', () => {
    expect(rubricError('decision:\n  block_below: 5\n  approve_above: 3\n')).toMatchObject({ path: '/decision/block_below', line: 2 });
  });

  it('a YAML alias bomb is refused', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i += 1) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const e = rubricError(lines.join('\n'));
    expect(e.problem).toMatch(/cannot be read|alias/i);
  });

  it('an oversized file is refused before parsing', () => {
    expect(rubricError(`# ${'x'.repeat(300 * 1024)}\n`).problem).toMatch(/larger than 256 KiB/);
  });
});

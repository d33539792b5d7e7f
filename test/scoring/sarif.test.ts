import { describe, expect, it } from 'vitest';
import { parseSarif, severityOf, uriToPath } from '@auto-pr-sessions/scoring';
import { fixture, text } from './helpers.js';

const log = (results: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T', rules: [{ id: 'r0', properties: { tags: ['security'], 'security-severity': '9.8' } }, { id: 'r1', defaultConfiguration: { level: 'note' } }] } }, results, ...extra }] });
const result = (over: Record<string, unknown> = {}) => ({
  ruleId: 'r1',
  message: { text: 'm' },
  locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.ts' }, region: { startLine: 3 } } }],
  ...over,
});

describe('SARIF from ESLint (@microsoft/eslint-formatter-sarif)', () => {
  it('reads rules, levels and locations; drops the inline-suppressed result', async () => {
    const r = await parseSarif(fixture('eslint/eslint.sarif'));
    expect(r.tools).toEqual(['ESLint']);
    expect(r.excluded.suppressed).toBe(1);
    expect(r.findings.map((f) => [f.ruleId, f.level, f.severity, f.line])).toEqual([
      ['prefer-const', 'warning', 'medium', 27],
      ['eqeqeq', 'warning', 'medium', 28],
      ['no-eval', 'error', 'high', 33],
      ['prefer-const', 'warning', 'medium', 14],
    ]);
    expect(r.findings[0]?.file).toBe('/tmp/auto-pr-sessions-sample/src/cache.js');
  });

  it('a baseline SARIF (ESLint on the base commit) removes the finding that was already there', async () => {
    const r = await parseSarif(fixture('eslint/eslint.sarif'), { baseline: fixture('eslint/eslint-base.sarif') });
    expect(r.excluded.baseline).toBe(1);
    expect(r.findings.map((f) => `${f.ruleId}:${f.file?.split('/').pop()}:${f.line}`)).toEqual(['prefer-const:cache.js:27', 'eqeqeq:cache.js:28', 'no-eval:cache.js:33']);
  });
});

describe('SARIF semantics', () => {
  it('security-severity bands and level fallbacks', () => {
    expect(severityOf('warning', 9)).toBe('critical');
    expect(severityOf('note', 7)).toBe('high');
    expect(severityOf('error', 4)).toBe('medium');
    expect(severityOf('error', 3.9)).toBe('low');
    expect(['error', 'warning', 'note', 'none'].map((l) => severityOf(l as 'error', undefined))).toEqual(['high', 'medium', 'low', 'info']);
  });

  it('rule metadata by ruleIndex, by id and from extensions; default level from the rule', async () => {
    const ext = { tool: { driver: { name: 'CodeQL', rules: [] }, extensions: [{ name: 'pack', rules: [{ id: 'js/xss', properties: { 'security-severity': '7.5', tags: ['security', 'external/cwe/cwe-079'] } }] }] } };
    const content = JSON.stringify({
      version: '2.1.0',
      runs: [
        { tool: { driver: { name: 'T', rules: [{ id: 'r0', properties: { 'security-severity': '9.8' } }, { id: 'r1', defaultConfiguration: { level: 'note' } }] } }, results: [result({ ruleId: undefined, ruleIndex: 0 }), result()] },
        { ...ext, results: [result({ ruleId: 'js/xss', rule: { id: 'js/xss', index: 0, toolComponent: { index: 0 } }, level: 'warning' }), result({ ruleId: 'js/xss/reflected' })] },
      ],
    });
    const r = await parseSarif(text('x.sarif', content));
    expect(r.findings.map((f) => [f.tool, f.ruleId, f.severity, f.level])).toEqual([
      ['T', 'r0', 'critical', 'warning'],
      ['T', 'r1', 'low', 'note'],
      ['CodeQL', 'js/xss', 'high', 'warning'],
      ['CodeQL', 'js/xss/reflected', 'high', 'warning'],
    ]);
    expect(r.findings[2]?.tags).toContain('security');
  });

  it('excludes suppressed (unless rejected), unchanged and absent baselineState, and non-fail kinds', async () => {
    const r = await parseSarif(
      text(
        'x.sarif',
        log([
          result({ suppressions: [{ kind: 'external', status: 'accepted' }] }),
          result({ suppressions: [{ kind: 'inSource', status: 'rejected' }] }),
          result({ baselineState: 'unchanged' }),
          result({ baselineState: 'absent' }),
          result({ baselineState: 'new' }),
          result({ baselineState: 'updated' }),
          result({ kind: 'pass' }),
          result({ suppressions: [] }),
        ]),
      ),
    );
    expect(r.excluded).toEqual({ notFailing: 1, suppressed: 1, unchanged: 1, absent: 1, baseline: 0 });
    expect(r.findings).toHaveLength(4);
  });

  it('baseline matching by partialFingerprints survives a line shift', async () => {
    const head = text('h.sarif', log([result({ partialFingerprints: { primaryLocationLineHash: 'abc:1' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.ts' }, region: { startLine: 30 } } }] }), result({ ruleId: 'r0' })]));
    const base = text('b.sarif', log([result({ partialFingerprints: { primaryLocationLineHash: 'abc:1' } })]));
    const r = await parseSarif(head, { baseline: base });
    expect(r.excluded.baseline).toBe(1);
    expect(r.findings.map((f) => f.ruleId)).toEqual(['r0']);
  });

  it('artifact index, uriBaseId-relative and file:// URIs', async () => {
    expect(uriToPath('file:///a/b%20c.ts')).toBe('/a/b c.ts');
    expect(uriToPath('file:///C:/x/y.ts')).toBe('C:/x/y.ts');
    expect(uriToPath('src/a.ts')).toBe('src/a.ts');
    const r = await parseSarif(text('x.sarif', log([result({ locations: [{ physicalLocation: { artifactLocation: { index: 0 }, region: { startLine: 1 } } }] })], { artifacts: [{ location: { uri: 'lib/z.py' } }] })));
    expect(r.findings[0]?.file).toBe('lib/z.py');
  });

  it('refuses other SARIF versions and non-SARIF JSON', async () => {
    await expect(parseSarif(text('old.sarif', JSON.stringify({ version: '1.0.0', runs: [] })))).rejects.toThrow(/old\.sarif \(given as sarif\): is SARIF version 1\.0\.0/);
    await expect(parseSarif(text('cov.json', JSON.stringify({ total: { lines: {} } })))).rejects.toThrow(/cov\.json \(given as sarif\): is not a SARIF log/);
  });

  it('caps stored findings and message length', async () => {
    const many = Array.from({ length: 50 }, () => result({ message: { text: 'x'.repeat(2000) } }));
    const r = await parseSarif(text('m.sarif', log(many)), { maxFindings: 10, maxMessageChars: 20 });
    expect(r.total).toBe(50);
    expect(r.findings).toHaveLength(10);
    expect(r.truncated).toBe(true);
    expect(r.findings[0]?.message).toHaveLength(21);
  });
});

import { describe, expect, it } from 'vitest';
import { collectInputs, parseSarif } from '@auto-pr-sessions/scoring';
import { RepoPaths } from '../../packages/scoring/src/repo-paths.js';
import { fixture, tempDir, text } from './helpers.js';

describe('RepoPaths: report paths become repository paths', () => {
  it('strips this run\'s workspace and hosted runners\' checkouts, keeps relative paths', () => {
    const p = new RepoPaths({ workspace: '/work/app' });
    expect(p.resolve('/work/app/src/a.ts')).toBe('src/a.ts');
    expect(p.resolve('file:///home/runner/work/app/app/src/a.ts')).toBe('src/a.ts');
    expect(p.resolve('/Users/runner/work/app/app/lib/b.py')).toBe('lib/b.py');
    expect(p.resolve('D:\\a\\app\\app\\src\\c.cs')).toBe('src/c.cs');
    expect(p.resolve('file:///D:/a/app/app/src/c.cs')).toBe('src/c.cs');
    expect(p.resolve('/__w/app/app/src/d.go')).toBe('src/d.go');
    expect(p.resolve('/github/workspace/src/e.rb')).toBe('src/e.rb');
    expect(p.resolve('./src/f.ts')).toBe('src/f.ts');
  });

  it('learns a foreign checkout from a path that ends with a file of the change, and applies it to the others', () => {
    const p = new RepoPaths({ known: ['src/cache.js', 'test/cache.test.js'] }).learn(['/tmp/sample/src/cache.js', '/tmp/sample/src/math.js']);
    expect(p.resolve('/tmp/sample/src/cache.js')).toBe('src/cache.js');
    expect(p.resolve('/tmp/sample/src/math.js')).toBe('src/math.js');
  });

  it('keeps an absolute path nothing explains, with its leading slash (no guess)', () => {
    const p = new RepoPaths({ known: ['src/a.ts'] }).learn(['/opt/other/lib/x.ts']);
    expect(p.resolve('/opt/other/lib/x.ts')).toBe('/opt/other/lib/x.ts');
  });
});

describe('paths of real reports match the diff', () => {
  it('ESLint SARIF without a baseline: every finding (also outside the change) has a repository path', async () => {
    const inputs = await collectInputs({ sarif: [fixture('eslint/eslint.sarif')], diff: fixture('git/git-diff.patch') });
    expect([...new Set(inputs.findings?.map((f) => f.file))].sort()).toEqual(['src/cache.js', 'src/math.js']);
  });

  it('Cobertura filenames are joined to their <source> and give the same changed-line coverage as lcov', async () => {
    const diff = fixture('git/git-diff.patch');
    const viaCobertura = await collectInputs({ cobertura: fixture('vitest/cobertura-coverage.xml'), diff });
    const viaLcov = await collectInputs({ lcov: fixture('vitest/lcov.info'), diff });
    expect(viaCobertura.changedLineCoverage).toEqual(viaLcov.changedLineCoverage);
    expect(viaCobertura.changedLineCoverage?.total).toBeGreaterThan(0);
  });

  it('a Cobertura <source> below the checkout (coverage.py style) keeps the directory in the repository path', async () => {
    const t = tempDir();
    try {
      const xml = t.write('coverage.xml', '<?xml version="1.0"?><coverage line-rate="0.5"><sources><source>/home/runner/work/app/app/lib</source></sources><packages><package name="pkg"><classes><class name="a.py" filename="pkg/a.py"><lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class></classes></package></packages></coverage>');
      const patch = t.write('d.patch', 'diff --git a/lib/pkg/a.py b/lib/pkg/a.py\n--- a/lib/pkg/a.py\n+++ b/lib/pkg/a.py\n@@ -0,0 +1,2 @@\n+x = 1\n+y = 2\n');
      const inputs = await collectInputs({ cobertura: xml, diff: patch });
      expect(inputs.changedLineCoverage).toMatchObject({ covered: 1, total: 2 });
    } finally {
      t.cleanup();
    }
  });

  it('SARIF uriBaseId resolved through originalUriBaseIds (CodeQL shape; synthetic: no CodeQL here)', async () => {
    const log = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'CodeQL', rules: [{ id: 'js/xss', properties: { 'security-severity': '7.5', tags: ['security'] } }] } },
          originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///home/runner/work/app/app/' }, PKG: { uri: 'packages/web/', uriBaseId: '%SRCROOT%' } },
          results: [
            { ruleId: 'js/xss', level: 'error', message: { text: 'xss' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a.js', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }] },
            { ruleId: 'js/xss', level: 'error', message: { text: 'xss' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/b.js', uriBaseId: 'PKG' }, region: { startLine: 4 } } }] },
            { ruleId: 'js/xss', level: 'error', message: { text: 'xss' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/c.js', uriBaseId: 'UNDEFINED_BASE' }, region: { startLine: 5 } } }] },
          ],
        },
      ],
    };
    const r = await parseSarif(text('codeql.sarif', JSON.stringify(log)));
    expect(r.findings.map((f) => f.file)).toEqual(['/home/runner/work/app/app/src/a.js', '/home/runner/work/app/app/packages/web/src/b.js', 'src/c.js']);
    const t = tempDir();
    try {
      const inputs = await collectInputs({ sarif: [t.write('codeql.sarif', JSON.stringify(log))] });
      expect(inputs.findings?.map((f) => f.file)).toEqual(['src/a.js', 'packages/web/src/b.js', 'src/c.js']);
    } finally {
      t.cleanup();
    }
  });
});

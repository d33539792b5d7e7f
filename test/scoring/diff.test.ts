import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { changedLineCoverage, classifyPath, globToRegExp, parseDiff, parseLcov, parseCobertura, parseIstanbul, unquoteGitPath } from '@auto-pr-sessions/scoring';
import { fixture, text } from './helpers.js';

describe('unified diff from a real `git diff -M`', () => {
  it('files, statuses, renames, classification and counts', async () => {
    const d = await parseDiff(fixture('git/git-diff.patch'));
    expect(d.files.map((f) => [f.path, f.status, f.kind, f.additions, f.deletions])).toEqual([
      ['docs/usage.md', 'modified', 'doc', 8, 1],
      ['src/cache.js', 'added', 'source', 34, 0],
      ['src/helpers.js', 'renamed', 'source', 1, 0],
      ['src/legacy.js', 'deleted', 'source', 0, 4],
      ['src/math.js', 'modified', 'source', 7, 0],
      ['test/cache.test.js', 'added', 'test', 28, 0],
      ['test/math.test.js', 'modified', 'test', 4, 1],
    ]);
    expect(d.files[2]?.oldPath).toBe('src/util.js');
    expect(d.additions).toBe(82);
    expect(d.deletions).toBe(6);
    const math = d.files.find((f) => f.path === 'src/math.js');
    expect(math?.addedLines).toEqual([19, 20, 21, 22, 23, 24, 25]);
    expect(math?.hunks).toEqual([{ oldStart: 16, oldLines: 3, newStart: 16, newLines: 10 }]);
    expect(d.files.find((f) => f.path === 'test/math.test.js')?.addedLines).toEqual([2, 17, 18, 19]);
    expect(math?.addedText[1]).toBe('export function percent(part, whole) {');
  });

  it('the same change as GitHub compare API JSON (files[].patch, derived from the real patch)', async () => {
    // Derived, not produced by GitHub: each file's hunks of the real git diff become `patch`,
    // as the compare API returns them. Statuses use the API's words (removed, renamed).
    const raw = readFileSync(fixture('git/git-diff.patch'), 'utf8');
    const unified = await parseDiff(fixture('git/git-diff.patch'));
    const sections = raw.split(/^diff --git /m).slice(1);
    const files = unified.files.map((f, i) => {
      const section = sections[i] as string;
      const patch = section.slice(section.indexOf('\n@@') + 1).replace(/\n$/, '');
      const status = f.status === 'deleted' ? 'removed' : f.status;
      return { filename: f.path, status, additions: f.additions, deletions: f.deletions, patch, ...(f.oldPath === undefined ? {} : { previous_filename: f.oldPath }) };
    });
    files.push({ filename: 'assets/logo.png', status: 'added', additions: 0, deletions: 0, patch: undefined as unknown as string });
    const api = await parseDiff(text('compare.json', JSON.stringify({ status: 'ahead', ahead_by: 1, total_commits: 1, files })));
    expect(api.files.slice(0, -1).map((f) => [f.path, f.status, f.additions, f.deletions, f.addedLines, f.oldPath])).toEqual(unified.files.map((f) => [f.path, f.status, f.additions, f.deletions, f.addedLines, f.oldPath]));
    expect(api.files.at(-1)).toMatchObject({ path: 'assets/logo.png', patchMissing: true });
    const arrayForm = await parseDiff(text('pulls-files.json', JSON.stringify(files.slice(0, 2))));
    expect(arrayForm.files.map((f) => f.path)).toEqual(['docs/usage.md', 'src/cache.js']);
  });

  it('plain `diff -u`, quoted paths, binary files, mode changes and no-newline markers', async () => {
    const plain = '--- a.txt\t2024-01-01 00:00:00\n+++ a.txt\t2024-01-02 00:00:00\n@@ -1 +1,2 @@\n-x\n+y\n+z\n\\ No newline at end of file\n--- b.txt\n+++ b.txt\n@@ -0,0 +1 @@\n+new\n';
    const p = await parseDiff(text('plain.diff', plain));
    expect(p.files.map((f) => [f.path, f.additions, f.deletions, f.addedLines])).toEqual([
      ['a.txt', 2, 1, [1, 2]],
      ['b.txt', 1, 0, [1]],
    ]);
    const git = [
      'diff --git "a/d\\303\\244t a.md" "b/d\\303\\244t a.md"',
      'index 1..2 100644',
      '--- "a/d\\303\\244t a.md"',
      '+++ "b/d\\303\\244t a.md"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/img.png b/img.png',
      'new file mode 100644',
      'index 0000000..abc',
      'Binary files /dev/null and b/img.png differ',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
      '',
    ].join('\n');
    const g = await parseDiff(text('git.diff', git));
    expect(g.files.map((f) => [f.path, f.status, f.binary, f.additions])).toEqual([
      ['dät a.md', 'modified', false, 1],
      ['img.png', 'added', true, 0],
      ['run.sh', 'modified', false, 0],
    ]);
  });

  it('a hunk line that looks like a header ("--- x") is content, counted by the hunk sizes', async () => {
    const d = await parseDiff(text('tricky.diff', 'diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n--- old rule\n+++ new rule\n context\n'));
    expect(d.files).toHaveLength(1);
    expect(d.files[0]).toMatchObject({ additions: 1, deletions: 1, addedLines: [1] });
  });

  it('an empty diff means no changes; text before the first file (git show) is ignored', async () => {
    expect((await parseDiff(text('empty.diff', ''))).files).toEqual([]);
    const show = 'commit abc\nAuthor: x\n\n    fix: thing\n\ndiff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-a\n+b\n';
    expect((await parseDiff(text('show.diff', show))).files.map((f) => f.path)).toEqual(['a.ts']);
  });

  it('bounds the kept added text', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `+line ${i} ${'x'.repeat(600)}`).join('\n');
    const d = await parseDiff(text('big.diff', `--- /dev/null\n+++ b/big.ts\n@@ -0,0 +1,1000 @@\n${lines}\n`), { maxAddedTextChars: 10_000 });
    expect(d.files[0]?.addedLines).toHaveLength(1000);
    expect(d.addedTextTruncated).toBe(true);
    expect(d.files[0]?.addedText.length).toBeLessThan(30);
    expect(d.files[0]?.addedText[0]).toHaveLength(500);
  });

  it('git path unquoting', () => {
    expect(unquoteGitPath('"a\\tb\\"c"')).toBe('a\tb"c');
    expect(unquoteGitPath('plain')).toBe('plain');
  });
});

describe('file classification (documented globs)', () => {
  it.each([
    ['src/a.test.ts', 'test'],
    ['packages/x/__tests__/a.ts', 'test'],
    ['tests/unit/test_a.py', 'test'],
    ['pkg/a_test.go', 'test'],
    ['src/test/java/FooTest.java', 'test'],
    ['test/fixtures/data.json', 'test'],
    ['README.md', 'doc'],
    ['docs/guide/setup.py', 'doc'],
    ['.github/workflows/ci.yml', 'config'],
    ['tsconfig.json', 'config'],
    ['vite.config.ts', 'config'],
    ['.eslintrc.cjs', 'config'],
    ['src/index.ts', 'source'],
    ['src/latest.ts', 'source'],
  ])('%s is %s', (path, kind) => {
    expect(classifyPath(path)).toBe(kind);
  });

  it('glob syntax', () => {
    expect(globToRegExp('**/a/*.{ts,js}').test('x/y/a/b.ts')).toBe(true);
    expect(globToRegExp('**/a/*.{ts,js}').test('a/b.js')).toBe(true);
    expect(globToRegExp('src/*.ts').test('src/x/y.ts')).toBe(false);
    expect(globToRegExp('file?.[ch]').test('dir/file1.c')).toBe(true);
  });
});

describe('changed-line coverage: real diff × real coverage', () => {
  it('counts added, instrumented lines and which ran (lcov, coverage-final and Cobertura agree)', async () => {
    const diff = await parseDiff(fixture('git/git-diff.patch'));
    const results = [];
    for (const cov of [await parseLcov(fixture('vitest/lcov.info')), await parseIstanbul(fixture('vitest/coverage-final.json')), await parseCobertura(fixture('vitest/cobertura-coverage.xml'))]) {
      const c = changedLineCoverage(diff, cov);
      results.push(c === undefined ? undefined : { covered: c.covered, total: c.total, pct: c.pct, files: c.files.map((f) => [f.path, f.covered, f.total]) });
    }
    expect(results[0]).toEqual({
      covered: 8,
      total: 19,
      pct: 42.11,
      files: [
        ['src/cache.js', 8, 16],
        ['src/math.js', 0, 3], // percent(): lines 21, 22 and 24 are instrumented, none ran
      ],
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('is undefined for a totals-only report', async () => {
    const diff = await parseDiff(fixture('git/git-diff.patch'));
    expect(changedLineCoverage(diff, await parseIstanbul(fixture('vitest/coverage-summary.json')))).toBeUndefined();
  });

  it('path matching: absolute CI paths, ambiguous basenames are not guessed', async () => {
    const diff = await parseDiff(text('d.diff', '--- /dev/null\n+++ b/src/a/x.ts\n@@ -0,0 +1,2 @@\n+a\n+b\n--- /dev/null\n+++ b/src/b/y.ts\n@@ -0,0 +1 @@\n+c\n'));
    const cov = await parseLcov(text('c.info', 'SF:/home/runner/work/r/r/src/a/x.ts\nDA:1,1\nDA:2,0\nend_of_record\nSF:/r/one/y.ts\nDA:1,1\nend_of_record\nSF:/r/two/y.ts\nDA:1,1\nend_of_record\n'));
    const c = changedLineCoverage(diff, cov);
    expect(c).toMatchObject({ covered: 1, total: 2, unmatchedFiles: 1 });
  });
});

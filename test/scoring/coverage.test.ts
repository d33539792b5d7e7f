import { describe, expect, it } from 'vitest';
import { LineHits, mergeCoverage, parseCobertura, parseIstanbul, parseLcov, type CoverageReport } from '@auto-pr-sessions/scoring';
import { fixture, text } from './helpers.js';

// All four reports come from one `vitest run --coverage` of the sample project, so they must agree.
const lcov = () => parseLcov(fixture('vitest/lcov.info'));
const final = () => parseIstanbul(fixture('vitest/coverage-final.json'));
const summary = () => parseIstanbul(fixture('vitest/coverage-summary.json'));
const cobertura = () => parseCobertura(fixture('vitest/cobertura-coverage.xml'));

const byName = (r: CoverageReport, name: string) => [...r.files.values()].find((f) => f.path.endsWith(`/${name}`) || f.path === name);

describe('coverage reports from one real vitest run', () => {
  it('lcov: per-file hits and totals (DA, LF/LH, BRF/BRH)', async () => {
    const r = await lcov();
    expect(r.format).toBe('lcov');
    expect([...r.files.keys()]).toEqual(['src/cache.js', 'src/helpers.js', 'src/math.js']);
    expect(r.totals.lines).toEqual({ covered: 17, total: 29, pct: 58.62 });
    expect(r.totals.branches).toEqual({ covered: 10, total: 16, pct: 62.5 });
    const math = r.files.get('src/math.js');
    expect(math?.lineTotals).toEqual({ covered: 7, total: 11, pct: 63.64 });
    expect(math?.lines?.get(3)).toBeGreaterThan(0); // add() body ran
    expect(math?.lines?.get(21)).toBe(0); // percent() never ran
    expect(math?.lines?.get(1)).toBeUndefined(); // a comment is not instrumented
  });

  it('istanbul coverage-summary.json: totals only, no line data', async () => {
    const r = await summary();
    expect(r.format).toBe('istanbul-summary');
    expect(r.hasLineData).toBe(false);
    expect(r.totals.lines).toEqual({ covered: 17, total: 29, pct: 58.62 });
    expect(byName(r, 'src/cache.js')?.lineTotals).toEqual({ covered: 8, total: 16, pct: 50 });
  });

  it('istanbul coverage-final.json: statement map → the same per-line hits as lcov', async () => {
    const [a, b] = await Promise.all([lcov(), final()]);
    expect(b.format).toBe('istanbul-final');
    expect(b.totals.lines).toEqual(a.totals.lines);
    for (const name of ['src/cache.js', 'src/helpers.js', 'src/math.js']) {
      expect(byName(b, name)?.lines?.toMap()).toEqual(a.files.get(name)?.lines?.toMap());
    }
  });

  it('Cobertura: class lines (not method lines), branches from condition-coverage, source roots', async () => {
    const [a, c] = await Promise.all([lcov(), cobertura()]);
    expect(c.totals.lines).toEqual({ covered: 17, total: 29, pct: 58.62 });
    expect(c.totals.branches?.total).toBe(16);
    expect(c.sourceRoots).toEqual(['/tmp/auto-pr-sessions-sample']);
    for (const name of ['cache.js', 'helpers.js', 'math.js']) {
      expect(byName(c, name)?.lines?.toMap()).toEqual(a.files.get(`src/${name}`)?.lines?.toMap());
    }
  });

  it('merging reports keeps the larger hit count per line', async () => {
    const a = await parseLcov(text('a.info', 'SF:x.ts\nDA:1,0\nDA:2,3\nend_of_record\n'));
    const b = await parseLcov(text('b.info', 'SF:x.ts\nDA:1,2\nDA:3,0\nend_of_record\nSF:y.ts\nDA:1,1\nend_of_record\n'));
    const m = mergeCoverage([a, b]);
    expect(m?.files.get('x.ts')?.lines?.toMap()).toEqual(new Map([[1, 2], [2, 3], [3, 0]]));
    expect(m?.totals.lines).toEqual({ covered: 3, total: 4, pct: 75 });
  });

  it('lcov: repeated records of one file add up; LF/LH used when there are no DA lines', async () => {
    const r = await parseLcov(text('m.info', 'TN:\nSF:a.ts\nDA:1,1\nend_of_record\nSF:a.ts\nDA:1,2\nDA:2,0\nend_of_record\nSF:b.ts\nLF:10\nLH:4\nend_of_record\n'));
    expect(r.files.get('a.ts')?.lines?.toMap()).toEqual(new Map([[1, 3], [2, 0]]));
    expect(r.files.get('b.ts')?.lineTotals).toEqual({ covered: 4, total: 10, pct: 40 });
  });

  it('LineHits grows, saturates and ignores invalid lines', () => {
    const h = new LineHits();
    h.set(100_000, 1);
    h.set(0, 5);
    h.set(-1, 5);
    h.set(3, 2 ** 40);
    expect(h.size).toBe(2);
    expect(h.get(3)).toBe(0xfffffffe);
    expect(h.coveredCount()).toBe(2);
  });
});

// Hostile and malformed inputs: each must end in a ReportError that names the file, says what is
// wrong and what to do — quickly and without buffering the input.
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReportError, parseCobertura, parseDiff, parseIstanbul, parseJunit, parseLcov, parseSarif, type ReportSource } from '@auto-pr-sessions/scoring';
import { fixture, tempDir, text } from './helpers.js';

type Parser = (s: ReportSource) => Promise<unknown>;
const parsers: Record<string, Parser> = {
  junit: (s) => parseJunit(s),
  lcov: (s) => parseLcov(s),
  istanbul: (s) => parseIstanbul(s),
  cobertura: (s) => parseCobertura(s),
  sarif: (s) => parseSarif(s),
  diff: (s) => parseDiff(s),
};

async function reportError(p: Promise<unknown>): Promise<ReportError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ReportError);
    return err as ReportError;
  }
  throw new Error('expected a ReportError');
}

/** A stream of `total` characters made of `unit`, without ever holding it whole. */
function repeated(name: string, head: string, unit: string, total: number, tail = ''): { name: string; stream: Readable } {
  const chunk = unit.repeat(Math.ceil(65536 / unit.length));
  return {
    name,
    stream: Readable.from(
      (function* () {
        yield head;
        for (let n = 0; n < total; n += chunk.length) yield chunk;
        yield tail;
      })(),
    ),
  };
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<testsuites><testsuite name="&lol9;"><testcase name="x"/></testsuite></testsuites>`;

describe('XML attacks', () => {
  it('billion laughs: DOCTYPE entities are refused, not expanded (JUnit and Cobertura)', async () => {
    const e = await reportError(parseJunit(text('lol.xml', BILLION_LAUGHS)));
    expect(e.message).toMatch(/^lol\.xml:\d+ \(given as junit\): declares XML entities in its DOCTYPE; entity expansion is refused/);
    expect(e.fix).toMatch(/regenerate/i);
    const c = await reportError(parseCobertura(text('lol-cov.xml', BILLION_LAUGHS.replace(/testsuites/g, 'coverage'))));
    expect(c.problem).toMatch(/entity expansion is refused/);
  });

  it('external entities (XXE) are refused the same way', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuite name="&x;"/>';
    expect((await reportError(parseJunit(text('xxe.xml', xxe)))).problem).toMatch(/entities/);
  });

  it('an undefined entity reference is an error, not silently kept', async () => {
    const e = await reportError(parseJunit(text('ent.xml', '<testsuite name="s"><testcase name="&nope;"/></testsuite>')));
    expect(e.problem).toMatch(/undefined XML entity/);
  });

  it('a plain external DOCTYPE (Cobertura writes one) is fine', async () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd"><coverage><packages/></coverage>';
    await expect(parseCobertura(text('dtd.xml', xml))).resolves.toMatchObject({ format: 'cobertura' });
  });

  it('deep nesting is capped', async () => {
    const deep = `<testsuites>${'<testsuite name="s">'.repeat(5000)}${'</testsuite>'.repeat(5000)}</testsuites>`;
    const e = await reportError(parseJunit(text('deep.xml', deep)));
    expect(e.problem).toMatch(/more than 256 levels deep/);
  });

  it('a text node longer than the limit stops the parse without buffering it (64 MiB stream)', async () => {
    const start = Date.now();
    const e = await reportError(parseJunit(repeated('huge-text.xml', '<testsuite name="s"><system-out>', 'x', 64 * 1024 * 1024, '</system-out></testsuite>')));
    expect(e.problem).toMatch(/text node or tag longer than 16777216 characters/);
    expect(Date.now() - start).toBeLessThan(10_000);
  });
});

describe('JSON attacks', () => {
  it('deep nesting is capped (SARIF, istanbul, compare API)', async () => {
    const deep = `{"version":"2.1.0","runs":[${'['.repeat(100_000)}`;
    expect((await reportError(parseSarif(text('deep.sarif', deep)))).problem).toMatch(/more than 128 levels deep/);
    expect((await reportError(parseIstanbul(text('deep.json', `{"a":${'{"a":'.repeat(1000)}`)))).problem).toMatch(/levels deep/);
    expect((await reportError(parseDiff(text('deep.json', `{"files":${'['.repeat(1000)}`)))).problem).toMatch(/levels deep/);
  });

  it('a string longer than the limit stops the parse', async () => {
    const e = await reportError(parseSarif(repeated('long.sarif', '{"version":"2.1.0","runs":[{"results":[{"message":{"text":"', 'y', 40 * 1024 * 1024)));
    expect(e.problem).toMatch(/longer than 16777216 characters/);
  });
});

describe('truncated files', () => {
  const cut = (rel: string, keep = 0.5): string => {
    const s = readFileSync(fixture(rel), 'utf8');
    return s.slice(0, Math.floor(s.length * keep));
  };
  it.each([
    ['junit', 'vitest/junit.xml', /truncated|not well-formed/],
    ['cobertura', 'vitest/cobertura-coverage.xml', /truncated|not well-formed/],
    ['istanbul', 'vitest/coverage-final.json', /truncated/],
    ['sarif', 'eslint/eslint.sarif', /truncated/],
    ['lcov', 'vitest/lcov.info', /truncated|malformed/],
  ])('%s cut in half (%s)', async (format, rel, re) => {
    const e = await reportError((parsers[format] as Parser)(text(`cut-${format}`, cut(rel))));
    expect(e.file).toBe(`cut-${format}`);
    expect(e.problem).toMatch(re);
  });

  it('lcov missing its last end_of_record names the record', async () => {
    const s = readFileSync(fixture('vitest/lcov.info'), 'utf8').replace(/end_of_record\n$/, '');
    expect((await reportError(parseLcov(text('t.info', s)))).problem).toBe('ends inside the record for src/math.js (no end_of_record): the file is truncated');
  });
});

describe('a report passed with the wrong flag says which flag it belongs to', () => {
  const real: Record<string, string> = {
    junit: 'vitest/junit.xml',
    lcov: 'vitest/lcov.info',
    istanbul: 'vitest/coverage-final.json',
    cobertura: 'vitest/cobertura-coverage.xml',
    sarif: 'eslint/eslint.sarif',
    diff: 'git/git-diff.patch',
  };
  const cases: [flag: string, file: string, hint: RegExp][] = [
    ['junit', 'lcov', /lcov \(use --lcov\)/],
    ['junit', 'cobertura', /<coverage>.*use --cobertura/],
    ['junit', 'sarif', /SARIF JSON \(use --sarif\)/],
    ['cobertura', 'junit', /<testsuites>.*use --junit/],
    ['lcov', 'junit', /JUnit XML \(use --junit\)/],
    ['lcov', 'istanbul', /istanbul coverage JSON \(use --istanbul\)/],
    ['lcov', 'diff', /unified diff \(use --diff\)/],
    ['istanbul', 'lcov', /lcov \(use --lcov\)/],
    ['istanbul', 'sarif', /SARIF JSON \(use --sarif\)/],
    ['sarif', 'istanbul', /not a SARIF log/],
    ['sarif', 'diff', /unified diff \(use --diff\)/],
    ['diff', 'junit', /JUnit XML \(use --junit\)/],
    ['diff', 'lcov', /lcov \(use --lcov\)/],
    ['diff', 'sarif', /SARIF JSON \(use --sarif\)/],
    ['diff', 'istanbul', /istanbul coverage JSON \(use --istanbul\)/],
  ];
  it.each(cases)('--%s given a %s file', async (flag, kind, hint) => {
    const e = await reportError((parsers[flag] as Parser)(fixture(real[kind] as string)));
    expect(e.file).toBe(fixture(real[kind] as string));
    expect(e.message).toMatch(hint);
  });
});

describe('garbage, empty, missing', () => {
  const garbage = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256));
  it.each(Object.keys(parsers).filter((f) => f !== 'diff'))('%s: binary garbage', async (format) => {
    const tmp = tempDir();
    try {
      const e = await reportError((parsers[format] as Parser)(tmp.write('garbage.bin', garbage)));
      expect(e.file).toMatch(/garbage\.bin$/);
    } finally {
      tmp.cleanup();
    }
  });

  it('diff: binary garbage without diff headers', async () => {
    // Generous maxLineLength so the garbage reaches the "no diff headers" check rather than the line cap.
    expect((await reportError(parseDiff(text('g.diff', 'x\u0000\u0001y\n'.repeat(100))))).problem).toMatch(/no file changes/);
  });

  it.each(Object.keys(parsers).filter((f) => f !== 'diff'))('%s: empty file', async (format) => {
    const e = await reportError((parsers[format] as Parser)(text('empty', '')));
    expect(e.message).toMatch(/^empty \(given as \w+\): is not .*: the file is empty\./);
  });

  it('a missing file and a directory', async () => {
    const missing = await reportError(parseJunit('/nonexistent/junit.xml'));
    expect(missing.message).toBe('/nonexistent/junit.xml (given as junit): file not found. Check the path given for this report and that the tool that writes it ran before this step.');
    const tmp = tempDir();
    try {
      expect((await reportError(parseLcov(tmp.dir))).problem).toMatch(/directory/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('huge lines', () => {
  it('lcov: a line over 1 MiB', async () => {
    const e = await reportError(parseLcov(repeated('long.info', 'SF:a.ts\nDA:1,', '9', 5 * 1024 * 1024)));
    expect(e.problem).toMatch(/line is longer than 1048576 characters/);
    expect(e.line).toBe(2);
  });
  it('diff: a line over 1 MiB', async () => {
    const e = await reportError(parseDiff(repeated('long.diff', '--- a/x\n+++ b/x\n@@ -1 +1 @@\n+', 'z', 3 * 1024 * 1024)));
    expect(e.problem).toMatch(/line is longer than/);
  });
});

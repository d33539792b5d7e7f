import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../packages/cli/src/program.js';
import { EXIT } from '../../packages/cli/src/exit-codes.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aps-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined; // commands report through process.exitCode; keep tests independent
});

/** Runs the CLI in-process and captures what it prints. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const code = await run(['node', 'auto-pr-sessions', ...args]);
  vi.restoreAllMocks();
  return { code, out, err };
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const NO_STACK = /\n\s+at .+:\d+:\d+/u;

describe('auto-pr-sessions validate', () => {
  it('exits 0 and says the file is valid', async () => {
    const path = await file('ok.yml', 'version: 1\nscope: author\n');
    const { code, out } = await cli('validate', path);
    expect(code).toBe(EXIT.ok);
    expect(out).toBe(`✓ ${path} is valid\n`);
  });

  it('prints warnings of a valid file', async () => {
    const path = await file('warn.yml', 'version: 1\ncompletion_markers: [done, DONE]\n');
    const { code, out } = await cli('validate', path);
    expect(code).toBe(EXIT.ok);
    expect(out).toContain(`✓ ${path} is valid\nwarning: ${path}:2:28  completion_markers[1]: duplicate entry`);
  });

  it('exits 1 and prints every issue, one per line, without a stack trace', async () => {
    const path = await file('bad.yml', 'version: 1\ntimeout_minute: 30\nscope: team\ntriggers:\n  max_pushes: -1\n');
    const { code, out, err } = await cli('validate', path);
    expect(code).toBe(EXIT.invalid);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe(`✗ ${path} is invalid: 3 problems`);
    expect(lines.slice(1).map((l) => l.slice(path.length).split('  ')[0])).toEqual([':2:1', ':3:8', ':5:15']);
    expect(out).toContain('did you mean "timeout_minutes"?');
    expect(out + err).not.toMatch(NO_STACK);
  });

  it('--json prints { valid, file, issues }', async () => {
    const path = await file('bad-json.yml', 'version: 1\ntimeout_minutes: 3\n');
    const { code, out } = await cli('validate', path, '--json');
    expect(code).toBe(EXIT.invalid);
    const report = JSON.parse(out) as { valid: boolean; file: string; issues: { path: string; line: number; fix: string }[] };
    expect(report.valid).toBe(false);
    expect(report.file).toBe(path);
    expect(report.issues).toEqual([expect.objectContaining({ path: 'timeout_minutes', line: 2, fix: expect.any(String) })]);

    const good = await cli('validate', await file('good-json.yml', 'version: 1\n'), '--json');
    expect(good.code).toBe(EXIT.ok);
    expect(JSON.parse(good.out)).toMatchObject({ valid: true, issues: [], warnings: [] });
  });

  it('a hostile file is refused with exit 1 and no stack trace', async () => {
    const bomb = ['version: 1', 'a: &a [x,x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]'];
    for (const [name, text] of [
      ['bomb.yml', bomb.join('\n')],
      ['proto.yml', 'version: 1\n__proto__: { polluted: true }\n'],
      ['redos.yml', 'version: 1\nauto_pr_patterns: ["(a|a)*b"]\n'],
      ['binary.yml', '\u0000\u0001\u0002{{{[[[\n\t::'],
    ] as const) {
      const { code, out, err } = await cli('validate', await file(name, text));
      expect(code, name).toBe(EXIT.invalid);
      expect(out, name).toMatch(/is invalid/u);
      expect(out + err, name).not.toMatch(NO_STACK);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a missing FILE named on the command line is invalid (likely a wrong path)', async () => {
    const path = join(dir, 'nope.yml');
    const { code, out } = await cli('validate', path);
    expect(code).toBe(EXIT.invalid);
    expect(out).toContain(`${path}  (root): the file does not exist`);
  });

  it('without FILE it reads .github/auto-pr-sessions.yml; when that is missing the defaults apply', async () => {
    const repo = join(dir, 'repo');
    await mkdir(repo);
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const missing = await cli('validate');
      expect(missing.code).toBe(EXIT.ok);
      expect(missing.out).toBe('✓ .github/auto-pr-sessions.yml does not exist: the actions use the default settings\n');
      await mkdir('.github');
      await writeFile('.github/auto-pr-sessions.yml', 'version: 2\n');
      const bad = await cli('validate');
      expect(bad.code).toBe(EXIT.invalid);
      expect(bad.out).toContain('.github/auto-pr-sessions.yml:1:10  version: unsupported config format version');
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli('validate', 'a.yml', 'b.yml')).code).toBe(EXIT.usage);
    const unknownOption = await cli('validate', '--yaml');
    expect(unknownOption.code).toBe(EXIT.usage);
    expect(unknownOption.err).toMatch(/unknown option '--yaml'/u);
  });
});

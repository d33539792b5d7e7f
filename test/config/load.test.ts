import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../packages/core/src/adapters/config-file.js';
import { defaultConfig, MAX_CONFIG_BYTES, parseConfig } from '../../packages/domain/src/config/index.js';
import { DEFAULT_CONFIG, DEFAULT_CONFIG_PATH } from '../../packages/domain/src/config/defaults.js';
import { FILE } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aps-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('defaults', () => {
  it('an empty file, a comment-only file and `~` all give the defaults, with a warning', () => {
    for (const text of ['', '\n\n', '# nothing yet\n', '---\n', '~\n']) {
      const result = parseConfig(text, FILE);
      expect(result.ok, JSON.stringify(text)).toBe(true);
      if (!result.ok) continue;
      expect(result.config).toEqual(DEFAULT_CONFIG);
      expect(result.source).toBe('file');
      expect(result.warnings.map((w) => w.message)).toEqual(['the file has no settings, so every setting takes its default']);
    }
  });

  it('version: 1 alone gives the defaults without warnings', () => {
    const result = parseConfig('version: 1\n', FILE);
    expect(result).toEqual({ ok: true, config: DEFAULT_CONFIG, source: 'file', warnings: [] });
  });

  it('the defaults are the original system’s values where it had them', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      timeout_minutes: 30,
      idle_warning_minutes: 15,
      min_files_for_manual: 5,
      enable_timeout_completion: true,
      orphan_hours: 24,
      complete_command: '/complete-session',
    });
    expect(DEFAULT_CONFIG.auto_pr_patterns).toEqual(['^auto-pr:', '^wip:', '^\\[auto\\]', '^checkpoint:', '^cursor-session', '^🤖']);
    expect(DEFAULT_CONFIG.completion_markers).toHaveLength(9);
  });

  it('the default config passes its own validation, including the backtracking probe', () => {
    const text = `version: 1\nauto_pr_patterns:\n${DEFAULT_CONFIG.auto_pr_patterns.map((p) => `  - ${JSON.stringify(p)}`).join('\n')}\n`;
    const result = parseConfig(text, FILE);
    expect(result.ok ? result.warnings : result.issues).toEqual([]);
  });

  it('returned configs are copies: mutating one cannot change DEFAULT_CONFIG', () => {
    const config = defaultConfig();
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.auto_pr_patterns).not.toBe(DEFAULT_CONFIG.auto_pr_patterns);
    expect(() => (config.auto_pr_patterns as string[]).push('x')).toThrow(TypeError);
    expect(DEFAULT_CONFIG.auto_pr_patterns).toHaveLength(6);
  });
});

describe('loadConfig', () => {
  it('reads and validates a file', async () => {
    const file = join(dir, 'ok.yml');
    await writeFile(file, 'version: 1\nscope: author\n');
    const result = await loadConfig(file);
    expect(result.ok && result.source).toBe('file');
    expect(result.ok && result.config.scope).toBe('author');
  });

  it('a missing file gives the defaults with source "defaults" and writes nothing (the original wrote a default file)', async () => {
    const sub = join(dir, 'empty-repo');
    await mkdir(sub);
    const file = join(sub, '.github', 'auto-pr-sessions.yml');
    const result = await loadConfig(file);
    expect(result).toEqual({ ok: true, config: DEFAULT_CONFIG, source: 'defaults', warnings: [] });
    expect(existsSync(join(sub, '.github'))).toBe(false);
    expect(await readdir(sub)).toEqual([]);
  });

  it('defaults to .github/auto-pr-sessions.yml relative to the working directory', async () => {
    expect(DEFAULT_CONFIG_PATH).toBe('.github/auto-pr-sessions.yml');
    const repo = join(dir, 'repo');
    await mkdir(join(repo, '.github'), { recursive: true });
    await writeFile(join(repo, DEFAULT_CONFIG_PATH), 'version: 1\ntimeout_minutes: 45\n');
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const result = await loadConfig();
      expect(result.ok && result.config.timeout_minutes).toBe(45);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reports the file name and positions in issues', async () => {
    const file = join(dir, 'bad.yml');
    await writeFile(file, 'version: 1\ntimeout_minutes: 500\n');
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ file, line: 2, column: 18, path: 'timeout_minutes' });
  });

  it('a directory is an issue, not a crash', async () => {
    const result = await loadConfig(dir);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toBe('the config file is not a regular file');
  });

  it('an oversized file is refused from its size, before it is read', async () => {
    const file = join(dir, 'huge.yml');
    await writeFile(file, Buffer.alloc(MAX_CONFIG_BYTES * 4, 0x61));
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ message: 'the file is too large to be a configuration file', found: `${MAX_CONFIG_BYTES * 4} bytes` });
  });

  it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('an unreadable file is an issue (skipped as root or on Windows, where file modes do not stop reading)', async () => {
    const file = join(dir, 'secret.yml');
    await writeFile(file, 'version: 1\n');
    await chmod(file, 0o000);
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.message).toMatch(/cannot be read/u);
  });
});

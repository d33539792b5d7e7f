// The `auto-pr-sessions runtime` command: prints a usable step environment (checked by running the
// real @actions/cache client with it) and stops cleanly on SIGINT.
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerRuntime } from '../../packages/cli/src/commands/runtime.js';
import { Scratch, Toolkit } from './helpers/toolkit.js';

const scratch = new Scratch();
afterAll(() => scratch.dispose());

/** Parses `export K='V'` lines (single-quoted as the command prints them). */
function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export ([A-Za-z_][A-Za-z0-9_]*)='((?:[^']|'\\'')*)'$/gm)) {
    env[m[1] ?? ''] = (m[2] ?? '').replace(/'\\''/g, "'");
  }
  return env;
}

describe('runtime CLI command', () => {
  it('prints the URL and fake-marked exports that the real toolkit can use, and stops on SIGINT', async () => {
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += chunk.toString();
      return true;
    });
    const program = new Command('auto-pr-sessions').exitOverride();
    registerRuntime(program);
    const done = program.parseAsync(['node', 'auto-pr-sessions', 'runtime', '--port', '0', '--repo', 'me/demo']);
    try {
      await vi.waitFor(() => expect(out).toContain('Ctrl+C'), { timeout: 5000 });
    } finally {
      write.mockRestore();
    }
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
    expect(url).not.toBe('');
    expect(out).toMatch(/FAKE credentials/);
    const env = parseExports(out);
    expect(env).toMatchObject({ GITHUB_REPOSITORY: 'me/demo', ACTIONS_CACHE_SERVICE_V2: 'true', GITHUB_API_URL: url });
    expect(env['ACTIONS_RUNTIME_TOKEN']).toMatch(/^ey/);

    const tk = await Toolkit.start(url);
    try {
      const dirs = scratch.job('cli');
      const stepEnv = { ...env, GITHUB_WORKSPACE: dirs.workspace, RUNNER_TEMP: dirs.tempDir };
      mkdirSync(join(dirs.workspace, 'd'), { recursive: true });
      writeFileSync(join(dirs.workspace, 'd', 'f'), 'cli');
      expect(await tk.ok<number>('saveCache', stepEnv, dirs.workspace, { paths: ['d'], key: 'cli-key' })).toBeGreaterThan(0);
      const pulls = await fetch(`${url}/repos/me/demo/pulls`, { headers: { authorization: `token ${env['GITHUB_TOKEN']}` } });
      expect(pulls.status).toBe(200);
    } finally {
      await tk.close();
    }

    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      process.emit('SIGINT');
      await done;
    } finally {
      quiet.mockRestore();
    }
    await expect(fetch(`${url}/rate_limit`)).rejects.toThrow();
    expect(process.listenerCount('SIGTERM')).toBe(0);
  });
});

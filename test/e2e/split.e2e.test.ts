import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newJob, runActionProcess, startRuntime } from '@auto-pr-sessions/runtime';
import { pushPayload } from '../helpers/payloads.js';

const ROOT = new URL('../../', import.meta.url).pathname;

describe('an action published as its own repository (org/session-check@v1)', () => {
  it('runs from the split layout alone: action.yml, main.mjs and dist/ at the root, nothing else', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aps-split-')), 'session-check');
    execFileSync(process.execPath, [join(ROOT, 'scripts/split-action.mjs'), 'session-check', out]);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'action.yml', 'dist', 'main.mjs']);
    // runs.main names the entry, and the entry reaches the bundle inside the split repository
    expect(readFileSync(join(out, 'action.yml'), 'utf8')).toMatch(/^\s+main: 'main\.mjs'$/m);
    expect(readFileSync(join(out, 'main.mjs'), 'utf8')).toContain("from './dist/index.js'");
    expect(existsSync(join(out, 'node_modules'))).toBe(false);
    const runtime = await startRuntime();
    try {
      const at = '2025-11-19T12:00:00.000Z';
      const job = await newJob(runtime);
      const res = await runActionProcess(runtime, {
        action: 'session-check', script: join(out, 'main.mjs'), eventName: 'push', ref: 'refs/heads/split-1', job,
        payload: pushPayload({ branch: 'split-1', sha: 's1', at, messages: ['Auto-PR: split'] }), inputs: { now: at },
      });
      expect(res.code, res.stdout.slice(-1000)).toBe(0);
      expect(res.outputs).toMatchObject({ status: 'active', pushes: '1', 'should-score': 'false' });
    } finally {
      await runtime.close();
    }
  });
});

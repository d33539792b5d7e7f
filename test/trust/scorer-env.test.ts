// The external scorer is code the suite does not vet: it must not see a token, and nothing it prints
// may carry one into an output, the summary or an error line.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldSecrets, maskSecrets, runScorerCommand, scorerEnv } from '../../packages/core/src/app/reward/scorer-command.js';

const TOKEN = 'ghs_0123456789abcdefABCDEF+/=x"y';
const RUNTIME = 'eyJhbGciOi.runtime-token.sig';

function script(body: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aps-scorer-'));
  const file = join(dir, 'scorer.mjs');
  writeFileSync(file, `#!/usr/bin/env node\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** The error a promise rejects with (the test fails when it resolves). */
async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the scorer to fail');
}

const env = { PATH: process.env['PATH'] ?? '', HOME: '/home/runner', GITHUB_TOKEN: TOKEN, INPUT_TOKEN: TOKEN, ACTIONS_RUNTIME_TOKEN: RUNTIME, MY_SECRET_KEY: 'k', AWS_SECRET_ACCESS_KEY: 'aws', CI: 'true', AUTO_PR_SESSIONS_SESSION_ID: 's-1' };

describe('the external scorer', () => {
  it('gets an allow-listed environment: no token, no runtime token, no secret of any name', async () => {
    const file = script(`process.stdout.write(JSON.stringify({ score: 1, decisionReason: Object.keys(process.env).sort().join(',') }));`);
    const score = await runScorerCommand({ argv: [process.execPath, file], input: '{}', timeoutMs: 10_000, cwd: tmpdir(), env });
    const seen = (score.decisionReason ?? '').split(',');
    expect(seen).toEqual(expect.arrayContaining(['PATH', 'HOME', 'CI', 'AUTO_PR_SESSIONS_SESSION_ID']));
    for (const name of ['GITHUB_TOKEN', 'INPUT_TOKEN', 'ACTIONS_RUNTIME_TOKEN', 'MY_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY']) expect(seen).not.toContain(name);
    expect(scorerEnv({ GITHUB_TOKEN: 'x', PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });

  it('a token it prints (raw, JSON-escaped, URL-encoded, base64) is masked in the score texts and in the error', async () => {
    const forms = [TOKEN, JSON.stringify(TOKEN).slice(1, -1), encodeURIComponent(TOKEN), Buffer.from(TOKEN).toString('base64'), Buffer.from(`x-access-token:${TOKEN}`).toString('base64'), RUNTIME];
    const printed = JSON.stringify(forms.join(' | '));
    const ok = script(`process.stdout.write(JSON.stringify({ score: 1, decisionReason: ${printed}, breakdown: [{ category: 'c', points: 1, reason: ${printed}, evidence: [${printed}] }] }));`);
    const score = await runScorerCommand({ argv: [process.execPath, ok], input: '{}', timeoutMs: 10_000, cwd: tmpdir(), env });
    const all = JSON.stringify(score);
    for (const f of forms) expect(all).not.toContain(f);
    expect(score.decisionReason).toBe(forms.map(() => '***').join(' | '));

    const crash = script(`process.stderr.write(${printed}); process.exit(3);`);
    const err = await failure(runScorerCommand({ argv: [process.execPath, crash], input: '{}', timeoutMs: 10_000, cwd: tmpdir(), env }));
    expect(err.message).toMatch(/crashed: exit code 3/);
    for (const f of forms) expect(err.message).not.toContain(f);

    const junk = script(`process.stdout.write('not json ' + ${printed});`);
    const bad = await failure(runScorerCommand({ argv: [process.execPath, junk], input: '{}', timeoutMs: 10_000, cwd: tmpdir(), env }));
    expect(bad.message).toMatch(/not JSON/);
    for (const f of forms) expect(bad.message).not.toContain(f);
  });

  it('masks longest forms first and leaves short values alone', () => {
    const secrets = heldSecrets({ GITHUB_TOKEN: 'abcd1234' });
    expect(maskSecrets('t=abcd1234 b64=' + Buffer.from('abcd1234').toString('base64'), secrets)).toBe('t=*** b64=***');
    expect(heldSecrets({ GITHUB_TOKEN: 'abc' })).toEqual([]);
  });
});

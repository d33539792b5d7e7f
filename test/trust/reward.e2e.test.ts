// compute-reward-batched (the bundle, as a runner runs it) against a fork's forged reward artifact,
// a rate-limited claim and a scorer that hunts for tokens: each session still gets exactly one score.
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_CACHE_PREFIX, CLAIM_REF_PREFIX, HOLDER_REF_PREFIX } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { newJob, runActionProcess, type JobDirs } from '../e2e/harness.js';
import { plus } from '../helpers/events.js';
import { rest } from '../health/seed.js';
import { forkPull, forkUpload, pushJob, shaOf, sweepCheck } from './attacker.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const T0 = '2025-11-19T12:00:00.000Z';
let rt: LocalRuntime;

beforeAll(async () => {
  rt = await startRuntime({ now: () => Date.parse('2026-11-01T00:00:00.000Z') });
});
afterAll(async () => {
  await rt?.close();
});

/** Three pushes, then the sweep's check once idle: the due session's id. */
async function dueSession(branch: string): Promise<string> {
  for (let i = 0; i < 3; i++) await pushJob(rt, branch, `${branch}-${i}`, plus(T0, i * 2), `Auto-PR: step ${i}`);
  const due = await sweepCheck(rt, `b-${branch}`, plus(T0, 4 + 31));
  expect(due.outputs['should-score']).toBe('true');
  return due.outputs['session-id']!;
}

async function reward(inputs: Record<string, string>, setup?: (job: JobDirs) => void) {
  const job = await newJob(rt);
  mkdirSync(join(job.workspace, 'reports'), { recursive: true });
  cpSync(join(FIXTURES, 'vitest/junit.xml'), join(job.workspace, 'reports', 'junit.xml'));
  setup?.(job);
  return runActionProcess(rt, { action: 'compute-reward-batched', eventName: 'workflow_dispatch', payload: { inputs: {} }, ref: 'refs/heads/main', job, inputs: { junit: 'reports/junit.xml', now: plus(T0, 40), ...inputs } });
}

describe('compute-reward-batched at the trust boundary', { timeout: 240_000 }, () => {
  it('a fork\'s forged reward-<session> artifact does not make a stale claim look published: the session is taken over and scored once', async () => {
    const branch = 'reward-forged';
    const sid = await dueSession(branch);
    const head = shaOf(`${branch}-2`);
    // a claim whose holder's run ended without a score (cancelled)
    const dead = rt.github.addWorkflowRun({ status: 'completed', conclusion: 'cancelled' });
    rt.github.createRef(`${CLAIM_REF_PREFIX}${sid}`, rt.github.branchSha('main')!);
    rt.github.createRef(`${HOLDER_REF_PREFIX}${sid}/${dead.id}-1`, rt.github.branchSha('main')!);
    await forkUpload(rt, forkPull(rt, 'reward-forger'), `reward-${sid}`, { 'reward.json': JSON.stringify({ sessionId: sid, score: 99 }) });
    const run = await reward({ 'session-id': sid });
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    expect(run.outputs['status']).toBe('scored');
    expect(rt.github.checkRuns(head).map((c) => c.name)).toEqual(['reward-score']);
    expect((await sweepCheck(rt, `b-${branch}`, plus(T0, 90))).outputs['status']).toBe('scored');
  });

  it('a rate limit on the claim is reported for a later run, never a cache-key claim; the later run scores once', async () => {
    const branch = 'reward-limited';
    const sid = await dueSession(branch);
    const fault = rt.faults.set({ target: /\/git\/refs$/, method: 'POST', kind: 'rate-limit-403', resetAfterSec: 1 });
    let limited;
    try {
      limited = await reward({ 'session-id': sid });
    } finally {
      fault.remove();
    }
    expect(limited.outputs['status']).toBe('failed');
    expect(limited.outputs['reason']).toMatch(/rate limited.*a later run retries/);
    const caches = await rest<{ actions_caches: Array<{ key: string }> }>(rt, `/actions/caches?key=${CLAIM_CACHE_PREFIX}`);
    expect(caches.actions_caches.map((c) => c.key)).not.toContain(`${CLAIM_CACHE_PREFIX}${sid}`);
    const later = await reward({ 'session-id': sid, now: plus(T0, 50) });
    expect(later.outputs['status']).toBe('scored');
    const again = await reward({ 'session-id': sid, now: plus(T0, 55) });
    expect(again.outputs['status']).toBe('already-scored');
    expect(rt.github.checkRuns(shaOf(`${branch}-2`))).toHaveLength(1);
  });

  it('the external scorer sees no token and nothing it prints carries one into the outputs, the summary or the log', async () => {
    const branch = 'reward-scorer';
    const sid = await dueSession(branch);
    const token = rt.restToken();
    const run = await reward({ 'session-id': sid, token, 'scorer-command': 'node scorer.mjs' }, (job) => {
      const file = join(job.workspace, 'scorer.mjs');
      // it reports every variable whose name says credential, and tries to echo the token
      writeFileSync(file, `const env = process.env; const seen = Object.entries(env).filter(([k]) => /TOKEN|SECRET|KEY|PASSWORD/i.test(k)).map(([k]) => k);\nprocess.stdout.write(JSON.stringify({ score: 3, decisionReason: 'seen: ' + (seen.join(',') || 'none') + ' token: ' + (env.GITHUB_TOKEN ?? env.INPUT_TOKEN ?? 'none') }));\n`);
      chmodSync(file, 0o755);
    });
    expect(run.code, run.stdout.slice(-2000)).toBe(0);
    expect(run.outputs['status']).toBe('scored');
    const doc = JSON.parse((await import('node:fs')).readFileSync(run.outputs['report-path']!, 'utf8')) as { decisionReason?: string; score?: { decisionReason?: string } };
    expect(JSON.stringify(doc)).toMatch(/seen: none token: none/);
    // `::add-mask::` lines are the runner's masking commands themselves (consumed, never shown)
    const shown = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const text of [JSON.stringify(run.outputs), run.summary, shown, run.stderr]) expect(text).not.toContain(token);
  });
});

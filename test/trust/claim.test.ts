// The claim under hostile or failing answers, against the local runtime: a rate limit never turns
// into the weaker cache-key claim, and a claim nobody holds does not block the session for good.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimContext } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_CACHE_PREFIX, CLAIM_REF_PREFIX, claimSession, createGitHubClient, createLogger, memorySink } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { shaOf } from '../helpers/payloads.js';
import { rest } from '../health/seed.js';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime();
});
afterAll(async () => {
  await rt?.close();
});

function ctx(opts: { ref?: string; graceMs?: number; contents?: 'read' | 'write' } = {}): ClaimContext {
  const runId = rt.newRunId();
  const workspace = mkdtempSync(join(tmpdir(), 'aps-trust-claim-'));
  const permissions = opts.contents ? { permissions: { contents: opts.contents, actions: 'write' as const, metadata: 'read' as const } } : {};
  const vars = rt.envFor({ ref: opts.ref ?? 'refs/heads/main', runId, workspace, tempDir: workspace, ...permissions });
  Object.assign(process.env, vars);
  process.chdir(workspace);
  return {
    // no rate-limit retries: the answer reaches the claim at once
    github: createGitHubClient({ token: vars['GITHUB_TOKEN'] as string, baseUrl: rt.url, rateLimitRetries: 0 }),
    owner: 'octo-org',
    repo: 'octo-repo',
    runId: String(runId),
    runAttempt: '1',
    ref: opts.ref ?? 'refs/heads/main',
    workspace,
    defaultBranch: 'main',
    log: createLogger({ sink: memorySink() }),
    isPublished: async () => false,
    ...(opts.graceMs !== undefined ? { holderlessGraceMs: opts.graceMs } : {}),
  };
}

const claimCaches = async () =>
  (await rest<{ actions_caches: Array<{ key: string }> }>(rt, `/actions/caches?key=${CLAIM_CACHE_PREFIX}`)).actions_caches.map((c) => c.key);

describe('the claim under hostile answers', () => {
  it.each(['rate-limit-403', 'rate-limit-429'] as const)('a %s answer on POST git/refs is reported and retried later, never a cache-key claim', async (kind) => {
    const sid = `b-limited-${kind}-20251119T120000Z`;
    const fault = rt.faults.set({ target: /\/git\/refs$/, method: 'POST', kind, resetAfterSec: 1 });
    try {
      const outcome = await claimSession(ctx(), sid, shaOf(sid));
      expect(outcome.kind).toBe('unavailable');
      expect((outcome as { reason: string }).reason).toMatch(/rate limited.*a later run retries/);
    } finally {
      fault.remove();
    }
    expect(await claimCaches()).not.toContain(`${CLAIM_CACHE_PREFIX}${sid}`);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBeUndefined();
    // once the limit is gone, one run wins it
    expect((await claimSession(ctx(), sid, shaOf(sid))).kind).toBe('won');
  });

  it('two runs in different cache scopes under a rate limit: neither scores (no cache-key claim in either scope)', async () => {
    const sid = 'b-two-scopes-20251119T120000Z';
    const fault = rt.faults.set({ target: /\/git\/refs$/, method: 'POST', kind: 'rate-limit-403', resetAfterSec: 1 });
    try {
      const [a, b] = await Promise.all([claimSession(ctx({ ref: 'refs/pull/5/merge' }), sid, shaOf(sid)), claimSession(ctx({ ref: 'refs/heads/main' }), sid, shaOf(sid))]);
      expect([a.kind, b.kind]).toEqual(['unavailable', 'unavailable']);
    } finally {
      fault.remove();
    }
  });

  it('without contents: write, racing runs of one cache scope claim by cache key: exactly one wins, and its release frees the key', async () => {
    const sid = 'b-cache-key-20251119T120000Z';
    // contexts one after the other (each sets the process's run variables), claims at once
    const contexts = [ctx({ contents: 'read' }), ctx({ contents: 'read' }), ctx({ contents: 'read' })];
    const outcomes = await Promise.all(contexts.map((c) => claimSession(c, sid, shaOf(sid))));
    const won = outcomes.filter((o) => o.kind === 'won');
    expect(won).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'lost')).toHaveLength(2);
    const claim = (won[0] as { claim: { method: string; name: string; release: () => Promise<string> } }).claim;
    expect(claim.method).toBe('cache-key');
    expect(await claimCaches()).toContain(claim.name);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBeUndefined();
    expect(await claim.release()).toMatch(/released/);
    expect(await claimCaches()).not.toContain(claim.name);
    expect((await claimSession(ctx({ contents: 'read' }), sid, shaOf(sid))).kind).toBe('won');
  });

  it('a claim whose holder was never recorded expires after the grace: the next run takes over', async () => {
    const sid = 'b-holderless-20251119T120000Z';
    rt.github.createRef(`${CLAIM_REF_PREFIX}${sid}`, shaOf(sid)); // a claim with no holder ref
    const started = Date.now();
    const outcome = await claimSession(ctx({ graceMs: 1_500 }), sid, shaOf(sid));
    expect(outcome.kind).toBe('won');
    expect((outcome as { note: string }).note).toMatch(/taking over from .*no holder recorded within 2 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}.r1`)).toBe(shaOf(sid));
  });
});

// The exactly-once claim against the local runtime's REST API (git refs, workflow runs, artifacts)
// and, without contents: write, against its cache service.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimContext } from '@auto-pr-sessions/core';
import type { LocalRuntime } from '@auto-pr-sessions/runtime';
import { CLAIM_REF_PREFIX, HOLDER_REF_PREFIX, claimName, claimSession, createGitHubClient, createLogger, memorySink } from '@auto-pr-sessions/core';
import { startRuntime } from '@auto-pr-sessions/runtime';
import { shaOf } from '../helpers/payloads.js';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime();
});
afterAll(async () => {
  await rt?.close();
});

function ctx(opts: { runId?: number; attempt?: number; published?: boolean | null; token?: string; ref?: string } = {}): ClaimContext {
  const runId = opts.runId ?? rt.newRunId();
  const workspace = mkdtempSync(join(tmpdir(), 'aps-claim-'));
  const vars = rt.envFor({ ref: opts.ref ?? 'refs/heads/main', runId, workspace, tempDir: workspace });
  Object.assign(process.env, vars);
  // the toolkit resolves cache paths against the working directory, which a runner sets to the workspace
  process.chdir(workspace);
  return {
    github: createGitHubClient({ token: opts.token ?? (vars['GITHUB_TOKEN'] as string), baseUrl: rt.url }),
    owner: 'octo-org',
    repo: 'octo-repo',
    runId: String(runId),
    runAttempt: String(opts.attempt ?? 1),
    ref: opts.ref ?? 'refs/heads/main',
    workspace,
    defaultBranch: 'main',
    log: createLogger({ sink: memorySink() }),
    isPublished: async () => ('published' in opts ? (opts.published ?? null) : false),
  };
}

// the git-ref cases share nothing but the runtime (distinct sessions): run them at once, since the
// REST client paces writes one second apart and the cases would otherwise wait in turn
describe.concurrent('claimSession (git ref)', () => {
  it('12 runs racing for one session: exactly one wins, the others see who holds it', async () => {
    const sid = 'b-race-claim-20251119T120000Z';
    const sha = shaOf('race-claim');
    const contexts = Array.from({ length: 12 }, () => ctx());
    const outcomes = await Promise.all(contexts.map((c) => claimSession(c, sid, sha)));
    const won = outcomes.filter((o) => o.kind === 'won');
    expect(won).toHaveLength(1);
    const winner = contexts[outcomes.findIndex((o) => o.kind === 'won')]!;
    for (const o of outcomes.filter((x) => x.kind !== 'won')) {
      expect(o.kind).toBe('lost');
      // the holder ref may lag the claim by one request: then the holder is "not recorded yet"
      expect((o as { reason: string }).reason).toMatch(new RegExp(`held by (run ${winner.runId} \\(attempt 1\\), in_progress|a run that has not recorded itself yet)`));
    }
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBe(sha);
    expect(rt.github.ref(`${HOLDER_REF_PREFIX}${sid}/${winner.runId}-1`)).toBe(sha);
  });

  it('a failed scoring releases the claim, and a later run wins it again', async () => {
    const sid = 'b-release-20251119T120000Z';
    const first = await claimSession(ctx(), sid, shaOf('release'));
    if (first.kind !== 'won') throw new Error(`expected a win, got ${first.kind}`);
    expect((await claimSession(ctx(), sid, shaOf('release'))).kind).toBe('lost');
    expect(await first.claim.release()).toMatch(/released: a later run can score this session/);
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBeUndefined();
    expect((await claimSession(ctx(), sid, shaOf('release'))).kind).toBe('won');
  });

  it('a holder whose run ended without a score is stale: the next generation is claimed (once), unless the reward was published', async () => {
    const sid = 'b-stale-20251119T120000Z';
    const holder = ctx();
    expect((await claimSession(holder, sid, shaOf('stale'))).kind).toBe('won');
    rt.github.updateWorkflowRun(Number(holder.runId), { status: 'completed', conclusion: 'cancelled' });
    const published = await claimSession(ctx({ published: true }), sid, shaOf('stale'));
    expect(published).toMatchObject({ kind: 'published' });
    const unknown = await claimSession(ctx({ published: null }), sid, shaOf('stale'));
    expect(unknown.kind).toBe('lost');
    const racers = await Promise.all([ctx(), ctx(), ctx()].map((c) => claimSession(c, sid, shaOf('stale'))));
    const winners = racers.filter((o) => o.kind === 'won');
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ note: expect.stringMatching(/claimed refs\/auto-pr-sessions\/claims\/b-stale-20251119T120000Z\.r1, taking over from .* that ended without a score/) });
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}.r1`)).toBeDefined();
  });

  it('an earlier attempt of the same run is a dead holder (a re-run takes over)', async () => {
    const sid = 'b-rerun-20251119T120000Z';
    const runId = rt.newRunId();
    expect((await claimSession(ctx({ runId, attempt: 1 }), sid, shaOf('rerun'))).kind).toBe('won');
    expect((await claimSession(ctx({ runId, attempt: 1 }), sid, shaOf('rerun'))).kind).toBe('lost');
    expect((await claimSession(ctx({ runId, attempt: 2 }), sid, shaOf('rerun'))).kind).toBe('won');
  });

  it('a head commit unknown to the repository (a fork) is replaced by the default branch tip', async () => {
    const sid = 'b-fork-20251119T120000Z';
    // the runtime accepts any 40-hex sha, so ask for a claim without a head: the default branch is used
    const out = await claimSession(ctx(), sid, null);
    expect(out.kind).toBe('won');
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBe(rt.github.branchSha('main'));
  });

});

describe('claimSession (cache key)', () => {
  it('without contents: write the claim falls back to an immutable cache key (one winner per cache scope), released by deleting it', async () => {
    const sid = 'b-nowrite-20251119T120000Z';
    const token = rt.restToken({ contents: 'read' });
    const first = await claimSession(ctx({ token, ref: 'refs/heads/nowrite' }), sid, shaOf('nowrite'));
    expect(first).toMatchObject({ kind: 'won', note: expect.stringMatching(/cache key aps-claim-b-nowrite-20251119T120000Z.*atomic within one cache scope only/) });
    const second = await claimSession(ctx({ token, ref: 'refs/heads/nowrite' }), sid, shaOf('nowrite'));
    expect(second.kind).toBe('lost');
    expect(rt.github.ref(`${CLAIM_REF_PREFIX}${sid}`)).toBeUndefined();
    if (first.kind !== 'won') throw new Error('unreachable');
    expect(await first.claim.release()).toMatch(/released/);
    expect((await claimSession(ctx({ token, ref: 'refs/heads/nowrite' }), sid, shaOf('nowrite'))).kind).toBe('won');
  });

  it('claim names are safe git ref components', () => {
    expect(claimName('b-feature-x-20251119T120000Z')).toBe('b-feature-x-20251119T120000Z');
    expect(claimName('s-a..b-20251119T120000Z')).toMatch(/^s-a\.b-20251119T120000Z-[0-9a-f]{8}$/);
    expect(claimName('.hidden.lock')).toMatch(/^hidden-lock-[0-9a-f]{8}$/);
  });
});

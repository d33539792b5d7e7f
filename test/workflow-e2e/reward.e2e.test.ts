// The workflows `auto-pr-sessions init` writes, run whole with the local workflow runner (GitHub's
// parser and expression engine, concurrency, permissions, cache scopes, dispatches) and this
// checkout's bundled actions. Each test is a situation users meet on github.com.
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '@auto-pr-sessions/runtime';
import { debugDump, initSandbox, MIN, scored, stepsNamed, T0 } from './helpers.js';

const SEC = 1_000;
let sb: (Sandbox & { lines: string[] }) | null = null;

afterEach(async () => {
  if (sb) {
    debugDump(sb);
    await sb.close();
    sb = null;
  }
});

/** The message of the commit a check run was published on. */
function checkRunCommits(s: Sandbox): string[] {
  return s.runtime.github.checkRuns().map((c) => s.runtime.github.commit(c.headSha)?.message ?? `? ${c.headSha}`);
}

describe('init workflows on a burst of pushes (replaced pending jobs lose nothing)', () => {
  it('20 pushes 3 s apart, the marker push\'s run cancelled: the marker completes its session, all 20 pushes are recorded, each session is scored once on its own head', async () => {
    sb = await initSandbox();
    for (let i = 0; i < 20; i++) {
      const message = i === 12 ? 'wip: step 12 [session complete]' : `wip: step ${i}`;
      sb.runner.push({ branch: 'agent/burst', commits: [{ message, files: { [`src/b${i}.ts`]: `export const b = ${i};\n` } }], at: T0 + i * 3 * SEC });
    }
    await sb.runner.runUntil(T0 + 5 * MIN);
    const pushRuns = sb.runner.runs().filter((r) => r.event === 'push');
    expect(pushRuns).toHaveLength(20);
    const sessionJobs = pushRuns.map((r) => r.jobs.find((j) => j.id === 'session')!);
    const started = sessionJobs.filter((j) => j.startedAt !== null).length;
    // a handful of session jobs instead of 20 (one running, newer pushes replace the waiting one);
    // the marker push's own job never ran
    expect(started).toBeLessThanOrEqual(7); // measured: 6 of 20 (each job takes ~23 s of virtual time)
    expect(sessionJobs[12]!.steps.some((s) => s.name.includes('session-start') && s.conclusion === 'success')).toBe(false);
    // the last push's run counts the 7 pushes after the marker, and names the completed session as due
    const last = stepsNamed([pushRuns[19]!], 'session-check')[0]!.outputs;
    expect(last['pushes']).toBe('7');
    const due = JSON.parse(last['other-due'] ?? '[]') as string[];
    expect(due).toHaveLength(1);

    // the sweep hands the completed session to scoring; the second one idles out and follows
    await sb.runner.runUntil(T0 + 120 * MIN);
    await sb.runner.settle();
    const runs = sb.runner.runs();
    const ids = scored(runs);
    expect(ids.sort()).toEqual([...new Set(ids)].sort());
    expect(ids).toHaveLength(2);
    expect(ids).toContain(due[0]);
    const pushesBySession = Object.fromEntries(
      stepsNamed(runs.filter((r) => r.event === 'workflow_dispatch'), 'session-check').map((s) => [s.outputs['session-id'], s.outputs['pushes']]),
    );
    expect(pushesBySession[due[0]!]).toBe('13');
    // each score is published on its session's head commit, not the branch tip or the default branch
    expect(checkRunCommits(sb).sort()).toEqual(['wip: step 12 [session complete]', 'wip: step 19']);
  }, 300_000);
});

describe('init workflows honour the config in every job', () => {
  it('scope: author joins one author\'s pushes on two branches into one session, scored once', async () => {
    sb = await initSandbox({ scope: 'author' });
    sb.runner.push({ branch: 'agent/one', actor: 'robo', commits: [{ message: 'wip: one', author: { login: 'robo' } }], at: T0 });
    sb.runner.push({ branch: 'agent/two', actor: 'robo', commits: [{ message: 'wip: two', author: { login: 'robo' } }], at: T0 + 2 * MIN });
    await sb.runner.runUntil(T0 + 90 * MIN);
    await sb.runner.settle();
    const runs = sb.runner.runs();
    const starts = stepsNamed(runs.filter((r) => r.event === 'push'), 'session-start').map((s) => s.outputs);
    expect(starts.map((o) => o['pushes'])).toEqual(['1', '2']);
    expect(new Set(starts.map((o) => o['session-id'])).size).toBe(1);
    expect(starts[0]!['session-id']).toMatch(/^a-robo-/);
    expect(scored(runs)).toEqual([starts[0]!['session-id']]);
  }, 300_000);
});

describe('/complete-session on a pull request', () => {
  it('from a collaborator: the PR\'s head is scored once (not the default branch), and the next push opens a new session', async () => {
    sb = await initSandbox();
    sb.runner.pullRequest({ action: 'opened', head: 'agent/pr', title: 'wip: a feature', commits: [{ message: 'wip: first', files: { 'src/p.ts': '1\n' } }], at: T0 });
    sb.runner.push({ branch: 'agent/pr', commits: [{ message: 'wip: second', files: { 'src/p.ts': '2\n' } }], at: T0 + 2 * MIN });
    await sb.runner.runUntil(T0 + 6 * MIN);
    const pr = sb.runtime.github.pulls()[0]!;
    sb.runner.issueComment({ issue: pr.number, body: '/complete-session', user: 'maintainer', association: 'MEMBER', at: T0 + 7 * MIN });
    await sb.runner.runUntil(T0 + 15 * MIN);
    let runs = sb.runner.runs();
    expect(scored(runs)).toHaveLength(1);
    expect(checkRunCommits(sb)).toEqual(['wip: second']);
    // a later push starts a new session instead of joining (or re-scoring) the completed one
    sb.runner.push({ branch: 'agent/pr', commits: [{ message: 'wip: third', files: { 'src/p.ts': '3\n' } }], at: T0 + 20 * MIN });
    await sb.runner.runUntil(T0 + 25 * MIN);
    runs = sb.runner.runs();
    const after = stepsNamed([runs.filter((r) => r.event === 'push').at(-1)!], 'session-start')[0]!.outputs;
    expect(after['pushes']).toBe('1');
    expect(after['session-id']).not.toBe(scored(runs)[0]);
    expect(scored(runs)).toHaveLength(1);
  }, 300_000);
});

describe('a fork pull request', () => {
  it('is recorded and scored read-only in the fork\'s run, and published once by the trusted reward-publish run', async () => {
    sb = await initSandbox();
    sb.runner.pullRequest({ action: 'opened', head: 'patch-1', fork: 'stranger/octo-repo', title: 'wip: a fix', commits: [{ message: 'wip: a fix', files: { 'src/f.ts': '1\n' } }], at: T0 });
    const pr = () => sb!.runtime.github.pulls()[0]!;
    await sb.runner.runUntil(T0 + 3 * MIN);
    sb.runner.pullRequest({ action: 'synchronize', number: pr().number, commits: [{ message: 'wip: done [session complete]', files: { 'src/f.ts': '2\n' } }], at: T0 + 4 * MIN });
    await sb.runner.runUntil(T0 + 20 * MIN);
    await sb.runner.settle();
    const runs = sb.runner.runs();
    const forkRuns = runs.filter((r) => r.event === 'pull_request');
    // the fork's own runs: a read-only token everywhere, so nothing is published from them
    for (const r of forkRuns) for (const j of r.jobs) if (j.permissions) expect(Object.values(j.permissions).every((p) => p !== 'write')).toBe(true);
    const check = stepsNamed(forkRuns, 'session-check').at(-1)!.outputs;
    expect(check['should-score']).toBe('true');
    expect(check['session-id']).toMatch(/^f-/);
    // published once, by the base repository's workflow_run, on the fork's head commit
    const publishRuns = runs.filter((r) => r.workflow === 'reward-publish.yml' && r.jobs.some((j) => j.result === 'success'));
    expect(publishRuns.length).toBeGreaterThan(0);
    expect(scored(publishRuns)).toEqual([check['session-id']]);
    // the fork's own run computed a score (read-only) but published nothing: one check run, one comment
    expect(checkRunCommits(sb)).toEqual(['wip: done [session complete]']);
    const comment = sb.runtime.github.comments(pr().number).filter((c) => /Reward/.test(c.body));
    expect(comment).toHaveLength(1);
    if (process.env['WF_DEBUG']) console.log(comment[0]!.body);
    // scored from the fork run's uploaded reports (2 tests), not without them
    expect(comment[0]!.body).toMatch(/2 total, 2 passed/);
  }, 300_000);
});

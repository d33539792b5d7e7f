// `simulate --git DIR` on a small generated repository with known sessions: branch and PR from refs
// and merge messages, dates with offsets, both scopes, and the state directory --state-out writes.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGitHistory, mergeLabel } from '../../packages/cli/src/git-history.js';
import { cli } from '../helpers/cli.js';

let repo: string;

/** Runs git in the repository with fixed author, committer and dates: the history is reproducible. */
function git(args: string[], who?: { name: string; at: string }): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  if (who) {
    Object.assign(env, {
      GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: `${who.name.toLowerCase()}@example.com`, GIT_AUTHOR_DATE: who.at,
      GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: `${who.name.toLowerCase()}@example.com`, GIT_COMMITTER_DATE: who.at,
    });
  }
  return execFileSync('git', ['-C', repo, '-c', 'commit.gpgsign=false', ...args], { env, encoding: 'utf8' }).trim();
}

let n = 0;
async function commit(message: string, who: { name: string; at: string }): Promise<string> {
  n += 1;
  await writeFile(join(repo, `f${n}.txt`), `${n}\n`);
  git(['add', '.']);
  git(['commit', '-q', '-m', message], who);
  return git(['rev-parse', 'HEAD']);
}

/**
 * The history (times in UTC; the commits carry +05:00 and -03:00 offsets):
 *   12:00 Alice   "Initial commit" on main                       (not an auto-PR: scored per push)
 *   12:10-12:12 agent 3 × "Auto-PR:" on auto-pr-1               (branch deleted after the merge)
 *   12:20-12:21 agent 2 × "Auto-PR:" on auto-pr-2               (only refs/pull/2/head is left)
 *   15:00 GitHub  "Merge pull request #1 from org/auto-pr-1"    (not an auto-PR)
 *   17:00-17:01 agent 2 × "Auto-PR:" on auto-pr-3
 * Author scope: the agent's 12:10-12:21 pushes are one session (gaps < 30 min), 17:00 another: 2.
 * Branch scope: one session per branch: 3. Either way 9 pushes, 2 of them scored per push.
 */
beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'aps-git-'));
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const agent = (at: string) => ({ name: 'Agent', at });
  await commit('Initial commit', { name: 'Alice', at: '2025-11-19T17:00:00+05:00' });
  git(['checkout', '-q', '-b', 'auto-pr-1']);
  for (const m of [10, 11, 12]) await commit(`Auto-PR: scripts (${m} files)`, agent(`2025-11-19T12:${m}:00Z`));
  git(['checkout', '-q', 'main']);
  git(['checkout', '-q', '-b', 'auto-pr-2']);
  await commit('Auto-PR: docs (1 file)', agent('2025-11-19T09:20:00-03:00'));
  const pr2 = await commit('Auto-PR: docs (2 files)', agent('2025-11-19T09:21:00-03:00'));
  git(['update-ref', 'refs/pull/2/head', pr2]);
  git(['checkout', '-q', 'main']);
  git(['merge', '-q', '--no-ff', 'auto-pr-1', '-m', 'Merge pull request #1 from org/auto-pr-1'], { name: 'GitHub', at: '2025-11-19T15:00:00Z' });
  git(['branch', '-q', '-D', 'auto-pr-1', 'auto-pr-2']);
  git(['checkout', '-q', '-b', 'auto-pr-3']);
  await commit('Auto-PR: tests (1 file)', agent('2025-11-19T17:00:00Z'));
  await commit('Auto-PR: tests (2 files)', agent('2025-11-19T17:01:00Z'));
  git(['checkout', '-q', 'main']);
});

describe('readGitHistory', () => {
  it('attributes each commit to its branch from the mainline, merge messages, PR refs and branches; keeps the offsets', async () => {
    const h = await readGitHistory(repo);
    expect(h.defaultBranch).toBe('main');
    expect(h.pullRefs).toBe(1);
    expect(h.rows.map((r) => [r.subject.slice(0, 24), r.branch, r.prNumbers[0] ?? null])).toEqual([
      ['Initial commit', 'main', null],
      ['Auto-PR: scripts (10 fil', 'auto-pr-1', 1],
      ['Auto-PR: scripts (11 fil', 'auto-pr-1', 1],
      ['Auto-PR: scripts (12 fil', 'auto-pr-1', 1],
      ['Auto-PR: docs (1 file)', 'pull/2', 2],
      ['Auto-PR: docs (2 files)', 'pull/2', 2],
      ['Merge pull request #1 fr', 'main', null],
      ['Auto-PR: tests (1 file)', 'auto-pr-3', null],
      ['Auto-PR: tests (2 files)', 'auto-pr-3', null],
    ]);
    const first = h.rows[0]!;
    expect(first.committerDate).toBe('2025-11-19T17:00:00+05:00');
    expect(first.authorDate).toBe('2025-11-19T17:00:00+05:00');
    expect(first.committerEpoch).toBe(Date.parse('2025-11-19T12:00:00Z') / 1000);
    expect(h.rows[4]!.authorId).toBe('Agent');
  });

  it('reads branch names from merge messages', () => {
    expect(mergeLabel('Merge pull request #12 from octo/feature/x')).toEqual({ branch: 'feature/x', pr: 12 });
    expect(mergeLabel("Merge branch 'topic' into main")).toEqual({ branch: 'topic' });
    expect(mergeLabel("Merge remote-tracking branch 'origin/topic'")).toEqual({ branch: 'topic' });
    expect(mergeLabel('Fix the parser')).toBeNull();
  });
});

describe('auto-pr-sessions simulate --git', () => {
  it('counts the known sessions in both scopes and prints the JSON summary last', async () => {
    const author = await cli('simulate', '--git', repo, '--scope', 'author');
    expect(author.code, author.err).toBe(0);
    expect(JSON.parse(author.out.trim().split('\n').at(-1)!)).toEqual({ sessions: 2, pushes: 9, scoringRuns: 4, perPushRuns: 9, doubleScored: 0, missed: 0 });
    expect(author.out).toMatch(/CI minutes saved: 50 \(assuming 10 min per scoring run/);
    const branch = await cli('simulate', '--git', repo, '--scope', 'branch', '--json');
    expect(branch.out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(branch.out)).toEqual({ sessions: 3, pushes: 9, scoringRuns: 5, perPushRuns: 9, doubleScored: 0, missed: 0 });
  });

  it('--state-out writes a state directory that status, list, show and analytics read', async () => {
    const state = join(await mkdtemp(join(tmpdir(), 'aps-git-state-')), 'state');
    const sim = await cli('simulate', '--git', repo, '--scope', 'branch', '--state-out', state);
    expect(sim.code, sim.err).toBe(0);
    expect(await readdir(join(state, 'streams'))).toHaveLength(3);
    const status = await cli('status', '--state', state, '--now', '2025-11-20T00:00:00Z', '--json');
    expect(JSON.parse(status.out)).toMatchObject({ sessions: 3, byStatus: { scored: 3 } });
    const rows = JSON.parse((await cli('list', '--state', state, '--now', '2025-11-20T00:00:00Z', '--json')).out) as Array<{ sessionId: string; streamKey: string; pushes: number; firstActivity: string }>;
    expect(rows.map((r) => [r.pushes, r.firstActivity]).sort()).toEqual([[2, '2025-11-19T12:20:00Z'], [2, '2025-11-19T17:00:00Z'], [3, '2025-11-19T12:10:00Z']]);
    const show = await cli('show', rows[0]!.sessionId, '--state', state, '--now', '2025-11-20T00:00:00Z');
    expect(show.out).toMatch(/^status {10}scored/m);
    const analytics = await cli('analytics', '--state', state, '--now', '2025-11-20T00:00:00Z', '--json');
    expect(analytics.code, analytics.err).toBe(0);
    expect(JSON.parse(analytics.out)).toMatchObject({ summary: { totalSessions: 3 } });
    const again = await cli('simulate', '--git', repo, '--state-out', state);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^auto-pr-sessions simulate: --state-out .* is not empty; give a new or empty directory/);
  });

  it('--config: a config the replayed actions read; a missing one is invalid input', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aps-git-config-'));
    await writeFile(join(dir, 'c.yml'), 'version: 1\nscope: author\ntimeout_minutes: 120\nnon_auto_prs: session\n');
    const all = await cli('simulate', '--git', repo, '--config', join(dir, 'c.yml'), '--json');
    expect(all.code, all.err).toBe(0);
    // every commit is in a session now, by author: Alice, GitHub, and the agent's 12:10-12:21 and 17:00 (gap 4 h 39 min > 120 min)
    expect(JSON.parse(all.out)).toMatchObject({ pushes: 9, sessions: 4, scoringRuns: 4, doubleScored: 0, missed: 0 });
    const missing = await cli('simulate', '--git', repo, '--config', join(dir, 'nope.yml'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^auto-pr-sessions simulate: --config .*nope\.yml: no such file/);
  });
});

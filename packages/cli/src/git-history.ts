import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { TraceRow } from '@auto-pr-sessions/core';
import { InputError } from './errors.js';

const run = promisify(execFile);

/** What a local clone says about who pushed what, where and when. */
export interface GitHistory {
  /** One row per commit, in committer-time order: the pushes a replay sends through the actions. */
  readonly rows: TraceRow[];
  readonly defaultBranch: string;
  /** Refs read (branches, remote branches, refs/pull/N/head). */
  readonly refs: number;
  readonly pullRefs: number;
}

interface Commit {
  readonly sha: string;
  readonly parents: string[];
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorDate: string;
  readonly committerDate: string;
  readonly committerEpoch: number;
  readonly message: string;
}

interface Label {
  readonly branch: string;
  readonly pr?: number;
}

/** git with no shell, no pager, no colour and no signature checks: its output is parsed. */
async function git(dir: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', dir, '-c', 'log.showSignature=false', '-c', 'core.quotePath=off', ...args], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    env: { ...process.env, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
  });
  return stdout;
}

/** The author as a login: GitHub's no-reply address names it; otherwise the author's name. */
function authorLogin(name: string, email: string): string {
  const noreply = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/i.exec(email);
  return (noreply?.[1] ?? name) || email || 'unknown';
}

/** Branch (and PR) a merge commit's message names for the commits it brought in. */
export function mergeLabel(subject: string): Label | null {
  const pr = /^Merge pull request #(\d+) from [^/\s]+\/(\S+)/.exec(subject);
  if (pr) return { branch: pr[2] ?? `pull/${pr[1]}`, pr: Number(pr[1]) };
  const branch = /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(subject);
  if (branch) return { branch: (branch[1] ?? '').replace(/^[^/]+\/(?=.)/, (m) => (m === 'origin/' || m === 'upstream/' ? '' : m)) };
  return null;
}

async function defaultBranchOf(dir: string, refs: Map<string, string>): Promise<string> {
  for (const args of [['symbolic-ref', '-q', 'refs/remotes/origin/HEAD'], ['symbolic-ref', '-q', 'HEAD']]) {
    try {
      const ref = (await git(dir, args)).trim();
      const name = ref.replace(/^refs\/(?:heads|remotes\/[^/]+)\//, '');
      if (name) return name;
    } catch {
      // not set (a bare clone without origin/HEAD, a detached HEAD): try the next source
    }
  }
  for (const name of ['main', 'master', 'trunk', 'develop']) if (refs.has(`refs/heads/${name}`) || refs.has(`refs/remotes/origin/${name}`)) return name;
  return 'main';
}

/**
 * Reads every commit reachable from a clone's branches, remote branches and `refs/pull/N/head`
 * (when fetched), and attributes each to the branch it was most likely pushed to: the default
 * branch's first-parent line first, then the side line each merge commit names ("Merge pull
 * request #N from owner/branch", "Merge branch 'x'"), then PR heads, then every other branch.
 * The history keeps no push times, so each commit counts as one push at its committer time.
 */
export async function readGitHistory(dir: string): Promise<GitHistory> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new InputError(`--git ${dir}: no such directory; give the path of a local clone (git clone --mirror also fetches refs/pull/*)`);
  try {
    await git(dir, ['rev-parse', '--git-dir']);
  } catch {
    throw new InputError(`--git ${dir}: not a git repository; give the path of a local clone`);
  }
  const refs = new Map<string, string>(); // refname → commit
  for (const line of (await git(dir, ['for-each-ref', '--format=%(objecttype) %(objectname) %(refname)', 'refs/heads', 'refs/remotes', 'refs/pull'])).split('\n')) {
    const [type, sha, name] = line.split(' ');
    if (type !== 'commit' || !sha || !name || name.endsWith('/HEAD') || /^refs\/pull\/\d+\/merge$/.test(name)) continue;
    refs.set(name, sha);
  }
  if (refs.size === 0) throw new InputError(`--git ${dir}: no branches to read (an empty repository?); commit or fetch first`);
  const defaultBranch = await defaultBranchOf(dir, refs);

  // NUL between commits (-z), unit separators between fields: messages may hold anything else
  const out = await git(dir, ['log', '--no-color', '-z', '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%ct%x1f%B', '--branches', '--remotes', '--glob=refs/pull/*/head']);
  const commits = new Map<string, Commit>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const [sha = '', parents = '', authorName = '', authorEmail = '', authorDate = '', committerDate = '', ct = '', ...rest] = record.split('\x1f');
    commits.set(sha, { sha, parents: parents.split(' ').filter(Boolean), authorName, authorEmail, authorDate, committerDate, committerEpoch: Number(ct), message: rest.join('\x1f').trimEnd() });
  }

  const labels = new Map<string, Label>();
  const walk = (from: string | undefined, label: Label): void => {
    let cur = from;
    while (cur && !labels.has(cur) && commits.has(cur)) {
      labels.set(cur, label);
      cur = commits.get(cur)?.parents[0];
    }
  };
  const tip = (branch: string) => refs.get(`refs/heads/${branch}`) ?? refs.get(`refs/remotes/origin/${branch}`);
  walk(tip(defaultBranch), { branch: defaultBranch });
  const newestFirst = [...commits.values()].sort((a, b) => b.committerEpoch - a.committerEpoch);
  for (const c of newestFirst) {
    if (c.parents.length < 2) continue;
    const named = mergeLabel(c.message.split('\n', 1)[0] ?? '') ?? { branch: `merged-${c.sha.slice(0, 7)}` };
    for (const p of c.parents.slice(1)) walk(p, named);
  }
  let pullRefs = 0;
  for (const [name, sha] of refs) {
    const m = /^refs\/pull\/(\d+)\/head$/.exec(name);
    if (!m) continue;
    pullRefs += 1;
    walk(sha, { branch: `pull/${m[1]}`, pr: Number(m[1]) });
  }
  for (const [name, sha] of refs) {
    if (name.startsWith('refs/pull/')) continue;
    walk(sha, { branch: name.replace(/^refs\/(?:heads|remotes\/[^/]+)\//, '') });
  }

  const rows: TraceRow[] = [];
  for (const c of commits.values()) {
    const label = labels.get(c.sha) ?? { branch: defaultBranch };
    const subject = c.message.split('\n', 1)[0] ?? '';
    const squashed = /\(#(\d+)\)\s*$/.exec(subject); // "Title (#12)": a squash-merged PR
    const pr = label.pr ?? (squashed ? Number(squashed[1]) : undefined);
    rows.push({
      sha: c.sha,
      committerEpoch: c.committerEpoch,
      authorId: authorLogin(c.authorName, c.authorEmail),
      filesChanged: 0,
      kind: 'push',
      prNumbers: pr === undefined ? [] : [pr],
      branchTips: [],
      subject,
      message: c.message,
      branch: label.branch,
      committerDate: c.committerDate,
      authorDate: c.authorDate,
    });
  }
  rows.sort((a, b) => a.committerEpoch - b.committerEpoch || (a.sha < b.sha ? -1 : 1));
  return { rows, defaultBranch, refs: refs.size, pullRefs };
}

// A git repository on disk as the runtime's repository: its commits (same shas, parents, authors,
// dates, changed files) and branches go into the REST fake, so compare, pull-request commits and files
// answer from the real history, and a checkout of any of its commits writes the files git has there.
import { execFileSync } from 'node:child_process';
import type { CommitFile, GithubFake } from './github-fake.js';

export interface GitImport {
  commits: number;
  branches: string[];
  /** The branch HEAD points at. */
  head: string | null;
}

const MAX_BUFFER = 512 * 1024 * 1024;

function git(dir: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', ['-C', dir, ...args], { maxBuffer: MAX_BUFFER, ...(input !== undefined ? { input } : {}), stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`git -C ${dir} ${args.slice(0, 2).join(' ')} failed: ${stderr || (err instanceof Error ? err.message : String(err))}; give the root of a git clone`, { cause: err });
  }
}

const STATUS: Record<string, CommitFile['status']> = { A: 'added', M: 'modified', D: 'removed', R: 'renamed', T: 'modified', C: 'added' };

/** Branch name HEAD points at (null when detached or unborn). */
export function gitHeadBranch(dir: string): string | null {
  try {
    return git(dir, ['symbolic-ref', '--short', '-q', 'HEAD']).toString().trim() || null;
  } catch {
    return null;
  }
}

/**
 * Imports the history of every local branch (oldest first, at most `maxCommits`) and the branches.
 * Contents are read from git on demand (`git ls-tree` + `git cat-file --batch`), text files only.
 */
export function importGitRepository(fake: GithubFake, dir: string, opts: { maxCommits?: number } = {}): GitImport {
  const log = git(dir, ['log', '--branches', '--topo-order', '--reverse', `--max-count=${opts.maxCommits ?? 5000}`, '--format=%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%ct%x1f%B%x1f', '--name-status', '--no-renames']).toString('utf8');
  let commits = 0;
  for (const record of log.split('\x1e').slice(1)) {
    const [sha = '', parents = '', name = '', email = '', ct = '0', message = '', changes = ''] = record.split('\x1f');
    const files: CommitFile[] = changes
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [st = 'M', ...path] = l.split('\t');
        return { filename: path.join('\t'), status: STATUS[st[0] ?? 'M'] ?? 'modified' };
      });
    if (fake.commit(sha)) continue;
    fake.addCommit({ sha, parents: parents.split(' ').filter(Boolean), message: message.replace(/\n+$/, ''), author: { name, email }, date: Number(ct) * 1000, files });
    commits++;
  }
  const branches: string[] = [];
  for (const line of git(dir, ['for-each-ref', '--format=%(refname:short)%00%(objectname)', 'refs/heads']).toString().split('\n').filter(Boolean)) {
    const [branch = '', sha = ''] = line.split('\0');
    fake.setBranch(branch, sha);
    branches.push(branch);
  }
  const trees = new Map<string, Map<string, string> | undefined>();
  fake.setContentSource((sha) => {
    if (!trees.has(sha)) trees.set(sha, readTree(dir, sha));
    return trees.get(sha);
  });
  return { commits, branches, head: gitHeadBranch(dir) };
}

/** The text files of a commit (binary files and files over 1 MiB are left out); undefined when git does not know the sha. */
function readTree(dir: string, sha: string): Map<string, string> | undefined {
  let listing: string;
  try {
    listing = git(dir, ['ls-tree', '-r', '-z', '--long', sha]).toString('utf8');
  } catch {
    return undefined;
  }
  const entries = listing
    .split('\0')
    .filter(Boolean)
    .map((e) => {
      const [meta = '', path = ''] = e.split('\t');
      const [, type, oid, size] = meta.split(/\s+/);
      return { path, type, oid: oid ?? '', size: Number(size) };
    })
    .filter((e) => e.type === 'blob' && e.size <= 1024 * 1024);
  const out = new Map<string, string>();
  if (entries.length === 0) return out;
  const batch = git(dir, ['cat-file', '--batch'], `${entries.map((e) => e.oid).join('\n')}\n`);
  let at = 0;
  for (const e of entries) {
    const nl = batch.indexOf(0x0a, at);
    const header = batch.subarray(at, nl).toString();
    const size = Number(header.split(' ')[2]);
    const body = batch.subarray(nl + 1, nl + 1 + size);
    at = nl + 1 + size + 1;
    if (!body.includes(0)) out.set(e.path, body.toString('utf8'));
  }
  return out;
}

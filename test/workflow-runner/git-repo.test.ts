// A git repository on disk as the runtime's repository: checkout, compare and pull-request commits
// and files come from git.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getOctokit } from '@actions/github';
import { describe, expect, it } from 'vitest';
import { sandbox } from './helpers.js';

function repo(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'aps-git-'));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, ...args], { env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } }).toString().trim();
  git('init', '-q', '-b', 'trunk');
  writeFileSync(join(dir, 'README.md'), 'hello\n');
  writeFileSync(join(dir, 'old.txt'), 'old\n');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  git('checkout', '-q', '-b', 'feature');
  writeFileSync(join(dir, 'new.ts'), 'export const x = 1;\n');
  git('rm', '-q', 'old.txt');
  git('add', '.');
  git('commit', '-q', '-m', 'checkpoint: feature work');
  git('checkout', '-q', 'trunk');
  return { dir, git };
}

const wf = `on: [push, pull_request]
jobs:
  j:
    runs-on: ubuntu-latest
    outputs:
      files: \${{ steps.f.outputs.files }}
    steps:
      - uses: actions/checkout@v5
      - id: f
        run: echo "files=$(find . -type f | sort | tr '\\n' ' ')" >> "$GITHUB_OUTPUT"
`;

describe('a git repository as the runtime repository', () => {
  it('imports branches and commits with their shas; checkout writes the files git has; compare and PR files come from git', async () => {
    const { dir, git } = repo();
    const sb = await sandbox({ 'w.yml': wf }, { gitDir: dir });
    const fake = sb.runtime.github;
    expect(fake.repo.defaultBranch).toBe('trunk');
    expect(fake.branchSha('feature')).toBe(git('rev-parse', 'feature'));
    sb.runner.pullRequest({ action: 'opened', head: 'feature', base: 'trunk' });
    sb.runner.push({ branch: 'trunk', commits: [{ message: 'more', files: { 'added.md': 'x' } }] });
    const [pr, push] = await sb.runner.settle();
    expect(pr?.sha).toBe(git('rev-parse', 'feature'));
    expect(pr?.jobs[0]?.outputs['files']).toBe('./README.md ./new.ts ');
    // a commit pushed on top of the git history: git's files plus the new one
    expect(push?.jobs[0]?.outputs['files']).toBe('./README.md ./added.md ./old.txt ');
    const [owner = '', name = ''] = sb.runtime.repo.split('/');
    const gh = getOctokit(sb.runtime.restToken(), { baseUrl: sb.runtime.url });
    const cmp = await gh.rest.repos.compareCommitsWithBasehead({ owner, repo: name, basehead: `${git('rev-parse', 'trunk')}...feature` });
    expect(cmp.data.commits.map((c) => [c.sha, c.commit.message])).toEqual([[git('rev-parse', 'feature'), 'checkpoint: feature work']]);
    expect(cmp.data.files?.map((f) => [f.filename, f.status])).toEqual([['new.ts', 'added'], ['old.txt', 'removed']]);
    const files = await gh.rest.pulls.listFiles({ owner, repo: name, pull_number: 1 });
    expect(files.data.map((f) => f.filename)).toEqual(['new.ts', 'old.txt']);
  });
});

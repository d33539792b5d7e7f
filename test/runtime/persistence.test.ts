// Filesystem backing: caches, artifacts and REST state survive a restart on the same directory;
// files are written atomically (no temporary files left behind). In-memory runtimes start empty.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { Scratch, Toolkit } from './helpers/toolkit.js';

let scratch: Scratch;
let dir: string;

beforeAll(() => {
  scratch = new Scratch();
  dir = mkdtempSync(join(tmpdir(), 'apr-runtime-state-'));
});

afterAll(() => {
  scratch?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe('filesystem-backed runtime', () => {
  it('keeps caches, artifacts and REST data across a restart', async () => {
    const rt1 = await startRuntime({ dir });
    const port = Number(new URL(rt1.url).port);
    const tk = await Toolkit.start(rt1.url);
    let rt2: LocalRuntime | undefined;
    try {
      const dirs = scratch.job('persist');
      const runId = rt1.newRunId();
      const env = rt1.envFor({ ref: 'refs/heads/main', runId, ...dirs });
      mkdirSync(join(dirs.workspace, 'state'), { recursive: true });
      writeFileSync(join(dirs.workspace, 'state', 's.json'), '{"persist":1}');
      expect(await tk.ok<number>('saveCache', env, dirs.workspace, { paths: ['state'], key: 'persist-1' })).toBeGreaterThan(0);
      const up = await tk.ok<{ id: number }>('uploadArtifact', env, dirs.workspace, {
        name: 'persisted',
        files: [join(dirs.workspace, 'state', 's.json')],
        rootDir: join(dirs.workspace, 'state'),
      });
      const pr = rt1.github.addPull({ head: 'keep/me', title: 'Kept', commits: [{ message: 'c1' }] });
      const comment = await fetch(`${rt1.url}/repos/${rt1.repo}/issues/${pr.number}/comments`, {
        method: 'POST',
        headers: { authorization: `token ${env['GITHUB_TOKEN']}` },
        body: JSON.stringify({ body: 'before restart' }),
      }).then((r) => r.json() as Promise<{ id: number }>);
      expect(rt1.github.createRef('refs/claims/kept', rt1.github.branchSha('main') ?? '')).toBe(true);
      await rt1.close();

      const files = listFiles(dir);
      expect(files).toEqual(expect.arrayContaining(['state/cache.json', 'state/artifacts.json', 'state/github.json', 'state/meta.json']));
      expect(files.filter((f) => f.startsWith('blobs/actions-cache/'))).toHaveLength(1);
      expect(files.filter((f) => f.startsWith('blobs/actions-results/'))).toHaveLength(1);
      expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(JSON.parse(readFileSync(join(dir, 'state', 'cache.json'), 'utf8')).entries).toHaveLength(1);

      rt2 = await startRuntime({ dir, port });
      expect(rt2.url).toBe(rt1.url);
      // Tokens minted before the restart still verify (the signing secret is persisted).
      rmSync(join(dirs.workspace, 'state'), { recursive: true });
      expect(await tk.ok<string>('restoreCache', env, dirs.workspace, { paths: ['state'], key: 'persist-1' })).toBe('persist-1');
      expect(readFileSync(join(dirs.workspace, 'state', 's.json'), 'utf8')).toBe('{"persist":1}');

      const later = scratch.job('persist-later');
      const env2 = rt2.envFor({ ref: 'refs/heads/main', ...later });
      const [owner, repo] = rt2.repo.split('/');
      const findBy = { token: env2['GITHUB_TOKEN'], workflowRunId: runId, repositoryOwner: owner, repositoryName: repo };
      await tk.ok('downloadArtifact', env2, later.workspace, { id: up.id, options: { path: join(later.tempDir, 'dl'), findBy } });
      expect(readFileSync(join(later.tempDir, 'dl', 's.json'), 'utf8')).toBe('{"persist":1}');

      expect(rt2.github.pull(pr.number)?.title).toBe('Kept');
      expect(rt2.github.comments(pr.number).map((c) => c.body)).toEqual(['before restart']);
      expect(rt2.github.ref('refs/claims/kept')).toBeDefined();
      expect(rt2.github.createRef('refs/claims/kept', 'x')).toBe(false);
      // Id counters continue instead of reusing ids.
      expect(rt2.github.addComment(pr.number, 'after restart').id).toBeGreaterThan(comment.id);
      expect(rt2.newRunId()).toBeGreaterThan(runId);
    } finally {
      await tk.close();
      await rt2?.close();
    }
  });

  it('starts empty without a directory', async () => {
    const a = await startRuntime();
    a.github.addIssue({ title: 'only here' });
    await a.close();
    const b = await startRuntime();
    try {
      expect(b.github.issues()).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

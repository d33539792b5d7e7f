// Artifact service semantics, exercised through the real @actions/artifact client over HTTP
// (Twirp within a run, and the REST findBy paths across runs).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { Scratch, Toolkit } from './helpers/toolkit.js';

const DAY = 24 * 3600 * 1000;
// The client computes expires_at from the real clock, so the runtime clock starts at real time.
let clock = Date.now();

let rt: LocalRuntime;
let tk: Toolkit;
let scratch: Scratch;

beforeAll(async () => {
  rt = await startRuntime({ now: () => clock });
  tk = await Toolkit.start(rt.url);
  scratch = new Scratch();
});

afterAll(async () => {
  await tk?.close();
  await rt?.close();
  scratch?.dispose();
});

interface Artifact {
  id: number;
  name: string;
  size: number;
  digest?: string;
}

let jobs = 0;
function run(ref = 'refs/heads/main', runId = rt.newRunId()) {
  const dirs = scratch.job(`a${++jobs}`);
  const env = rt.envFor({ ref, runId, ...dirs });
  const write = (rel: string, content: string): string => {
    const p = join(dirs.workspace, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, content);
    return p;
  };
  const call = <T>(op: string, args: Record<string, unknown>) => tk.ok<T>(op, env, dirs.workspace, args);
  return { runId, env, ...dirs, write, call };
}

describe('artifact service with the real @actions/artifact client', () => {
  it('uploads, lists, gets and downloads (zip) within a run', async () => {
    const r = run();
    const a = r.write('out/session.json', '{"session":"s1"}');
    const b = r.write('out/nested/report.md', '# report');
    const up = await r.call<{ id: number; size: number; digest: string }>('uploadArtifact', { name: 'session-s1', files: [a, b], rootDir: join(r.workspace, 'out') });
    expect(up.id).toBeGreaterThan(0);
    expect(up.digest).toMatch(/^[0-9a-f]{64}$/);

    const listed = await r.call<{ artifacts: Artifact[] }>('listArtifacts', {});
    expect(listed.artifacts.map((x) => x.name)).toEqual(['session-s1']);
    expect(listed.artifacts[0]?.digest).toBe(`sha256:${up.digest}`);
    const got = await r.call<{ artifact: Artifact }>('getArtifact', { name: 'session-s1' });
    expect(got.artifact.id).toBe(up.id);

    const dest = join(r.tempDir, 'dl');
    const dl = await r.call<{ downloadPath: string; digestMismatch?: boolean }>('downloadArtifact', {
      id: up.id,
      options: { path: dest, expectedHash: `sha256:${up.digest}` },
    });
    expect(dl.digestMismatch).toBe(false);
    const bad = await r.call<{ digestMismatch?: boolean }>('downloadArtifact', {
      id: up.id,
      options: { path: join(r.tempDir, 'dl2'), expectedHash: `sha256:${'0'.repeat(64)}` },
    });
    expect(bad.digestMismatch).toBe(true);
    expect(readFileSync(join(dest, 'session.json'), 'utf8')).toBe('{"session":"s1"}');
    expect(readFileSync(join(dest, 'nested', 'report.md'), 'utf8')).toBe('# report');
  });

  it('rejects a second artifact of the same name in one run (409, not retried), but allows it in another run', async () => {
    const r = run();
    const f = r.write('x.txt', 'x');
    await r.call('uploadArtifact', { name: 'dup', files: [f], rootDir: r.workspace });
    const started = Date.now();
    const again = await tk.call('uploadArtifact', r.env, r.workspace, { name: 'dup', files: [f], rootDir: r.workspace });
    expect(again.ok).toBe(false);
    expect(again.error?.message).toMatch(/already exists/);
    expect(Date.now() - started).toBeLessThan(3000); // a JSON 409 is not retried

    const other = run();
    const g = other.write('x.txt', 'y');
    await expect(other.call('uploadArtifact', { name: 'dup', files: [g], rootDir: other.workspace })).resolves.toBeTruthy();
  });

  it('downloads a skipArchive (raw) artifact as a single named file with its content type', async () => {
    const r = run();
    const f = r.write('state.json', '{"raw":true}');
    const up = await r.call<{ id: number }>('uploadArtifact', { name: 'state.json', files: [f], rootDir: r.workspace, options: { skipArchive: true } });
    const dest = join(r.tempDir, 'raw');
    await r.call('downloadArtifact', { id: up.id, options: { path: dest } });
    expect(readdirSync(dest)).toEqual(['state.json']);
    expect(readFileSync(join(dest, 'state.json'), 'utf8')).toBe('{"raw":true}');

    const zipUrl = `${rt.url}/repos/${rt.repo}/actions/artifacts/${up.id}/zip`;
    const redirect = await fetch(zipUrl, { redirect: 'manual', headers: { authorization: `token ${r.env['GITHUB_TOKEN']}` } });
    expect(redirect.status).toBe(302);
    const blob = await fetch(redirect.headers.get('location') ?? '');
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('application/json');
    expect(blob.headers.get('content-disposition')).toContain('state.json');
  });

  it('reads, downloads and deletes another run\'s artifacts through findBy (REST), and lists newest first by name', async () => {
    const producer = run('refs/heads/feature');
    const f = producer.write('data/result.txt', 'from producer');
    const up = await producer.call<{ id: number }>('uploadArtifact', { name: 'result', files: [f], rootDir: join(producer.workspace, 'data') });
    clock += 1000;
    const producer2 = run('refs/heads/feature');
    const f2 = producer2.write('data/result.txt', 'newer');
    const up2 = await producer2.call<{ id: number }>('uploadArtifact', { name: 'result', files: [f2], rootDir: join(producer2.workspace, 'data') });

    const consumer = run('refs/heads/main');
    const [owner, repo] = rt.repo.split('/');
    const findBy = { token: consumer.env['GITHUB_TOKEN'], workflowRunId: producer.runId, repositoryOwner: owner, repositoryName: repo };

    // Own run has nothing; the producer's run has the artifact.
    expect((await consumer.call<{ artifacts: Artifact[] }>('listArtifacts', {})).artifacts).toEqual([]);
    const listed = await consumer.call<{ artifacts: Artifact[] }>('listArtifacts', { options: { findBy } });
    expect(listed.artifacts.map((a) => [a.id, a.name])).toEqual([[up.id, 'result']]);
    const got = await consumer.call<{ artifact: Artifact }>('getArtifact', { name: 'result', options: { findBy } });
    expect(got.artifact.id).toBe(up.id);

    const dest = join(consumer.tempDir, 'cross');
    await consumer.call('downloadArtifact', { id: up.id, options: { path: dest, findBy } });
    expect(readFileSync(join(dest, 'result.txt'), 'utf8')).toBe('from producer');

    // "Newest artifact named X in any run": the repository listing, exact name, newest first.
    const byName = (await fetch(`${rt.url}/repos/${rt.repo}/actions/artifacts?name=result`, {
      headers: { authorization: `token ${consumer.env['GITHUB_TOKEN']}` },
    }).then((res) => res.json())) as { total_count: number; artifacts: { id: number; workflow_run: { id: number; head_branch: string } }[] };
    expect(byName.artifacts.map((a) => a.id)).toEqual([up2.id, up.id]);
    expect(byName.artifacts[0]?.workflow_run).toMatchObject({ id: producer2.runId, head_branch: 'feature' });
    const prefix = (await fetch(`${rt.url}/repos/${rt.repo}/actions/artifacts?name=resul`, {
      headers: { authorization: `token ${consumer.env['GITHUB_TOKEN']}` },
    }).then((res) => res.json())) as { total_count: number };
    expect(prefix.total_count).toBe(0);

    const deleted = await consumer.call<{ id: number }>('deleteArtifact', { name: 'result', options: { findBy } });
    expect(deleted.id).toBe(up.id);
    const after = await consumer.call<{ artifacts: Artifact[] }>('listArtifacts', { options: { findBy } });
    expect(after.artifacts).toEqual([]);
  });

  it('drops artifacts when their retention expires on the runtime clock', async () => {
    const r = run();
    const f = r.write('short.txt', 'short-lived');
    const up = await r.call<{ id: number }>('uploadArtifact', { name: 'short', files: [f], rootDir: r.workspace, options: { retentionDays: 1 } });
    const long = await r.call<{ id: number }>('uploadArtifact', { name: 'long', files: [f], rootDir: r.workspace });
    expect((await r.call<{ artifacts: Artifact[] }>('listArtifacts', {})).artifacts).toHaveLength(2);

    clock += 2 * DAY;
    const later = rt.envFor({ ref: 'refs/heads/main', runId: r.runId, workspace: r.workspace, tempDir: r.tempDir });
    const listed = await tk.ok<{ artifacts: Artifact[] }>('listArtifacts', later, r.workspace, {});
    expect(listed.artifacts.map((a) => a.id)).toEqual([long.id]);
    const rest = await fetch(`${rt.url}/repos/${rt.repo}/actions/artifacts/${up.id}`, { headers: { authorization: `token ${later['GITHUB_TOKEN']}` } });
    expect(rest.status).toBe(404);
    const dl = await tk.call('downloadArtifact', later, r.workspace, { id: up.id, options: { path: join(r.tempDir, 'gone') } });
    expect(dl.ok).toBe(false);
    expect(existsSync(join(r.tempDir, 'gone', 'short.txt'))).toBe(false);
  });
});

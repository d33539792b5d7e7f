// The state artifact's own uploader (packages/core/src/adapters/store/artifact-upload.ts) against the
// local runtime's artifact service, side by side with the real @actions/artifact client it replaces:
// what it writes is listed over REST and downloaded by @actions/artifact unchanged; request by request
// (through a recording proxy in front of the runtime) it speaks what @actions/artifact speaks; its
// failures read as @actions/artifact's, so the store's warnings and its 409 handling are unchanged.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { ActionsStateStore, createGitHubClient, createLogger, memorySink } from '@auto-pr-sessions/core';
import type { SessionEvent } from '@auto-pr-sessions/core';
import { push } from '../helpers/events.js';
import { inRun, type InRun } from '../helpers/in-run.js';
import { recordingProxy, twirpCalls, type Recorded } from '../helpers/recording-proxy.js';
import { uploadOneFileArtifact, backendIdsFromToken, expiresAt, timestampJson } from '../../packages/core/src/adapters/store/artifact-upload.js';

let rt: LocalRuntime;
let owner = '';
let repo = '';
const FAST = { maxAttempts: 5, baseMs: 5, multiplier: 1.5 };

beforeAll(async () => {
  rt = await startRuntime();
  [owner = '', repo = ''] = rt.repo.split('/');
});
afterAll(async () => {
  await rt?.close();
});
afterEach(() => rt.faults.clear());

type RunCtx = InRun;

/**
 * One workflow run of the runtime in this process (the toolkit clients read process.env at call
 * time); `resultsUrl` points the artifact clients elsewhere (the recording proxy).
 */
function asRun<T>(fn: (ctx: RunCtx) => Promise<T>, opts: { resultsUrl?: string; ref?: string } = {}): Promise<T> {
  return inRun(rt, { ref: opts.ref ?? 'refs/heads/main', eventName: 'push' }, fn, { prefix: 'aps-upload-', ...(opts.resultsUrl ? { env: { ACTIONS_RESULTS_URL: `${opts.resultsUrl}/` } } : {}) });
}

async function toolkitUpload(ctx: RunCtx, name: string, fileName: string, content: string, retentionDays?: number) {
  const path = join(ctx.dir, fileName);
  await writeFile(path, content);
  const { DefaultArtifactClient } = await import('@actions/artifact');
  return new DefaultArtifactClient().uploadArtifact(name, [path], ctx.dir, retentionDays ? { retentionDays } : {});
}

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error('expected a failure');
};

const STATE = JSON.stringify({ streamKey: 'b-feature', events: [{ kind: 'push', at: '2025-11-19T12:00:00Z', note: 'ünïcödé ✓' }], pad: 'x'.repeat(5000) });

describe('state artifact uploader (artifact-upload.ts) against the runtime', () => {
  it('reads the backend ids from the runtime token and formats timestamps as protobuf-ts does', async () => {
    await asRun(async ({ env }) => {
      const ids = backendIdsFromToken(env['ACTIONS_RUNTIME_TOKEN'] ?? '');
      expect(ids.workflowRunBackendId).toMatch(/\S/);
      expect(ids.workflowJobRunBackendId).toMatch(/\S/);
    });
    expect(() => backendIdsFromToken('not-a-jwt')).toThrow(/invalid and\/or missing claims/);
    const g = await import('../../node_modules/@actions/artifact/lib/generated/index.js');
    for (const d of [new Date('2025-01-01T00:00:00.000Z'), new Date('2025-03-04T05:06:07.089Z')]) {
      expect(JSON.stringify(timestampJson(d))).toBe(JSON.stringify(g.Timestamp.toJson(g.Timestamp.fromDate(d))));
    }
    expect(expiresAt(undefined, {}, new Date())).toBeUndefined();
    const now = new Date('2025-01-01T12:00:00.000Z');
    expect(Date.parse(expiresAt(90, { GITHUB_RETENTION_DAYS: '7' }, now) ?? '') - now.getTime()).toBeGreaterThanOrEqual(7 * 86_400_000 - 3_600_000);
    expect(Date.parse(expiresAt(90, { GITHUB_RETENTION_DAYS: '7' }, now) ?? '') - now.getTime()).toBeLessThanOrEqual(7 * 86_400_000 + 3_600_000);
  });

  it('writes an artifact that REST lists and @actions/artifact downloads with identical content', async () => {
    const up = await asRun(async () => uploadOneFileArtifact('aps-state-b-feature', 'state.json', STATE, { retentionDays: 5 }));
    expect(up.id).toBeGreaterThan(0);
    expect(up.digest).toMatch(/^[0-9a-f]{64}$/);
    await asRun(async ({ token, dir }) => {
      const gh = createGitHubClient({ token, baseUrl: rt.url });
      const listed = await gh.rest.actions.listArtifactsForRepo({ owner, repo, name: 'aps-state-b-feature', per_page: 100 });
      const a = listed.data.artifacts.find((x) => x.id === up.id);
      expect(a).toBeDefined();
      expect(a?.size_in_bytes).toBe(up.size);
      expect(a?.digest).toBe(`sha256:${up.digest}`);
      const { DefaultArtifactClient } = await import('@actions/artifact');
      const dest = join(dir, 'dl');
      const dl = await new DefaultArtifactClient().downloadArtifact(up.id, {
        path: dest,
        expectedHash: `sha256:${up.digest}`,
        findBy: { token, workflowRunId: a?.workflow_run?.id ?? 0, repositoryOwner: owner, repositoryName: repo },
      });
      expect(dl.digestMismatch).toBe(false);
      expect(await readFile(join(dest, 'state.json'), 'utf8')).toBe(STATE);
    });
  });

  it('sends what @actions/artifact sends, request by request (Twirp methods and fields, blob requests and content type)', async () => {
    const proxy = await recordingProxy(rt.url);
    try {
      const mine = await asRun(async () => uploadOneFileArtifact('aps-state-cmp', 'state.json', STATE, { retentionDays: 5 }), { resultsUrl: proxy.url });
      const mineLog = proxy.log.splice(0);
      const theirs = await asRun(async (ctx) => toolkitUpload(ctx, 'aps-state-cmp', 'state.json', STATE, 5), { resultsUrl: proxy.url });
      const theirLog = proxy.log.splice(0);

      const twirp = (log: Recorded[]) =>
        twirpCalls(log, (k, v) => (/expires_at/.test(k) ? typeof v : /hash/.test(k) ? String(v).replace(/[0-9a-f]{64}$/, '<hex>') : /size/.test(k) ? typeof v : /backend_id/.test(k) ? typeof v : v));
      const blob = (log: Recorded[]) =>
        log.filter((r) => !r.path.startsWith('/twirp/')).map((r) => ({
          method: r.method,
          comp: r.query['comp'],
          blobContentType: r.headers['x-ms-blob-content-type'],
          contentType: r.headers['content-type'],
          version: r.headers['x-ms-version'],
          blobType: r.headers['x-ms-blob-type'],
          // block ids are random: their length and the list's XML around them must match
          blockIdLength: r.query['blockid']?.length,
          list: r.query['comp'] === 'blocklist' ? r.body.toString('utf8').replace(/<Latest>[^<]*<\/Latest>/g, '<Latest>ID</Latest>') : undefined,
        }));
      expect(twirp(mineLog)).toEqual(twirp(theirLog));
      expect(twirp(mineLog).map((r) => r.path.split('/').pop())).toEqual(['CreateArtifact', 'FinalizeArtifact']);
      expect(blob(mineLog)).toEqual(blob(theirLog));
      expect(blob(mineLog).map((b) => b.comp)).toEqual(['block', 'blocklist']);
      expect(blob(mineLog)[1]?.blobContentType).toBe('application/zip');

      // expires_at a few days out in both, and hash/size are those of the bytes that went to the blob
      for (const [log, result] of [[mineLog, mine], [theirLog, theirs]] as const) {
        const create = JSON.parse(log.find((r) => r.path.endsWith('/CreateArtifact'))?.body.toString('utf8') ?? '{}') as Record<string, string>;
        const days = (Date.parse(create['expires_at'] ?? '') - Date.now()) / 86_400_000;
        expect(days).toBeGreaterThan(4.9);
        expect(days).toBeLessThan(5.1);
        const uploaded = Buffer.concat(log.filter((r) => r.query['comp'] === 'block').map((r) => r.body));
        const fin = JSON.parse(log.find((r) => r.path.endsWith('/FinalizeArtifact'))?.body.toString('utf8') ?? '{}') as Record<string, string>;
        expect(fin['hash']).toBe(`sha256:${createHash('sha256').update(uploaded).digest('hex')}`);
        expect(fin['size']).toBe(String(uploaded.length));
        expect(result.size).toBe(uploaded.length);
        expect(uploaded.subarray(0, 4).toString('hex')).toBe('504b0304'); // a zip
      }
    } finally {
      await proxy.close();
    }
  });

  it('fails as @actions/artifact fails: 409 for a name this run already wrote, 400 and a persistent 500 from the service', async () => {
    // a second artifact of one name in one run: 409 already_exists, not retried
    const dup = await asRun(async (ctx) => {
      await uploadOneFileArtifact('aps-state-dup', 'state.json', STATE);
      const mineMsg = await errorOf(uploadOneFileArtifact('aps-state-dup', 'state.json', STATE));
      const theirMsg = await errorOf(toolkitUpload(ctx, 'aps-state-dup', 'state.json', STATE));
      return { mineMsg, theirMsg };
    });
    expect(dup.mineMsg).toBe(dup.theirMsg);
    expect(dup.mineMsg).toMatch(/^Failed to CreateArtifact: Received non-retryable error: Failed request: \(409\) Conflict: /);

    // 400 from the service: not retried, same message
    rt.faults.set({ target: 'artifact', kind: '4xx', count: 2 });
    const bad = await asRun(async (ctx) => ({
      mineMsg: await errorOf(uploadOneFileArtifact('aps-state-400', 'state.json', STATE)),
      theirMsg: await errorOf(toolkitUpload(ctx, 'aps-state-400', 'state.json', STATE)),
    }));
    expect(bad.mineMsg).toBe(bad.theirMsg);
    expect(bad.mineMsg).toContain('(400)');

    // a 500 once: retried, then written
    const once = rt.faults.set({ target: 'artifact', kind: '5xx', count: 1 });
    const retried = await asRun(async () => uploadOneFileArtifact('aps-state-500-once', 'state.json', STATE, { retry: FAST }));
    expect(once.hits).toBe(1);
    expect(retried.id).toBeGreaterThan(0);

    // a persistent 500: five attempts, then the client's message (the real client waits ~30 s for it)
    rt.faults.set({ target: 'artifact', kind: '5xx' });
    const down = await asRun(async (ctx) => {
      const theirs = errorOf(toolkitUpload(ctx, 'aps-state-500', 'state.json', STATE));
      const mineMsg = await errorOf(uploadOneFileArtifact('aps-state-500', 'state.json', STATE, { retry: FAST }));
      return { mineMsg, theirMsg: await theirs };
    });
    expect(down.mineMsg).toBe(down.theirMsg);
    expect(down.mineMsg).toMatch(/^Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: \(500\)/);
  }, 120_000);
});

describe('ActionsStateStore with the uploader', () => {
  const event = (i: number): SessionEvent => push(new Date(Date.parse('2025-11-19T12:00:00Z') + i * 60_000).toISOString(), `Auto-PR: step ${i}`);
  const storeFor = (ctx: RunCtx, sink = memorySink()) =>
    new ActionsStateStore({
      owner, repo, github: createGitHubClient({ token: ctx.token, baseUrl: rt.url }), token: ctx.token, workspace: ctx.dir, tempDir: ctx.dir,
      runId: String(ctx.runId), runAttempt: '1', ref: 'refs/heads/feature', defaultRef: 'refs/heads/main', retentionDays: 30,
      artifactsOnly: false, log: createLogger({ sink, operation: 'test' }), callTimeoutMs: 60_000,
    });

  it('writes the state artifact, and replaces this run\'s earlier copy on 409', async () => {
    await asRun(async (ctx) => {
      const store = storeFor(ctx);
      const first = await store.append('b-store', [event(1)]);
      expect(first.warnings).toEqual([]);
      expect(first.durable).toBe(true);
      const firstId = first.written.find((w) => w.startsWith('artifact:'));
      // same run, same stream: the name is taken (409), the earlier copy is deleted and replaced
      const second = await store.append('b-store', [event(2)]);
      expect(second.warnings).toEqual([]);
      expect(second.durable).toBe(true);
      const secondId = second.written.find((w) => w.startsWith('artifact:'));
      expect(secondId).toBeDefined();
      expect(secondId).not.toBe(firstId);
      const gh = createGitHubClient({ token: ctx.token, baseUrl: rt.url });
      const listed = await gh.rest.actions.listWorkflowRunArtifacts({ owner, repo, run_id: ctx.runId, name: 'aps-state-b-store' });
      expect(listed.data.artifacts.map((a) => `artifact:${a.id}`)).toEqual([secondId]);
      // and a reader of another run sees both events
      const loaded = await asRun(async (other) => storeFor(other).load('b-store'), { ref: 'refs/heads/other' });
      expect(loaded.state.events.length).toBe(2);
    }, { ref: 'refs/heads/feature' });
  });

  it('an upload failure is a warning, and the cache write is kept', async () => {
    rt.faults.set({ target: 'artifact', kind: '4xx', method: 'POST', status: 400 });
    const r = await asRun(async (ctx) => storeFor(ctx).append('b-fail', [event(1)]), { ref: 'refs/heads/feature' });
    expect(r.durable).toBe(false);
    expect(r.written.some((w) => w.startsWith('cache:'))).toBe(true);
    expect(r.written.some((w) => w.startsWith('artifact:'))).toBe(false);
    expect(r.warnings).toEqual(['artifact upload of aps-state-b-fail failed: Failed to CreateArtifact: Received non-retryable error: Failed request: (400) Bad Request: Bad Request (injected fault)']);
  });
});

// Blob subset: Put Block List assembles blocks in list order (not arrival order), checked on the wire
// and through a multi-block upload of the real artifact client.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type LocalRuntime } from '@auto-pr-sessions/runtime';
import { Scratch, Toolkit } from './helpers/toolkit.js';
import { twirp } from './helpers/twirp.js';

let rt: LocalRuntime;
let scratch: Scratch;
beforeAll(async () => {
  rt = await startRuntime();
  scratch = new Scratch();
});
afterAll(async () => {
  await rt?.close();
  scratch?.dispose();
});

const b64 = (s: string): string => Buffer.from(s.padEnd(48, '0')).toString('base64');

describe('blob protocol', () => {
  it('assembles Put Block List in list order and answers 201 to every upload call', async () => {
    const env = rt.envFor({ ref: 'refs/heads/main', workspace: '/tmp', tempDir: '/tmp' });
    const created = (await (await twirp(rt, env, 'CacheService/CreateCacheEntry', { key: 'blocks', version: 'v' })).json()) as { signed_upload_url: string };
    const url = created.signed_upload_url;
    const put = (q: string, body: string, headers: Record<string, string> = {}) => fetch(`${url}&${q}`, { method: 'PUT', body, headers });
    // Blocks arrive out of order: third, first, second.
    expect((await put(`comp=block&blockid=${encodeURIComponent(b64('c'))}`, 'CCC')).status).toBe(201);
    expect((await put(`comp=block&blockid=${encodeURIComponent(b64('a'))}`, 'AAA')).status).toBe(201);
    expect((await put(`comp=block&blockid=${encodeURIComponent(b64('b'))}`, 'BBB')).status).toBe(201);
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${b64('a')}</Latest><Latest>${b64('b')}</Latest><Latest>${b64('c')}</Latest></BlockList>`;
    expect((await put('comp=blocklist', list)).status).toBe(201);
    const fin = (await (await twirp(rt, env, 'CacheService/FinalizeCacheEntryUpload', { key: 'blocks', version: 'v', size_bytes: '9' })).json()) as { ok: boolean };
    expect(fin.ok).toBe(true);
    const dl = (await (await twirp(rt, env, 'CacheService/GetCacheEntryDownloadURL', { key: 'blocks', version: 'v' })).json()) as { signed_download_url: string };
    const got = await fetch(dl.signed_download_url);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-length')).toBe('9');
    expect(await got.text()).toBe('AAABBBCCC');
    expect((await fetch(dl.signed_download_url, { method: 'HEAD' })).headers.get('content-length')).toBe('9');
    // An upload without a length (a chunked body) is refused, as Azure refuses it.
    const chunked = await fetch(url, {
      method: 'PUT',
      body: new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('x')), c.close()) }),
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(411);
    expect(await chunked.text()).toMatch(/MissingContentLengthHeader/);
    // A list naming a block that was never staged is refused.
    const bad = `<BlockList><Latest>${b64('zzz')}</Latest></BlockList>`;
    expect((await put('comp=blocklist', bad)).status).toBe(400);
  });

  it('round-trips a multi-block artifact (concurrent 8 MiB blocks) byte for byte', async () => {
    const tk = await Toolkit.start(rt.url);
    try {
      const dirs = scratch.job('big');
      const env = rt.envFor({ ref: 'refs/heads/main', ...dirs });
      const data = randomBytes(20 * 1024 * 1024);
      writeFileSync(join(dirs.workspace, 'big.bin'), data);
      const up = await tk.ok<{ id: number }>('uploadArtifact', env, dirs.workspace, {
        name: 'big',
        files: [join(dirs.workspace, 'big.bin')],
        rootDir: dirs.workspace,
        options: { compressionLevel: 0 },
      });
      expect(rt.stats().blob).toBeGreaterThanOrEqual(4); // at least 3 blocks + the block list
      await tk.ok('downloadArtifact', env, dirs.workspace, { id: up.id, options: { path: join(dirs.tempDir, 'out') } });
      const back = readFileSync(join(dirs.tempDir, 'out', 'big.bin'));
      expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    } finally {
      await tk.close();
    }
  });
});

// Direct Twirp/blob calls for seeding state quickly in REST and fault tests (the client-level
// behaviour is covered through the real toolkit in cache.test.ts and artifact.test.ts).
import type { LocalRuntime } from '@auto-pr-sessions/runtime';

const PREFIX = '/twirp/github.actions.results.api.v1.';

export async function twirp(rt: LocalRuntime, env: Record<string, string>, method: string, body: unknown): Promise<Response> {
  return fetch(`${rt.url}${PREFIX}${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${env['ACTIONS_RUNTIME_TOKEN']}` },
    body: JSON.stringify(body),
  });
}

/** Reserve, upload and finalize a cache entry; returns its id. */
export async function seedCache(rt: LocalRuntime, env: Record<string, string>, key: string, content = key, version = 'v1'): Promise<number> {
  const created = (await (await twirp(rt, env, 'CacheService/CreateCacheEntry', { key, version })).json()) as { ok: boolean; signed_upload_url: string };
  if (!created.ok) throw new Error(`reserve ${key} failed`);
  const put = await fetch(created.signed_upload_url, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body: content });
  if (put.status !== 201) throw new Error(`upload ${key} answered ${put.status}`);
  const fin = (await (await twirp(rt, env, 'CacheService/FinalizeCacheEntryUpload', { key, version, size_bytes: String(content.length) })).json()) as {
    ok: boolean;
    entry_id: string;
  };
  if (!fin.ok) throw new Error(`finalize ${key} failed`);
  return Number(fin.entry_id);
}

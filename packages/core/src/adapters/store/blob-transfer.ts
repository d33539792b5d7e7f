// The Azure Blob requests behind the results service's signed URLs, sent with http-fetch.ts (the
// runner's proxy variables apply) instead of @azure/storage-blob, whose chunk was the largest module
// a session-start loaded (~0.7 MB of bundle) for two or three requests:
//   Put Blob        https://learn.microsoft.com/en-us/rest/api/storageservices/put-blob
//   Put Block       https://learn.microsoft.com/en-us/rest/api/storageservices/put-block
//   Put Block List  https://learn.microsoft.com/en-us/rest/api/storageservices/put-block-list
//   Get Blob        https://learn.microsoft.com/en-us/rest/api/storageservices/get-blob
// A SAS URL authorizes each request (no Authorization header). Uploads succeed with 201 only. The
// headers are what @azure/storage-blob 12.31 sends for the same calls (uploadFile of a small
// archive: Put Blob; uploadStream: Put Block, then Put Block List), compared request by request in
// test/store/artifact-upload.test.ts and test/store/cache-client.test.ts.
import { randomUUID } from 'node:crypto';
import type { AbortError } from 'p-retry';
import { httpFetch } from '../http-fetch.js';
import { asNetworkError } from './twirp.js';

/** The x-ms-version @azure/storage-blob 12.31 sends (dist/esm/utils/constants.js SERVICE_VERSION). */
export const BLOB_API_VERSION = '2026-02-06';
/** Transfers retry 5xx and connection faults twice (Azure's own SDK retries 5xx too). */
const RETRIES = { retries: 2, minTimeout: 1000, factor: 2 };

async function retrying() {
  const { default: pRetry, AbortError } = await import('p-retry');
  return { pRetry, AbortError };
}

type Headers = Record<string, string>;

/** fetch, with a connection failure turned into the toolkit's NetworkError. */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await httpFetch(url, init);
  } catch (err) {
    throw asNetworkError(err);
  }
}

/** The error of an unexpected answer: 5xx is retried, anything else ends the retries. */
async function failure(res: Response, what: string, abort: typeof AbortError): Promise<Error> {
  const fault = new Error(`${what} failed: (${res.status}) ${azureError(await res.text()) || res.statusText}`);
  return res.status >= 500 ? fault : new abort(fault);
}

/** One PUT that must answer 201; 5xx and connection faults are retried, other answers are not. */
async function put(userAgent: string, url: string, body: Buffer, headers: Headers, what: string): Promise<void> {
  const { pRetry, AbortError } = await retrying();
  await pRetry(async () => {
    // fetch sends the Content-Length of a byte body (Azure answers 411 without one)
    const res = await send(url, { method: 'PUT', body, headers: { 'x-ms-version': BLOB_API_VERSION, 'User-Agent': userAgent, ...headers } });
    if (res.status !== 201) throw await failure(res, what, AbortError);
    await res.text(); // drained, so the connection can serve the next request
  }, RETRIES);
}

/** The whole blob in one Put Blob (what storage-blob's uploadFile sends up to 256 MiB). */
export async function putBlob(userAgent: string, url: string, body: Buffer): Promise<void> {
  await put(userAgent, url, body, { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'application/octet-stream' }, 'blob upload');
}

/**
 * The blob as blocks of at most `blockBytes`, then the list that commits them in order, with the
 * blob's content type (what storage-blob's uploadStream sends).
 */
export async function putBlocks(userAgent: string, url: string, body: Buffer, contentType: string, blockBytes = 8 * 1024 * 1024): Promise<void> {
  const prefix = randomUUID();
  const ids: string[] = [];
  for (let at = 0, index = 0; at < body.length || index === 0; at += blockBytes, index += 1) {
    // storage-blob's generateBlockID: a 48-character prefix + zero-padded index, base64
    const id = Buffer.from(prefix + String(index).padStart(48 - prefix.length, '0')).toString('base64');
    ids.push(id);
    const block = new URL(url);
    block.searchParams.set('comp', 'block');
    block.searchParams.set('blockid', id);
    await put(userAgent, block.href, body.subarray(at, at + blockBytes), { 'Content-Type': 'application/octet-stream' }, 'blob block upload');
  }
  const list = new URL(url);
  list.searchParams.set('comp', 'blocklist');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join('')}</BlockList>`;
  await put(userAgent, list.href, Buffer.from(xml), { 'Content-Type': 'application/xml', 'x-ms-blob-content-type': contentType }, 'blob commit');
}

/** Get Blob: status 200 with the whole body, read up to `maxBytes` and checked against Content-Length. */
export async function getBlob(userAgent: string, url: string, maxBytes: number, what: string): Promise<Buffer> {
  const { pRetry, AbortError } = await retrying();
  return pRetry(async () => {
    const res = await send(url, { headers: { 'User-Agent': userAgent } });
    if (res.status !== 200) throw await failure(res, what, AbortError);
    const declared = Number.parseInt(res.headers.get('content-length') ?? '', 10);
    if (declared > maxBytes) {
      await res.body?.cancel();
      throw new AbortError(`${what}: ${declared} bytes, over the ${maxBytes}-byte bound; not downloaded`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) {
        await reader?.cancel();
        throw new AbortError(`${what}: more than the ${maxBytes}-byte bound; not read further`);
      }
      chunks.push(next.value);
    }
    if (Number.isFinite(declared) && declared !== size) throw new Error(`${what}: incomplete download, ${size} of ${declared} bytes`);
    return Buffer.concat(chunks);
  }, RETRIES);
}

/** The `<Code>` and `<Message>` of an Azure error body, bounded; '' when there is none. */
function azureError(body: string): string {
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1];
  const msg = /<Message>([^<]{1,300})<\/Message>/.exec(body)?.[1];
  return [code, msg].filter(Boolean).join(': ');
}

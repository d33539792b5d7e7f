// Uploads a one-file artifact (the state snapshot) the way @actions/artifact v2+ does, without
// loading @actions/artifact: its entry brings archiver/zip-stream, @actions/glob, lodash, async and a
// second @actions/http-client/@actions/github copy (~75–85 ms of CPU on every session-start, measured
// by `npm run bench -- cold`), while the pieces this needs are already loaded by @actions/cache
// (@actions/http-client and @azure/storage-blob, the same copies) or small (fflate, ~30 kB).
//
// The protocol is @actions/artifact 6.x's (https://github.com/actions/toolkit/tree/main/packages/artifact,
// lib/internal/upload/upload-artifact.js and blob-upload.js, lib/internal/shared/*.js):
//   1. backend ids from the `scp` claim of ACTIONS_RUNTIME_TOKEN (shared/util.js getBackendIdsFromToken)
//   2. Twirp CreateArtifact on the results service (origin of ACTIONS_RESULTS_URL, shared/config.js),
//      JSON with proto field names (generated/results/api/v1/artifact.twirp-client.js: toJson with
//      useProtoFieldName), Bearer runtime token, retried as shared/artifact-twirp-client.js retries
//   3. a zip of the file, uploaded to the signed URL with @azure/storage-blob's uploadStream
//      (blob-upload.js: 8 MiB buffers, content type application/zip), sha256 of the zip bytes
//   4. Twirp FinalizeArtifact with the size and `sha256:<hex>`; the answer names the artifact id
// test/store/artifact-upload.test.ts compares this request by request with @actions/artifact's own
// upload of the same file against the local runtime, so a drift in either shows up there.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { debug, info, setSecret, warning } from '../runner-commands.js';

export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';
/** CreateArtifactRequest.version that @actions/artifact 6.x sends (upload-artifact.js). */
export const ARTIFACT_VERSION = 7;
/** shared/config.js getUploadChunkSize: the buffer size of uploadStream. */
const UPLOAD_BUFFER_BYTES = 8 * 1024 * 1024;
/** shared/config.js getConcurrency without ACTIONS_ARTIFACT_UPLOAD_CONCURRENCY (one block here anyway). */
const UPLOAD_CONCURRENCY = 5;
/** The deflate level of zip.js (DEFAULT_COMPRESSION_LEVEL). */
const ZIP_LEVEL = 6;

export interface BackendIds {
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
}

export interface RetryPolicy {
  /** shared/artifact-twirp-client.js: 5 attempts, 3 s, ×1.5 (with jitter). */
  readonly maxAttempts: number;
  readonly baseMs: number;
  readonly multiplier: number;
}
export const TWIRP_RETRY: RetryPolicy = { maxAttempts: 5, baseMs: 3000, multiplier: 1.5 };

export interface OneFileUploadOptions {
  /** Days to keep the artifact (capped by GITHUB_RETENTION_DAYS, as retention.js does); none: the repository's default. */
  readonly retentionDays?: number;
  /** Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Default TWIRP_RETRY; tests shorten the waits. */
  readonly retry?: Partial<RetryPolicy>;
  /** Default new Date() (expires_at is computed from it). */
  readonly now?: () => Date;
}

export interface OneFileUploadResult {
  readonly id: number;
  /** Bytes of the zip uploaded. */
  readonly size: number;
  /** sha256 of the zip, hex (FinalizeArtifact gets `sha256:<digest>`). */
  readonly digest: string;
}

/** Characters @actions/artifact refuses in a name (path-and-artifact-name-validation.js). */
const INVALID_NAME_CHARS = ['"', ':', '<', '>', '|', '*', '?', '\r', '\n', '\\', '/'];

/** shared/util.js getBackendIdsFromToken: the `Actions.Results:<run>:<job>` scope of the JWT's `scp` claim. */
export function backendIdsFromToken(token: string): BackendIds {
  const invalid = new Error('Failed to get backend IDs: The provided JWT token is invalid and/or missing claims');
  let scp: unknown;
  try {
    const payload = token.split('.')[1] ?? '';
    scp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: unknown }).scp;
  } catch {
    throw invalid;
  }
  if (typeof scp !== 'string' || !scp) throw invalid;
  for (const scope of scp.split(' ')) {
    const parts = scope.split(':');
    if (parts[0] !== 'Actions.Results') continue;
    if (parts.length !== 3) throw invalid;
    return { workflowRunBackendId: parts[1] ?? '', workflowJobRunBackendId: parts[2] ?? '' };
  }
  throw invalid;
}

/**
 * protobuf-ts's JSON form of google.protobuf.Timestamp (what Timestamp.fromDate + toJson send):
 * RFC 3339 in UTC, the fraction only when it is not zero (milliseconds from a Date).
 */
export function timestampJson(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}

/** retention.js getExpiration: now + days (capped by GITHUB_RETENTION_DAYS), undefined without days. */
export function expiresAt(retentionDays: number | undefined, env: NodeJS.ProcessEnv, now: Date): string | undefined {
  if (!retentionDays) return undefined;
  let days = retentionDays;
  const max = Number.parseInt(env['GITHUB_RETENTION_DAYS'] ?? '', 10);
  if (!Number.isNaN(max) && max && max < days) {
    warning(`Retention days cannot be greater than the maximum allowed retention set within the repository. Using ${max} instead.`);
    days = max;
  }
  const at = new Date(now.getTime());
  at.setDate(at.getDate() + days);
  return timestampJson(at);
}

/** The `sig` of a signed URL is masked in the log (shared/util.js maskSigUrl). */
function maskSig(url: unknown): void {
  if (typeof url !== 'string' || !url) return;
  try {
    const sig = new URL(url).searchParams.get('sig');
    if (sig) {
      setSecret(sig);
      setSecret(encodeURIComponent(sig));
    }
  } catch {
    // not a URL: nothing to mask
  }
}

/** shared/errors.js NetworkError: connection failures are not retried. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH']);
function networkError(code: string): Error {
  const err = new Error(
    `Unable to make request: ${code}\nIf you are using self-hosted runners, please make sure your runner has access to all GitHub endpoints: https://docs.github.com/en/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github`,
  );
  err.name = 'NetworkError';
  (err as Error & { code: string }).code = code;
  return err;
}
function usageError(): Error {
  const err = new Error(
    'Artifact storage quota has been hit. Unable to upload any new artifacts.\nMore info on storage limits: https://docs.github.com/en/billing/managing-billing-for-github-actions/about-billing-for-github-actions#calculating-minute-and-storage-spending',
  );
  err.name = 'UsageError';
  return err;
}

/** shared/artifact-twirp-client.js isRetryableHttpStatusCode. */
const RETRYABLE = new Set([502, 504, 500, 503, 429]);

type Json = Record<string, unknown>;

/**
 * One Twirp JSON call with shared/artifact-twirp-client.js's retry loop and error messages
 * (`Failed to <Method>: Received non-retryable error: Failed request: (409) Conflict: <msg>`),
 * which the store matches for its already-exists handling.
 */
async function twirp(baseUrl: string, token: string, method: string, body: Json, retry: RetryPolicy): Promise<Json> {
  const { HttpClient } = await import('@actions/http-client');
  const { BearerCredentialHandler } = await import('@actions/http-client/lib/auth');
  const http = new HttpClient('auto-pr-sessions-artifact-upload', [new BearerCredentialHandler(token)]);
  const url = new URL(`/twirp/${ARTIFACT_SERVICE}/${method}`, baseUrl).href;
  debug(`[Request] ${method} ${url}`);
  try {
    let errorMessage = '';
    for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
      let retryable: boolean;
      let raw = '';
      try {
        const res = await http.post(url, JSON.stringify(body), { 'Content-Type': 'application/json' });
        const status = res.message.statusCode ?? 0;
        raw = await res.readBody();
        const parsed = JSON.parse(raw) as Json;
        maskSig(parsed['signed_upload_url']);
        maskSig(parsed['signed_url']);
        if (status >= 200 && status < 300) return parsed;
        retryable = RETRYABLE.has(status);
        errorMessage = `Failed request: (${status}) ${res.message.statusMessage ?? ''}`;
        const msg = typeof parsed['msg'] === 'string' ? parsed['msg'] : '';
        if (msg) {
          if (msg.includes('insufficient usage')) throw usageError();
          errorMessage = `${errorMessage}: ${msg}`;
        }
      } catch (err) {
        if (err instanceof SyntaxError) debug(`Raw Body: ${raw}`);
        if (err instanceof Error && err.name === 'UsageError') throw err;
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && NETWORK_CODES.has(code)) throw networkError(code);
        retryable = true;
        errorMessage = err instanceof Error ? err.message : String(err);
      }
      if (!retryable) throw new Error(`Received non-retryable error: ${errorMessage}`);
      if (attempt + 1 === retry.maxAttempts) throw new Error(`Failed to make request after ${retry.maxAttempts} attempts: ${errorMessage}`);
      const wait = retryWaitMs(attempt, retry);
      info(`Attempt ${attempt + 1} of ${retry.maxAttempts} failed with error: ${errorMessage}. Retrying request in ${wait} ms...`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    throw new Error('Request failed');
  } catch (err) {
    throw new Error(`Failed to ${method}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** getExponentialRetryTimeMilliseconds: base, then base·m^n … base·m^(n+1) at random. */
export function retryWaitMs(attempt: number, retry: RetryPolicy): number {
  if (attempt === 0) return retry.baseMs;
  const min = retry.baseMs * retry.multiplier ** attempt;
  return Math.trunc(Math.random() * (min * retry.multiplier - min) + min);
}

/** config.js isGhes: artifacts v4 are not served on GitHub Enterprise Server. */
function isGhes(env: NodeJS.ProcessEnv): boolean {
  const host = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').hostname.trimEnd().toUpperCase();
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}

/** Starts loading what an upload needs (see cache-heads.ts prefetchClients); errors surface at use. */
export function prefetchUploader(): void {
  for (const load of [() => import('fflate'), () => import('@actions/http-client'), () => import('@azure/storage-blob')]) load().catch(() => undefined);
}

/** A zip holding one file at its root, deflated at zip.js's level. */
export async function zipOneFile(fileName: string, content: Uint8Array | string, mtime = new Date()): Promise<Uint8Array> {
  const { zipSync } = await import('fflate');
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return zipSync({ [fileName]: [bytes, { level: ZIP_LEVEL, mtime }] });
}

/**
 * Uploads `content` as `fileName` in a zip artifact named `name` of the current job, like
 * `new DefaultArtifactClient().uploadArtifact(name, [file], dir, { retentionDays })`.
 */
export async function uploadOneFileArtifact(name: string, fileName: string, content: Uint8Array | string, options: OneFileUploadOptions = {}): Promise<OneFileUploadResult> {
  const env = options.env ?? process.env;
  const retry: RetryPolicy = { ...TWIRP_RETRY, ...options.retry };
  if (isGhes(env)) throw new Error('@actions/artifact v2.0.0+, upload-artifact@v4+ and download-artifact@v4+ are not currently supported on GHES.');
  if (!name) throw new Error('Provided artifact name input during validation is empty');
  const bad = INVALID_NAME_CHARS.find((c) => name.includes(c));
  if (bad !== undefined) throw new Error(`The artifact name is not valid: ${name}. Contains the character ${JSON.stringify(bad)}`);
  const token = env['ACTIONS_RUNTIME_TOKEN'];
  if (!token) throw new Error('Unable to get the ACTIONS_RUNTIME_TOKEN env variable');
  const resultsUrl = env['ACTIONS_RESULTS_URL'];
  if (!resultsUrl) throw new Error('Unable to get the ACTIONS_RESULTS_URL env variable');
  const baseUrl = new URL(resultsUrl).origin;
  const ids = backendIdsFromToken(token);
  const idFields = { workflow_run_backend_id: ids.workflowRunBackendId, workflow_job_run_backend_id: ids.workflowJobRunBackendId };

  const zipped = await zipOneFile(fileName, content);
  // a Buffer, not fflate's Uint8Array: uploadStream's BufferScheduler concatenates Buffers
  const zip = Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  const create: Json = { ...idFields, name };
  const expires = expiresAt(options.retentionDays, env, options.now?.() ?? new Date());
  if (expires) create['expires_at'] = expires;
  create['version'] = ARTIFACT_VERSION;
  create['mime_type'] = 'application/zip';
  const created = await twirp(baseUrl, token, 'CreateArtifact', create, retry);
  const signedUrl = created['signed_upload_url'] ?? created['signedUploadUrl'];
  if (created['ok'] !== true || typeof signedUrl !== 'string') throw new Error('CreateArtifact: response from backend was not ok');

  info(`Uploading artifact: ${name}.zip`);
  const { BlobClient } = await import('@azure/storage-blob');
  const blob = new BlobClient(signedUrl).getBlockBlobClient();
  let uploaded = 0;
  try {
    await blob.uploadStream(Readable.from([zip], { objectMode: false }), UPLOAD_BUFFER_BYTES, UPLOAD_CONCURRENCY, {
      blobHTTPHeaders: { blobContentType: 'application/zip' },
      onProgress: (p) => {
        uploaded = p.loadedBytes;
      },
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) throw networkError(code);
    throw err;
  }
  const digest = createHash('sha256').update(zip).digest('hex');
  // blob-upload.js reports the bytes its progress callback saw; that is the zip's length
  if (uploaded !== zip.length) debug(`blob upload reported ${uploaded} of ${zip.length} bytes`);

  const finalized = await twirp(baseUrl, token, 'FinalizeArtifact', { ...idFields, name, size: String(zip.length), hash: `sha256:${digest}` }, retry);
  const rawId = finalized['artifact_id'] ?? finalized['artifactId'];
  if (finalized['ok'] !== true || (typeof rawId !== 'string' && typeof rawId !== 'number')) throw new Error('FinalizeArtifact: response from backend was not ok');
  const id = Number(BigInt(rawId));
  info(`Artifact ${name} successfully finalized. Artifact ID ${id}`);
  return { id, size: zip.length, digest };
}

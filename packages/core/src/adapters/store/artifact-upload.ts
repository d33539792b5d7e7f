// Uploads a one-file artifact (the state snapshot) the way @actions/artifact v2+ does, without
// loading @actions/artifact: its entry brings archiver/zip-stream, @actions/glob, lodash, async and a
// second @actions/http-client/@actions/github copy (~75–85 ms of CPU on every session-start, measured
// by `npm run bench -- cold`), while this needs fflate (~30 kB); requests go through twirp.ts and
// blob-transfer.ts (Node's fetch; @azure/storage-blob is not loaded).
//
// The protocol is @actions/artifact 6.x's (https://github.com/actions/toolkit/tree/main/packages/artifact,
// lib/internal/upload/upload-artifact.js and blob-upload.js, lib/internal/shared/*.js):
//   1. backend ids from the `scp` claim of ACTIONS_RUNTIME_TOKEN (shared/util.js getBackendIdsFromToken)
//   2. Twirp CreateArtifact on the results service (origin of ACTIONS_RESULTS_URL, shared/config.js),
//      JSON with proto field names (generated/results/api/v1/artifact.twirp-client.js: toJson with
//      useProtoFieldName), Bearer runtime token, retried as shared/artifact-twirp-client.js retries
//   3. a zip of the file, uploaded to the signed URL as @azure/storage-blob's uploadStream does
//      (blob-upload.js: 8 MiB blocks, then the block list with content type application/zip;
//      blob-transfer.ts), sha256 of the zip bytes
//   4. Twirp FinalizeArtifact with the size and `sha256:<hex>`; the answer names the artifact id
// test/store/artifact-upload.test.ts compares this request by request with @actions/artifact's own
// upload of the same file against the local runtime, so a drift in either shows up there.
import { createHash } from 'node:crypto';
import { info, warning } from '../runner-commands.js';
import { putBlocks } from './blob-transfer.js';
import { field, isGhes, resultsEndpoint, twirpCall, TWIRP_RETRY, type RetryPolicy, type TwirpService, type Json } from './twirp.js';

export { retryWaitMs, TWIRP_RETRY, type RetryPolicy } from './twirp.js';

export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';
/** CreateArtifactRequest.version that @actions/artifact 6.x sends (upload-artifact.js). */
export const ARTIFACT_VERSION = 7;
/** shared/config.js getUploadChunkSize: the buffer size of uploadStream. */
const UPLOAD_BUFFER_BYTES = 8 * 1024 * 1024;
/** The deflate level of zip.js (DEFAULT_COMPRESSION_LEVEL). */
const ZIP_LEVEL = 6;

export interface BackendIds {
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
}

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

/** shared/artifact-twirp-client.js: what it retries and its quota error. */
const ARTIFACT_TWIRP: TwirpService = {
  service: ARTIFACT_SERVICE,
  userAgent: 'auto-pr-sessions-artifact-upload',
  retryable: new Set([502, 504, 500, 503, 429]),
  rateLimitFails: false,
  quotaMessage:
    'Artifact storage quota has been hit. Unable to upload any new artifacts.\nMore info on storage limits: https://docs.github.com/en/billing/managing-billing-for-github-actions/about-billing-for-github-actions#calculating-minute-and-storage-spending',
};

/** Starts loading what an upload needs (see cache-heads.ts prefetchClients); errors surface at use. */
export function prefetchUploader(): void {
  for (const load of [() => import('fflate'), () => import('p-retry')]) load().catch(() => undefined);
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
  const { baseUrl, token } = resultsEndpoint(env, 'Unable to get the ACTIONS_RESULTS_URL env variable');
  const ids = backendIdsFromToken(token);
  const idFields = { workflow_run_backend_id: ids.workflowRunBackendId, workflow_job_run_backend_id: ids.workflowJobRunBackendId };

  const zipped = await zipOneFile(fileName, content);
  // a Buffer view of fflate's Uint8Array (no copy), as the blob requests take
  const zip = Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  const create: Json = { ...idFields, name };
  const expires = expiresAt(options.retentionDays, env, options.now?.() ?? new Date());
  if (expires) create['expires_at'] = expires;
  create['version'] = ARTIFACT_VERSION;
  create['mime_type'] = 'application/zip';
  const created = await twirpCall(ARTIFACT_TWIRP, baseUrl, token, 'CreateArtifact', create, retry);
  const signedUrl = field(created, 'signed_upload_url');
  if (created['ok'] !== true || typeof signedUrl !== 'string') throw new Error('CreateArtifact: response from backend was not ok');

  info(`Uploading artifact: ${name}.zip`);
  // Put Block + Put Block List, as uploadStream sends them (blob-transfer.ts)
  await putBlocks(ARTIFACT_TWIRP.userAgent, signedUrl, zip, 'application/zip', UPLOAD_BUFFER_BYTES);
  const digest = createHash('sha256').update(zip).digest('hex');

  const finalized = await twirpCall(ARTIFACT_TWIRP, baseUrl, token, 'FinalizeArtifact', { ...idFields, name, size: String(zip.length), hash: `sha256:${digest}` }, retry);
  const rawId = field(finalized, 'artifact_id');
  if (finalized['ok'] !== true || (typeof rawId !== 'string' && typeof rawId !== 'number')) throw new Error('FinalizeArtifact: response from backend was not ok');
  const id = Number(BigInt(rawId));
  info(`Artifact ${name} successfully finalized. Artifact ID ${id}`);
  return { id, size: zip.length, digest };
}

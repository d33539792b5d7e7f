// Artifact service v4 (Twirp ArtifactService) and its index. Rules modelled: names are unique per
// workflow run (a second upload is 409 already_exists, which the client does not retry); artifacts
// vanish when expires_at passes on the runtime clock; downloads keep the zip/raw content-type rules.
import { createHash } from 'node:crypto';
import { BlobStore } from './blob-store.js';
import { jsonReply, twirpError, type Reply } from './http.js';
import { PersistedDoc, type Storage } from './storage.js';
import type { RuntimeIdentity } from './token.js';
import type { Clock } from './types.js';

export const ARTIFACT_CONTAINER = 'actions-results';
export const DEFAULT_RETENTION_MS = 90 * 24 * 3600 * 1000;
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed', 'application/zip-compressed']);

export interface ArtifactRecord {
  /** The public (database) id used by REST. */
  id: number;
  runId: number;
  runBackendId: string;
  jobBackendId: string;
  name: string;
  blob: string;
  mimeType: string;
  size: number;
  /** `sha256:<hex>` of the stored bytes. */
  digest: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  finalized: boolean;
}

interface ArtifactDoc {
  nextId: number;
  artifacts: ArtifactRecord[];
}

export class ArtifactStore {
  private readonly doc: PersistedDoc<ArtifactDoc>;

  private constructor(
    private readonly state: ArtifactDoc,
    storage: Storage,
    private readonly blobs: BlobStore,
    private readonly now: Clock,
  ) {
    this.doc = new PersistedDoc(storage, 'artifacts', () => this.state);
  }

  static async load(storage: Storage, blobs: BlobStore, now: Clock): Promise<ArtifactStore> {
    const state = (await storage.loadDoc<ArtifactDoc>('artifacts')) ?? { nextId: 1, artifacts: [] };
    return new ArtifactStore(state, storage, blobs, now);
  }

  /** Finalized, unexpired artifacts, optionally of one run. */
  live(runBackendId?: string): ArtifactRecord[] {
    const t = this.now();
    return this.state.artifacts.filter(
      (a) => a.finalized && a.expiresAt > t && (runBackendId === undefined || a.runBackendId === runBackendId),
    );
  }

  byId(id: number): ArtifactRecord | undefined {
    return this.live().find((a) => a.id === id);
  }

  /** A new upload slot, or undefined when the run already has a finalized artifact of that name. */
  async create(idn: RuntimeIdentity, name: string, mimeType: string, expiresAt: number): Promise<ArtifactRecord | undefined> {
    await this.sweep();
    const same = this.state.artifacts.filter((a) => a.runBackendId === idn.runBackendId && a.name === name);
    if (same.some((a) => a.finalized)) return undefined;
    // An upload that never finalized does not hold the name: drop it so a retry can proceed.
    await this.removeRecords(same);
    const t = this.now();
    const record: ArtifactRecord = {
      id: this.state.nextId++,
      runId: idn.runId,
      runBackendId: idn.runBackendId,
      jobBackendId: idn.jobBackendId,
      name,
      blob: BlobStore.newName(ARTIFACT_CONTAINER),
      mimeType,
      size: 0,
      digest: '',
      createdAt: t,
      updatedAt: t,
      expiresAt,
      finalized: false,
    };
    this.state.artifacts.push(record);
    this.doc.changed();
    return record;
  }

  pending(runBackendId: string, name: string): ArtifactRecord | undefined {
    return this.state.artifacts.find((a) => a.runBackendId === runBackendId && a.name === name && !a.finalized);
  }

  async finalize(record: ArtifactRecord): Promise<ArtifactRecord | string> {
    const data = await this.blobs.get(record.blob);
    if (!data) return 'artifact content was not uploaded';
    if (record.finalized) return 'artifact is already finalized';
    record.size = data.length;
    record.digest = `sha256:${createHash('sha256').update(data).digest('hex')}`;
    record.finalized = true;
    record.updatedAt = this.now();
    this.doc.changed();
    return record;
  }

  async delete(record: ArtifactRecord): Promise<void> {
    await this.removeRecords([record]);
  }

  /** Drops expired artifacts and their bytes. */
  async sweep(): Promise<void> {
    const t = this.now();
    await this.removeRecords(this.state.artifacts.filter((a) => a.expiresAt <= t));
  }

  uploadUrl(record: ArtifactRecord): string {
    return this.blobs.signedUrl(record.blob, 'cw');
  }

  /** A signed download URL whose response headers follow the client's zip/raw rules. */
  downloadUrl(record: ArtifactRecord): string {
    if (ZIP_TYPES.has(record.mimeType)) {
      return this.blobs.signedUrl(record.blob, 'r', {
        contentType: 'application/zip',
        disposition: contentDisposition(`${record.name}.zip`),
      });
    }
    // Raw (skipArchive) artifacts: a non-zip type and a file name, so the client writes one file.
    return this.blobs.signedUrl(record.blob, 'r', {
      contentType: record.mimeType || 'application/octet-stream',
      disposition: contentDisposition(record.name),
    });
  }

  flush(): Promise<void> {
    return this.doc.flush();
  }

  private async removeRecords(records: readonly ArtifactRecord[]): Promise<void> {
    if (records.length === 0) return;
    const drop = new Set(records);
    this.state.artifacts = this.state.artifacts.filter((a) => !drop.has(a));
    this.doc.changed();
    await Promise.all(records.map((a) => this.blobs.delete(a.blob)));
  }
}

function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

// ---- Twirp methods

type TwirpMethod = (id: RuntimeIdentity, body: Record<string, unknown>) => Promise<Reply>;

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const INVALID_NAME = /[":<>|*?\r\n\\/]/;


function toTwirp(a: ArtifactRecord): Record<string, unknown> {
  return {
    workflow_run_backend_id: a.runBackendId,
    workflow_job_run_backend_id: a.jobBackendId,
    database_id: String(a.id),
    name: a.name,
    size: String(a.size),
    created_at: new Date(a.createdAt).toISOString(),
    digest: a.digest,
  };
}

export function artifactTwirpMethods(store: ArtifactStore, now: Clock): Record<string, TwirpMethod> {
  /** The run in the request must be the token's run: a job can only touch its own run's artifacts. */
  const guard = (id: RuntimeIdentity, body: Record<string, unknown>): Reply | undefined =>
    str(body['workflow_run_backend_id']) === id.runBackendId
      ? undefined
      : twirpError('permission_denied', 'workflow_run_backend_id does not match the runtime token');

  return {
    async CreateArtifact(id, body) {
      const denied = guard(id, body);
      if (denied) return denied;
      const name = str(body['name']);
      if (!name || INVALID_NAME.test(name)) return twirpError('invalid_argument', `invalid artifact name: ${JSON.stringify(name)}`);
      const expiresRaw = str(body['expires_at']);
      const expiresAt = expiresRaw ? Date.parse(expiresRaw) : now() + DEFAULT_RETENTION_MS;
      if (Number.isNaN(expiresAt)) return twirpError('invalid_argument', 'expires_at is not a timestamp');
      const record = await store.create(id, name, str(body['mime_type']) || 'application/zip', expiresAt);
      if (!record) return twirpError('already_exists', `an artifact named ${name} already exists for this workflow run`);
      return jsonReply(200, { ok: true, signed_upload_url: store.uploadUrl(record) });
    },

    async FinalizeArtifact(id, body) {
      const denied = guard(id, body);
      if (denied) return denied;
      const record = store.pending(id.runBackendId, str(body['name']));
      if (!record) return twirpError('not_found', `no artifact upload named ${str(body['name'])} in this run`);
      const result = await store.finalize(record);
      if (typeof result === 'string') return twirpError('failed_precondition', result);
      const hash = str(body['hash']);
      if (hash && hash !== result.digest) {
        return twirpError('invalid_argument', `hash ${hash} does not match the uploaded content (${result.digest})`);
      }
      return jsonReply(200, { ok: true, artifact_id: String(result.id) });
    },

    async ListArtifacts(id, body) {
      const denied = guard(id, body);
      if (denied) return denied;
      await store.sweep();
      const nameFilter = str(body['name_filter']);
      const idFilter = str(body['id_filter']);
      const artifacts = store
        .live(id.runBackendId)
        .filter((a) => (!nameFilter || a.name === nameFilter) && (!idFilter || String(a.id) === idFilter))
        .map(toTwirp);
      return jsonReply(200, { artifacts });
    },

    async GetSignedArtifactURL(id, body) {
      const denied = guard(id, body);
      if (denied) return denied;
      await store.sweep();
      const record = store.live(id.runBackendId).find((a) => a.name === str(body['name']));
      if (!record) return twirpError('not_found', `no artifact named ${str(body['name'])} in this run`);
      return jsonReply(200, { signed_url: store.downloadUrl(record) });
    },

    async DeleteArtifact(id, body) {
      const denied = guard(id, body);
      if (denied) return denied;
      await store.sweep();
      const record = store.live(id.runBackendId).find((a) => a.name === str(body['name']));
      if (!record) return twirpError('not_found', `no artifact named ${str(body['name'])} in this run`);
      await store.delete(record);
      return jsonReply(200, { ok: true, artifact_id: String(record.id) });
    },
  };
}

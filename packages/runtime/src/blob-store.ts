// The Azure Block Blob subset the toolkit uses behind signed URLs: Put Blob, Put Block, Put Block List
// (assembled in list order, never arrival order), Get Blob and Get Blob Properties. Uploads need a
// Content-Length (411 without, as Azure answers a chunked body) and answer 201:
// the Azure SDK throws on 200. URLs are path-style (/devstoreaccount1/<container>/<blob>) because the
// SDK expects that for an IP host.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { blobError, reply, type Reply } from './http.js';
import type { Storage } from './storage.js';
import type { TokenAuthority } from './token.js';

export const BLOB_ACCOUNT = 'devstoreaccount1';
const X_MS_VERSION = '2025-01-05';

export interface SignOptions {
  /** Served as Content-Type on download (Azure's `rsct` SAS override). */
  contentType?: string;
  /** Served as Content-Disposition on download (Azure's `rscd`). */
  disposition?: string;
  ttlSec?: number;
}

export interface BlobRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class BlobStore {
  /** Uncommitted blocks per blob; transient by design (Azure drops them after a week anyway). */
  private readonly staged = new Map<string, Map<string, Buffer>>();

  constructor(
    private readonly storage: Storage,
    private readonly tokens: TokenAuthority,
    private readonly baseUrl: () => string,
    private readonly now: () => number,
  ) {}

  static newName(container: string): string {
    return `${container}/${randomUUID()}`;
  }

  signedUrl(name: string, perm: 'r' | 'cw', opts: SignOptions = {}): string {
    const se = new Date(this.now() + (opts.ttlSec ?? 6 * 3600) * 1000).toISOString();
    const rsct = opts.contentType ?? '';
    const rscd = opts.disposition ?? '';
    const params = new URLSearchParams({ sv: X_MS_VERSION, sr: 'b', sp: perm, se });
    if (rsct) params.set('rsct', rsct);
    if (rscd) params.set('rscd', rscd);
    params.set('sig', this.tokens.sign(signedString(perm, se, name, rsct, rscd)));
    return `${this.baseUrl()}/${BLOB_ACCOUNT}/${name}?${params.toString()}`;
  }

  get(name: string): Promise<Buffer | undefined> {
    return this.storage.getBlob(name);
  }

  async delete(name: string): Promise<void> {
    this.staged.delete(name);
    await this.storage.deleteBlob(name);
  }

  async handle(req: BlobRequest): Promise<Reply> {
    const name = req.url.pathname.slice(BLOB_ACCOUNT.length + 2);
    const q = req.url.searchParams;
    const denied = this.checkSignature(name, q, req.method === 'PUT' ? 'w' : 'r');
    if (denied) return denied;
    if (req.method === 'PUT') return this.put(name, req);
    if (req.method === 'GET' || req.method === 'HEAD') return this.read(name, q, req.method === 'HEAD');
    return blobError(405, 'UnsupportedHttpVerb', `The resource doesn't support ${req.method}.`);
  }

  private checkSignature(name: string, q: URLSearchParams, need: 'r' | 'w'): Reply | undefined {
    const sp = q.get('sp') ?? '';
    const se = q.get('se') ?? '';
    const sig = q.get('sig') ?? '';
    const valid =
      /^[A-Za-z0-9-]+\/[A-Za-z0-9-]+$/.test(name) &&
      this.tokens.verifySignature(signedString(sp, se, name, q.get('rsct') ?? '', q.get('rscd') ?? ''), sig);
    if (!valid) return blobError(403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
    if (!sp.includes(need)) return blobError(403, 'AuthorizationPermissionMismatch', `The signature lacks '${need}' permission.`);
    if (Date.parse(se) < this.now()) return blobError(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
    return undefined;
  }

  private async put(name: string, req: BlobRequest): Promise<Reply> {
    // Azure refuses uploads without a length (a chunked body): common REST error codes,
    // https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes
    if (req.headers['content-length'] === undefined) return blobError(411, 'MissingContentLengthHeader', 'The Content-Length header was not specified.');
    const comp = req.url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = req.url.searchParams.get('blockid');
      if (!blockId) return blobError(400, 'InvalidQueryParameterValue', 'blockid is required.');
      let blocks = this.staged.get(name);
      if (!blocks) this.staged.set(name, (blocks = new Map()));
      blocks.set(blockId, req.body);
      return created();
    }
    if (comp === 'blocklist') {
      const ids = parseBlockList(req.body.toString('utf8'));
      const blocks = this.staged.get(name) ?? new Map<string, Buffer>();
      const parts: Buffer[] = [];
      for (const id of ids) {
        const block = blocks.get(id);
        if (!block) return blobError(400, 'InvalidBlockList', `The block ${id} was not uploaded.`);
        parts.push(block);
      }
      await this.storage.putBlob(name, Buffer.concat(parts));
      this.staged.delete(name);
      return created();
    }
    if (comp) return blobError(400, 'InvalidQueryParameterValue', `comp=${comp} is not supported.`);
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      return blobError(400, 'InvalidHeaderValue', 'x-ms-blob-type must be BlockBlob.');
    }
    await this.storage.putBlob(name, req.body);
    return created();
  }

  private async read(name: string, q: URLSearchParams, headOnly: boolean): Promise<Reply> {
    const data = await this.storage.getBlob(name);
    if (!data) return blobError(404, 'BlobNotFound', 'The specified blob does not exist.');
    const headers: Record<string, string> = {
      ...azureHeaders(),
      'content-type': q.get('rsct') || 'application/octet-stream',
      'content-length': String(data.length),
      'x-ms-blob-type': 'BlockBlob',
      'accept-ranges': 'bytes',
    };
    const rscd = q.get('rscd');
    if (rscd) headers['content-disposition'] = rscd;
    return reply(200, headOnly ? Buffer.alloc(0) : data, headers);
  }
}

function signedString(sp: string, se: string, name: string, rsct: string, rscd: string): string {
  return ['blob', sp, se, name, rsct, rscd].join('\n');
}

function azureHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': randomUUID(),
    'x-ms-version': X_MS_VERSION,
    etag: `"0x${Date.now().toString(16).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
  };
}

function created(): Reply {
  return reply(201, '', { ...azureHeaders(), 'x-ms-request-server-encrypted': 'true' });
}

/** Block ids in document order from a Put Block List body (Latest, Committed or Uncommitted entries). */
export function parseBlockList(xml: string): string[] {
  const ids: string[] = [];
  for (const m of xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)) ids.push(m[2] ?? '');
  return ids;
}

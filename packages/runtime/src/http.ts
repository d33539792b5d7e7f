// Handlers build a Reply instead of writing to the socket, so faults (truncate, slow) and counters
// can wrap any answer in one place (server.ts).
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export function reply(status: number, body: Buffer | string = '', headers: Record<string, string> = {}): Reply {
  return { status, headers, body: typeof body === 'string' ? Buffer.from(body) : body };
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return reply(status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

export const DOCS_URL = 'https://docs.github.com/rest';

/** GitHub REST error shape. */
export function restError(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return jsonReply(status, { message, documentation_url: DOCS_URL, status: String(status), ...extra });
}

export type TwirpCode =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'bad_route'
  | 'internal'
  | 'unavailable'
  | 'deadline_exceeded';

const TWIRP_STATUS: Record<TwirpCode, number> = {
  invalid_argument: 400,
  not_found: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  bad_route: 404,
  internal: 500,
  unavailable: 503,
  deadline_exceeded: 504,
};

/** Twirp error shape. Always JSON: the toolkit retries non-JSON bodies for ~30 s whatever the status. */
export function twirpError(code: TwirpCode, msg: string, status = TWIRP_STATUS[code]): Reply {
  return jsonReply(status, { code, msg });
}

/** Azure Storage error shape (XML, with x-ms-error-code), which the Azure SDK parses. */
export function blobError(status: number, code: string, message: string): Reply {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  return reply(status, xml, { 'content-type': 'application/xml', 'x-ms-error-code': code });
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Thrown by handlers to answer with `reply`; the server turns it into the response. */
export class HttpAnswer extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

/** Parses a JSON body; empty means {}. Throws HttpAnswer(onError) when it is not an object. */
export function parseJsonObject(body: Buffer, onError: Reply): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through to the error answer
  }
  throw new HttpAnswer(onError);
}

/** ISO 8601 without milliseconds, as GitHub's REST API prints instants. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---- a tiny router: templates like /repos/{owner}/{repo}/git/ref/{ref+} ({x+} spans slashes)

export interface Route<H> {
  method: string;
  template: string;
  handler: H;
}

interface CompiledRoute<H> extends Route<H> {
  regex: RegExp;
  keys: string[];
}

export interface RouteMatch<H> {
  route: Route<H>;
  params: Record<string, string>;
}

export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  add(method: string, template: string, handler: H): this {
    const keys: string[] = [];
    const pattern = template
      .split(/(\{[a-z_]+\+?\})/)
      .map((part) => {
        const m = /^\{([a-z_]+)(\+?)\}$/.exec(part);
        if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        keys.push(m[1] ?? '');
        return m[2] ? '(.+)' : '([^/]+)';
      })
      .join('');
    this.routes.push({ method, template, handler, regex: new RegExp(`^${pattern}$`), keys });
    return this;
  }

  /** Every route as `METHOD template`, in registration order. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.template}`);
  }

  /** The matching route, or 'method' when the path exists under another method, or undefined. */
  match(method: string, path: string): RouteMatch<H> | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => {
        params[k] = safeDecode(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// Twirp JSON transport for the results services: POST /twirp/github.actions.results.api.v1.<Service>/<Method>
// with a runtime token. Every answer, errors included, is JSON (non-JSON bodies make the toolkit retry).
import { HttpAnswer, parseJsonObject, twirpError, type Reply } from './http.js';
import type { RuntimeIdentity, TokenAuthority } from './token.js';

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.';

export type TwirpMethod = (id: RuntimeIdentity, body: Record<string, unknown>) => Promise<Reply>;
export type TwirpService = Record<string, TwirpMethod>;

/** `Service/Method` for a Twirp path, or undefined when the path is not one. */
export function twirpRouteName(path: string): string | undefined {
  if (!path.startsWith(TWIRP_PREFIX)) return undefined;
  const rest = path.slice(TWIRP_PREFIX.length);
  return /^[A-Za-z]+\/[A-Za-z]+$/.test(rest) ? rest : undefined;
}

export class TwirpServer {
  constructor(
    private readonly tokens: TokenAuthority,
    private readonly services: Record<string, TwirpService>,
  ) {}

  async handle(method: string, path: string, authorization: string | undefined, body: Buffer): Promise<Reply> {
    const name = twirpRouteName(path);
    const [service = '', rpc = ''] = name?.split('/') ?? [];
    const svc = Object.hasOwn(this.services, service) ? this.services[service] : undefined;
    const fn = svc && Object.hasOwn(svc, rpc) ? svc[rpc] : undefined;
    if (method !== 'POST' || !fn) {
      return twirpError('bad_route', `no handler for ${method} ${path}`);
    }
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return twirpError('unauthenticated', 'missing bearer token');
    const identity = this.tokens.readRuntimeToken(token);
    if (typeof identity === 'string') return twirpError('unauthenticated', identity);
    try {
      const request = parseJsonObject(body, twirpError('invalid_argument', 'request body is not a JSON object'));
      return await fn(identity, request);
    } catch (err) {
      if (err instanceof HttpAnswer) return err.reply;
      throw err;
    }
  }
}

// A proxy in front of the local runtime that records every request (method, path, query, headers,
// body) and rewrites the signed URLs in JSON answers to point at itself, so that the blob requests
// behind them are recorded too. Used to compare our clients with the toolkit's, request by request.
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A proxy in front of the runtime that records every request and routes signed URLs through itself. */
export async function recordingProxy(target: string): Promise<{ url: string; log: Recorded[]; close: () => Promise<void> }> {
  const log: Recorded[] = [];
  let self = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', self);
      log.push({ method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), headers: { ...req.headers }, body });
      const t = new URL(target);
      const fwd = httpRequest(
        { host: t.hostname, port: t.port, method: req.method, path: req.url, headers: { ...req.headers, host: t.host } },
        (up) => {
          const out: Buffer[] = [];
          up.on('data', (c: Buffer) => out.push(c));
          up.on('end', () => {
            let text = Buffer.concat(out);
            // signed URLs name the runtime: send the blob requests through the proxy as well
            if (String(up.headers['content-type'] ?? '').includes('json')) text = Buffer.from(text.toString('utf8').split(target).join(self));
            const headers = { ...up.headers, 'content-length': String(text.length) };
            delete headers['transfer-encoding'];
            res.writeHead(up.statusCode ?? 502, up.statusMessage, headers);
            res.end(text);
          });
        },
      );
      fwd.on('error', (err) => {
        res.writeHead(502);
        res.end(String(err));
      });
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: self, log, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/**
 * The Twirp calls of a log in a comparable form: method, path, content type, auth scheme, the JSON
 * body's field names in order and its values passed through `value` (to mask what differs by nature).
 */
export function twirpCalls(log: readonly Recorded[], value: (field: string, v: unknown) => unknown) {
  return log.filter((r) => r.path.startsWith('/twirp/')).map((r) => {
    const body = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
    return {
      method: r.method,
      path: r.path,
      contentType: r.headers['content-type'],
      auth: String(r.headers['authorization']).replace(/ .*/, ' <token>'),
      fields: Object.keys(body),
      values: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, value(k, v)])),
    };
  });
}

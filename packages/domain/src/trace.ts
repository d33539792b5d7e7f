/**
 * W3C Trace Context ids for sessions. A session's trace id is derived from its id, so every run
 * of every action that touches the session (start, check, score, health) logs under the same
 * trace without having to pass it along; span ids are per operation and random.
 */
import { createHash, randomBytes } from 'node:crypto';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ALL_ZEROS = /^0+$/;
/** version-traceid-parentid-flags; later versions may append fields after another `-`. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The spec forbids all-zero ids; flip the last digit so the id stays deterministic. */
export function nonZeroHex(hex: string): string {
  return ALL_ZEROS.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}

/** Deterministic 32-hex trace id of a session: the first 128 bits of sha256(session id). */
export function traceIdForSession(sessionId: string): string {
  return nonZeroHex(createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 32));
}

/** A random 16-hex span id, never all zeros. */
export function newSpanId(): string {
  return nonZeroHex(randomBytes(8).toString('hex'));
}

export function isTraceId(value: string): boolean {
  return TRACE_ID.test(value) && !ALL_ZEROS.test(value);
}

export function isSpanId(value: string): boolean {
  return SPAN_ID.test(value) && !ALL_ZEROS.test(value);
}

/** `00-<trace>-<span>-01` (version 00, sampled). Throws on ids the spec would reject. */
export function traceparent(traceId: string, spanId: string): string {
  if (!isTraceId(traceId)) throw new RangeError(`invalid trace id ${JSON.stringify(traceId)}: 32 lowercase hex, not all zeros`);
  if (!isSpanId(spanId)) throw new RangeError(`invalid span id ${JSON.stringify(spanId)}: 16 lowercase hex, not all zeros`);
  return `00-${traceId}-${spanId}-01`;
}

/**
 * Reads a `traceparent` header value (from an input, an artifact or a comment). Returns null for
 * anything the spec says to discard: bad shape, version ff, zero ids, or extra fields in version 00.
 */
export function parseTraceparent(s: string): { traceId: string; spanId: string } | null {
  const m = TRACEPARENT.exec(s.trim());
  if (!m) return null;
  const [, version, traceId, spanId, , rest] = m;
  if (version === undefined || traceId === undefined || spanId === undefined) return null;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (!isTraceId(traceId) || !isSpanId(spanId)) return null;
  return { traceId, spanId };
}

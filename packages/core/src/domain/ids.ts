import { createHash } from 'node:crypto';
import type { SessionScope } from './types.js';

/** Longest readable part kept from a branch, author or explicit id. */
const MAX_PART = 48;

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 8);
}

/**
 * Turns untrusted text (branch, login, explicit id) into a readable token that is safe in cache keys
 * (no commas, ≤ 512 chars), artifact names (no `" : < > | * ? \ /` or control characters) and shell
 * words. When anything had to change, a hash of the original keeps distinct inputs distinct.
 */
export function safeIdPart(raw: string): string {
  const ascii = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip combining accents: "résumé" → "resume"
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const readable = ascii.slice(0, MAX_PART).replace(/[-.]+$/g, '');
  if (readable === raw && readable.length > 0) return readable;
  return readable.length > 0 ? `${readable}-${shortHash(raw)}` : `x-${shortHash(raw)}`;
}

/** The stream a session belongs to: one branch, one author, or one explicit id. */
export interface StreamRef {
  readonly scope: SessionScope | 'explicit';
  /** The untrusted original (branch name, login or explicit id). */
  readonly name: string;
}

const SCOPE_PREFIX: Record<StreamRef['scope'], string> = { branch: 'b', author: 'a', explicit: 's' };

/** Stable key of a stream, e.g. `b-feature-login`, `a-octocat`, `s-agent-run-42`. */
export function streamKey(ref: StreamRef): string {
  return `${SCOPE_PREFIX[ref.scope]}-${safeIdPart(ref.name)}`;
}

/** Compact UTC stamp for ids: 2025-11-19T14:30:12.000Z → 20251119T143012Z. */
export function compactStamp(instant: string): string {
  return instant.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** A session's id: its stream key and the instant of its first activity. */
export function sessionIdFor(key: string, firstActivity: string): string {
  return `${key}-${compactStamp(firstActivity)}`;
}

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

/** The stream a session belongs to: one branch, one author, one explicit id, or one fork's PR branch. */
export interface StreamRef {
  readonly scope: SessionScope | 'explicit' | 'fork';
  /** The untrusted original (branch name, login, explicit id, or `owner/name:branch` of a fork). */
  readonly name: string;
  /** For `fork`: the head repository's id, which the key carries so provenance can be checked. */
  readonly repoId?: number;
}

const SCOPE_PREFIX: Record<StreamRef['scope'], string> = { branch: 'b', author: 'a', explicit: 's', fork: 'f' };

/**
 * Stable key of a stream, e.g. `b-feature-login`, `a-octocat`, `s-agent-run-42`, or for a fork's pull
 * request `f-<head repository id>-<owner-name-branch…>`: a fork's stream is named after its head
 * repository, never after the bare branch name, so it can never be a stream of this repository.
 */
export function streamKey(ref: StreamRef): string {
  if (ref.scope === 'fork') return `f-${ref.repoId ?? 0}-${safeIdPart(ref.name)}`;
  return `${SCOPE_PREFIX[ref.scope]}-${safeIdPart(ref.name)}`;
}

/** The head repository id a fork stream belongs to (`f-<id>-…`); null for every other stream. */
export function forkRepoIdOfStream(key: string): number | null {
  const m = /^f-(\d{1,15})-/.exec(key);
  return m ? Number(m[1]) : null;
}

/** Compact UTC stamp for ids: 2025-11-19T14:30:12.000Z → 20251119T143012Z. */
export function compactStamp(instant: string): string {
  return instant.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/** A session's id: its stream key and the instant of its first activity. */
export function sessionIdFor(key: string, firstActivity: string): string {
  return `${key}-${compactStamp(firstActivity)}`;
}

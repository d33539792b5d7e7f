import type { StreamState } from '@auto-pr-sessions/domain';
import { STATE_VERSION, addEvents, emptyState } from '@auto-pr-sessions/domain';
import type { SessionEvent } from '@auto-pr-sessions/domain';
import { validate } from './state-validator.generated.js';

/** Largest snapshot accepted: a corrupted or hostile file must not exhaust memory. */
export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

interface ValidationError {
  readonly instancePath: string;
  readonly message?: string;
}

/**
 * Checks a parsed snapshot against the stored-state schema (state-schema.ts, precompiled). Returns
 * null when it is valid, else the first problem with the field's JSON path, e.g.
 * `/events/3/title must be string,null`.
 */
export function validateState(data: unknown): string | null {
  const check = validate as ((d: unknown) => boolean) & { errors?: ValidationError[] | null };
  if (check(data)) return null;
  const e = check.errors?.[0];
  return e ? `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}` : 'does not match the state schema';
}

/**
 * Parses a stored snapshot: size, JSON, then the strict schema. Every byte read back from a cache
 * or an artifact is untrusted (a fork's run can upload artifacts), so a snapshot that fails any
 * check is refused as a whole and the Error names `where` and the field; the caller reports it and
 * goes on with the other snapshots. Nothing of a refused snapshot is merged.
 */
export function parseStateJson(text: string, where: string, streamKey: string): StreamState {
  if (text.length > MAX_SNAPSHOT_BYTES) throw new Error(`${where}: snapshot larger than ${MAX_SNAPSHOT_BYTES} bytes; ignored`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)}); the snapshot is corrupted and was skipped`, { cause: err });
  }
  const problem = validateState(data);
  if (problem) throw new Error(`${where}: not a valid auto-pr-sessions state snapshot (${problem}); skipped, nothing of it was merged`);
  const snap = data as { streamKey: string; events: SessionEvent[]; writers?: string[] };
  if (snap.streamKey !== streamKey) {
    throw new Error(`${where}: snapshot of stream ${snap.streamKey}, expected ${streamKey}; skipped`);
  }
  const state = addEvents(emptyState(streamKey), snap.events);
  return { ...state, version: STATE_VERSION, writers: [...new Set(snap.writers ?? [])].sort() };
}

export function serializeState(state: StreamState): string {
  return JSON.stringify(state);
}

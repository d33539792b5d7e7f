import type { StreamState } from '../../domain/state.js';
import { STATE_VERSION, addEvents, emptyState } from '../../domain/state.js';
import type { SessionEvent } from '../../domain/types.js';

/** Largest snapshot accepted: a corrupted or hostile file must not exhaust memory. */
export const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Minimal shape check of a stored event: enough that the fold cannot crash on it. */
function isEvent(v: unknown): v is SessionEvent {
  return (
    isRecord(v) &&
    typeof v['id'] === 'string' &&
    typeof v['kind'] === 'string' &&
    typeof v['at'] === 'string' &&
    !Number.isNaN(Date.parse(v['at'])) &&
    Array.isArray(v['commits']) &&
    isRecord(v['inputs'])
  );
}

/**
 * Parses a stored snapshot. Throws an Error naming `where` when it is not a snapshot of `streamKey`;
 * individual malformed events are dropped rather than poisoning the whole state.
 */
export function parseStateJson(text: string, where: string, streamKey: string): StreamState {
  if (text.length > MAX_SNAPSHOT_BYTES) throw new Error(`${where}: snapshot larger than ${MAX_SNAPSHOT_BYTES} bytes; ignored`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)}); the snapshot is corrupted and was skipped`, { cause: err });
  }
  if (!isRecord(data) || data['version'] !== STATE_VERSION || !Array.isArray(data['events'])) {
    throw new Error(`${where}: not an auto-pr-sessions state snapshot (version ${STATE_VERSION} with events[] expected)`);
  }
  if (data['streamKey'] !== streamKey) {
    throw new Error(`${where}: snapshot of stream ${String(data['streamKey'])}, expected ${streamKey}`);
  }
  const writers = Array.isArray(data['writers']) ? data['writers'].filter((w): w is string => typeof w === 'string') : [];
  const state = addEvents(emptyState(streamKey), data['events'].filter(isEvent));
  return { ...state, writers: [...new Set(writers)].sort() };
}

export function serializeState(state: StreamState): string {
  return JSON.stringify(state);
}

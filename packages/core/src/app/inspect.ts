import type { StateStore } from '../adapters/store/types.js';
import { type SessionConfig, type Decision, decide, type Session, foldSessions, type StreamState } from '@auto-pr-sessions/domain';
import { streamFromInput } from './prepare.js';

/** One session as the CLI and reports show it. */
export interface SessionRow {
  readonly session: Session;
  readonly decision: Decision;
}

export interface Inventory {
  readonly rows: SessionRow[];
  /** Streams whose state could not be read completely, with the reason. */
  readonly problems: Array<{ streamKey: string; warnings: readonly string[] }>;
  readonly states: Map<string, StreamState>;
}

/** Loads every stream of a store and folds it; `onStream` reports progress. */
export async function inventory(store: StateStore, config: SessionConfig, now: string, onStream?: (done: number, total: number) => void): Promise<Inventory> {
  const keys = await store.listStreams();
  const rows: SessionRow[] = [];
  const problems: Inventory['problems'] = [];
  const states = new Map<string, StreamState>();
  for (const [i, key] of keys.entries()) {
    const loaded = await store.load(key);
    states.set(key, loaded.state);
    if (loaded.warnings.length > 0) problems.push({ streamKey: key, warnings: loaded.warnings });
    for (const session of foldSessions(loaded.state, config)) rows.push({ session, decision: decide(session, now, config) });
    onStream?.(i + 1, keys.length);
  }
  rows.sort((a, b) => (a.session.lastActivity < b.session.lastActivity ? 1 : -1));
  return { rows, problems, states };
}

/** Finds a session by id (or the latest session of a stream key) in one stream's state. */
export async function findSession(store: StateStore, config: SessionConfig, now: string, id: string): Promise<SessionRow | null> {
  const key = streamFromInput(id);
  if (!key) return null;
  const loaded = await store.load(key);
  const sessions = foldSessions(loaded.state, config);
  const session = sessions.find((s) => s.id === id) ?? (id === key ? sessions.at(-1) : undefined);
  return session ? { session, decision: decide(session, now, config) } : null;
}

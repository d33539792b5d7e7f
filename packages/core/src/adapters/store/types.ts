import type { StreamState } from '@auto-pr-sessions/domain';
import type { SessionEvent } from '@auto-pr-sessions/domain';

/** Where a loaded state came from, for logs and the job summary. */
export interface LoadReport {
  readonly state: StreamState;
  /** e.g. `cache:aps1-b-x-12-1-k3`, `artifact:4711`, `file:…`. */
  readonly sources: readonly string[];
  /** Infrastructure trouble met while loading; the state is what could be read. */
  readonly warnings: readonly string[];
  /** True when some source could not be read, so the state may be missing events. */
  readonly partial: boolean;
}

export interface SaveReport {
  readonly state: StreamState;
  /** Where the new snapshot went (cache key, artifact id, file). */
  readonly written: readonly string[];
  readonly warnings: readonly string[];
  /** False when no durable copy could be written: the caller must surface it. */
  readonly durable: boolean;
}

/**
 * Session state persistence. `append` is read-merge-write: it never replaces what others wrote,
 * so racing writers cannot lose events (merging is a set union, see @auto-pr-sessions/domain, state.ts).
 */
export interface StateStore {
  readonly kind: string;
  load(streamKey: string): Promise<LoadReport>;
  append(streamKey: string, events: readonly SessionEvent[]): Promise<SaveReport>;
  /** Stream keys this store knows about (may be paged/bounded by the implementation). */
  listStreams(): Promise<string[]>;
}

import type { LoadReport, SaveReport, StateStore } from '../adapters/store/types.js';
import { type StreamState, addEvents, emptyState, mergeAll, type SessionEvent } from '@auto-pr-sessions/domain';
import type { SimBackend } from './simulate.js';

/**
 * A state store held in memory: the same read-merge-write semantics as the cache/artifact and
 * filesystem stores (`addEvents` is the union every store uses), without serializing anything.
 */
export class MemoryStateStore implements StateStore {
  readonly kind = 'memory';
  private readonly streams = new Map<string, StreamState>();
  private readonly retired = new Map<string, StreamState[]>();

  /**
   * Sets a stream's history aside: later loads see only what is appended afterwards. The simulator
   * calls it once a stream's latest session is closed, when no later push can join it, so each
   * run reads one session's events instead of the stream's whole history (linear, not quadratic).
   */
  retire(streamKey: string): void {
    const state = this.streams.get(streamKey);
    if (!state || state.events.length === 0) return;
    this.retired.set(streamKey, [...(this.retired.get(streamKey) ?? []), state]);
    this.streams.set(streamKey, emptyState(streamKey));
  }

  /** Puts every retired history back: each stream's state is then its whole history again. */
  settle(): void {
    for (const [key, parts] of this.retired) {
      this.streams.set(key, mergeAll(key, [...parts, this.streams.get(key) ?? emptyState(key)]));
    }
    this.retired.clear();
  }

  async load(streamKey: string): Promise<LoadReport> {
    return { state: this.streams.get(streamKey) ?? emptyState(streamKey), sources: [`memory:${streamKey}`], warnings: [], partial: false };
  }

  async append(streamKey: string, events: readonly SessionEvent[]): Promise<SaveReport> {
    const state = addEvents(this.streams.get(streamKey) ?? emptyState(streamKey), events);
    this.streams.set(streamKey, state);
    return { state, written: [`memory:${streamKey}`], warnings: [], durable: true };
  }

  async listStreams(): Promise<string[]> {
    return [...this.streams.keys()].sort();
  }
}

/**
 * The simulator's default backend: session-start and session-check run in process (the same app
 * and domain code the actions run) against one in-memory store, with no token, so no REST call,
 * cache or artifact transfer is made. It replays a history in seconds; the runtime backend
 * (`@auto-pr-sessions/runtime`) runs the same replay through the real toolkit clients instead.
 */
export function memoryBackend(opts: { owner?: string; repo?: string; store?: MemoryStateStore } = {}): SimBackend {
  const store = opts.store ?? new MemoryStateStore();
  let runId = 0;
  return {
    owner: opts.owner ?? 'local',
    repo: opts.repo ?? 'replay',
    apiUrl: 'http://127.0.0.1:9',
    prepareRun: () => '',
    newRunId: () => (runId += 1),
    store: () => store,
    restCalls: () => 0,
    retire: (key) => store.retire(key),
    settle: () => store.settle(),
  };
}

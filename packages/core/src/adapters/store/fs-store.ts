import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/domain';
import { addEvents, emptyState, mergeAll } from '@auto-pr-sessions/domain';
import type { SessionEvent } from '@auto-pr-sessions/domain';
import { parseStateJson } from './snapshot.js';
import type { LoadReport, SaveReport, StateStore } from './types.js';

/** Compact a stream into one snapshot once it has this many files. */
const COMPACT_AT = 32;

/**
 * Filesystem store for the CLI and local runs: one directory per stream, one immutable snapshot file
 * per write (written to a temp name, then renamed). Loading merges every file, so concurrent
 * processes never lose each other's events and no lock is needed.
 */
export class FsStateStore implements StateStore {
  readonly kind = 'filesystem';
  constructor(private readonly dir: string) {}

  private streamDir(streamKey: string): string {
    return join(this.dir, 'streams', streamKey);
  }

  async load(streamKey: string): Promise<LoadReport> {
    const dir = this.streamDir(streamKey);
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return { state: emptyState(streamKey), sources: [], warnings: [], partial: false };
    }
    const states: StreamState[] = [];
    const warnings: string[] = [];
    for (const name of names) {
      const file = join(dir, name);
      try {
        states.push(parseStateJson(await readFile(file, 'utf8'), file, streamKey));
      } catch (err) {
        warnings.push(err instanceof Error ? err.message : String(err));
      }
    }
    return { state: mergeAll(streamKey, states), sources: names.map((n) => `file:${join(dir, n)}`), warnings, partial: warnings.length > 0 };
  }

  async append(streamKey: string, events: readonly SessionEvent[]): Promise<SaveReport> {
    const loaded = await this.load(streamKey);
    const state = addEvents(loaded.state, events);
    const dir = this.streamDir(streamKey);
    await mkdir(dir, { recursive: true });
    const name = `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}.json`;
    const tmp = join(dir, `.${name}.tmp`);
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, join(dir, name));
    if (loaded.sources.length >= COMPACT_AT && !loaded.partial) {
      // every file loaded was merged into `name`, so removing them loses nothing
      await Promise.all(loaded.sources.map((s) => rm(s.slice('file:'.length), { force: true })));
    }
    return { state, written: [`file:${join(dir, name)}`], warnings: [...loaded.warnings], durable: true };
  }

  async listStreams(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, 'streams'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    } catch {
      return [];
    }
  }
}


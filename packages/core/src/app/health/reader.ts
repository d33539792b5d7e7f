import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactClient } from '@actions/artifact';
import { oversize } from '../../adapters/store/bounded-read.js';
import { downloadFileBounded } from '../../adapters/store/bounded-unzip.js';
import { MAX_SNAPSHOT_BYTES } from '../../adapters/store/snapshot.js';
import { admit } from '../../adapters/store/provenance.js';
import { parseStateJson } from '../../adapters/store/snapshot.js';
import type { StreamState } from '@auto-pr-sessions/domain';
import type { RequestBudget } from './budget.js';

export interface ArtifactRef {
  readonly id: number;
  readonly runId: number;
  readonly createdAt: string;
  /** Zipped size from the listing: checked before the download. */
  readonly size: number;
  /** Uploaded by a fork's run into its own stream: its suite marks and foreign writers are dropped. */
  readonly fork?: boolean;
}

export interface StreamRead {
  readonly streamKey: string;
  /** Snapshots read (newest first). */
  readonly states: StreamState[];
  /** Artifact ids read successfully. */
  readonly readIds: number[];
  /** Snapshots that could not be downloaded or parsed, with the reason. */
  readonly problems: string[];
  /** Candidates left unread because the budget ended. */
  readonly leftUnread: ArtifactRef[];
  /** What was read but not all taken (a fork's suite marks), for the log. */
  readonly notes: string[];
}

export interface ReaderOptions {
  readonly owner: string;
  readonly repo: string;
  readonly token: string;
  readonly tempDir: string;
  readonly budget: RequestBudget;
  /** Calls to keep for later work. */
  readonly reserve: number;
  readonly concurrency?: number;
  /** Injected for tests; the toolkit's client otherwise. */
  readonly client?: Pick<ArtifactClient, 'downloadArtifact'>;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const folded = (state: StreamState, runId: number): boolean => state.writers.some((w) => w.startsWith(`${runId}-`));

/**
 * Reads state snapshots of many streams (one REST call each: the toolkit's download redirect),
 * a few at a time. Per stream the newest snapshot first; an unreadable one is reported and the next
 * older one tried (what can be rebuilt is rebuilt); then any snapshot whose run the ones read do
 * not contain (racing writers). Stops cleanly at the budget.
 */
export async function readStreams(work: ReadonlyArray<{ streamKey: string; candidates: readonly ArtifactRef[] }>, o: ReaderOptions): Promise<StreamRead[]> {
  let client = o.client;
  const download = async (streamKey: string, a: ArtifactRef, notes: string[]): Promise<StreamState> => {
    const where = `artifact aps-state-${streamKey} #${a.id}`;
    const tooBig = oversize(a.size, where);
    if (tooBig) throw new Error(tooBig);
    if (!client) {
      const { DefaultArtifactClient } = await import('@actions/artifact');
      client = new DefaultArtifactClient();
    }
    const dir = await mkdtemp(join(o.tempDir, 'aps-health-read-'));
    try {
      const findBy = { token: o.token, workflowRunId: a.runId, repositoryOwner: o.owner, repositoryName: o.repo };
      const state = parseStateJson(await downloadFileBounded(client, a.id, findBy, dir, 'state.json', where, MAX_SNAPSHOT_BYTES), where, streamKey);
      return admit(state, a.fork ? { kind: 'fork', runId: a.runId } : { kind: 'trusted' }, where, notes);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  const readOne = async (w: { streamKey: string; candidates: readonly ArtifactRef[] }): Promise<StreamRead> => {
    const ordered = [...w.candidates].sort((a, b) => b.id - a.id);
    const states: StreamState[] = [];
    const readIds: number[] = [];
    const problems: string[] = [];
    const leftUnread: ArtifactRef[] = [];
    const notes: string[] = [];
    for (const a of ordered) {
      if (states.some((s) => folded(s, a.runId))) continue; // already contained in a newer snapshot
      if (!o.budget.allows(1, o.reserve)) {
        leftUnread.push(a);
        continue;
      }
      o.budget.charge(1);
      try {
        states.push(await download(w.streamKey, a, notes));
        readIds.push(a.id);
      } catch (err) {
        problems.push(`snapshot #${a.id} (run ${a.runId}, ${a.createdAt}) unreadable: ${message(err)}`);
      }
    }
    if (leftUnread.length > 0) o.budget.skip('reading some state snapshots');
    return { streamKey: w.streamKey, states, readIds, problems, leftUnread, notes };
  };
  const results: StreamRead[] = new Array(work.length);
  let next = 0;
  const worker = async () => {
    while (next < work.length) {
      const i = next++;
      results[i] = await readOne(work[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 6, work.length) }, worker));
  return results;
}

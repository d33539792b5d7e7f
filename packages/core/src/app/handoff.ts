import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamState } from '@auto-pr-sessions/domain';
import { parseStateJson, serializeState } from '../adapters/store/snapshot.js';

/**
 * Hand-off between steps of one job: session-start leaves the merged state in RUNNER_TEMP so that
 * session-check decides without a cache or REST round trip (and knows not to record the event again).
 */
function handoffPath(tempDir: string, runId: string, streamKey: string): string {
  return join(tempDir, 'auto-pr-sessions', 'handoff', `${runId}-${streamKey}.json`);
}

export async function writeHandoff(tempDir: string, runId: string, state: StreamState): Promise<void> {
  const file = handoffPath(tempDir, runId, state.streamKey);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(`${file}.tmp`, serializeState(state));
  await rename(`${file}.tmp`, file);
}

/** The state an earlier step of this job recorded, or null when no step did. */
export async function readHandoff(tempDir: string, runId: string, streamKey: string): Promise<StreamState | null> {
  const file = handoffPath(tempDir, runId, streamKey);
  try {
    return parseStateJson(await readFile(file, 'utf8'), file, streamKey);
  } catch {
    return null;
  }
}

import { open } from 'node:fs/promises';
import { MAX_SNAPSHOT_BYTES } from './snapshot.js';

/**
 * Largest state artifact downloaded, as the listing's `size_in_bytes` (the zipped size) says:
 * checked before any byte is fetched. A snapshot compresses well, so a legitimate one is far below.
 */
export const MAX_ARTIFACT_BYTES = 2 * 1024 * 1024;

/**
 * Reads a downloaded snapshot file, refusing it from its size before reading (a hostile artifact can
 * decompress to far more than it weighs zipped): never more than MAX_SNAPSHOT_BYTES reach memory.
 */
export async function readBounded(file: string, where: string, max = MAX_SNAPSHOT_BYTES): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size > max) throw new Error(`${where}: snapshot of ${size} bytes, over the ${max}-byte limit; skipped unread`);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Why a listed artifact is not downloaded at all, or null when its size is acceptable. */
export function oversize(sizeInBytes: unknown, where: string, max = MAX_ARTIFACT_BYTES): string | null {
  if (typeof sizeInBytes !== 'number' || !Number.isFinite(sizeInBytes)) return `${where}: the listing gives no size; skipped undownloaded`;
  return sizeInBytes > max ? `${where}: ${sizeInBytes} bytes zipped, over the ${max}-byte limit; skipped undownloaded` : null;
}

/**
 * Largest state artifact downloaded, as the listing's `size_in_bytes` (the zipped size) says:
 * checked before any byte is fetched. A snapshot compresses well, so a legitimate one is far below.
 */
export const MAX_ARTIFACT_BYTES = 2 * 1024 * 1024;

/** Why a listed artifact is not downloaded at all, or null when its size is acceptable. */
export function oversize(sizeInBytes: unknown, where: string, max = MAX_ARTIFACT_BYTES): string | null {
  if (typeof sizeInBytes !== 'number' || !Number.isFinite(sizeInBytes)) return `${where}: the listing gives no size; skipped undownloaded`;
  return sizeInBytes > max ? `${where}: ${sizeInBytes} bytes zipped, over the ${max}-byte limit; skipped undownloaded` : null;
}

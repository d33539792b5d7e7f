// The state cache's archive: what @actions/cache stores for one directory holding one file on a runner
// without zstd (actions/toolkit packages/cache lib/internal/tar.js: `tar --posix -cf cache.tgz -P -C
// $GITHUB_WORKSPACE --files-from manifest.txt -z`), built and read in memory instead of by tar and
// gzip processes. Entries are the directory, then the file, named relative to the workspace.
//
// Reading never touches the file system: an entry saved by another run is untrusted input, and tar
// `-P` (as @actions/cache extracts) would write whatever paths the archive names. Only the one
// expected file is read; the gzip stream is bounded before it is inflated.
import { gunzipSync, gzipSync } from 'node:zlib';
import { createTar, parseTar, type ParsedTarFileItem } from 'nanotar';

/** Tar adds 512-byte headers (and pax records); this leaves room for a few beside the bounded file. */
const TAR_OVERHEAD = 64 * 1024;

/** A gzip'd tar of `dir/` and `dir/file` (modes 755 and 644, owned by this process's user). */
export function packOneFile(dir: string, file: string, content: string | Uint8Array, mtime = Date.now()): Buffer {
  const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const owner = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0, mtime };
  const tar = createTar([
    { name: `${dir}/`, attrs: { ...owner, mode: '755' } },
    { name: `${dir}/${file}`, data, attrs: { ...owner, mode: '644' } },
  ]);
  return gzipSync(tar);
}

/**
 * The text of `dir/file` in a gzip'd tar; throws, naming `where`, when the archive is not gzip or
 * tar, inflates past the bound, lacks the file, or holds it at more than `maxBytes`.
 */
export function readOneFile(archive: Uint8Array, dir: string, file: string, maxBytes: number, where: string): string {
  let tar: Buffer;
  try {
    tar = gunzipSync(archive, { maxOutputLength: maxBytes + TAR_OVERHEAD });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`${where}: the archive inflates to more than ${maxBytes + TAR_OVERHEAD} bytes; not read`, { cause: err });
    throw new Error(`${where}: not a gzip archive (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const wanted = `${dir}/${file}`;
  let entries: ParsedTarFileItem[];
  try {
    // a copy whose ArrayBuffer is exactly the tar: the parser reads `data.buffer` from offset 0
    entries = parseTar(Uint8Array.from(tar), { filter: (f) => normalize(f.name) === wanted }) as ParsedTarFileItem[];
  } catch (err) {
    throw new Error(`${where}: not a tar archive (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const entry = entries.find((e) => e.type === 'file');
  if (!entry?.data) throw new Error(`${where}: the archive holds no ${wanted}`);
  if (entry.data.byteLength > maxBytes) throw new Error(`${where}: ${wanted} is ${entry.data.byteLength} bytes, over the ${maxBytes}-byte bound; not read`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(entry.data);
  } catch (err) {
    throw new Error(`${where}: ${wanted} is not UTF-8 text`, { cause: err });
  }
}

/** GNU tar may store `./dir/file`; the comparison ignores that prefix. */
function normalize(name: string): string {
  return name.replace(/^\.\//, '');
}

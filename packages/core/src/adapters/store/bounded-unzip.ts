/**
 * Artifact downloads that a small archive cannot turn into gigabytes. The toolkit's
 * downloadArtifact inflates every entry to disk before anyone can look at a size; with
 * `skipDecompress` it writes the zip as it is, and only the one file wanted is inflated here,
 * counting bytes and stopping at the limit (an entry's declared size is the uploader's claim, so it
 * is not trusted). Nothing else in the archive is inflated.
 */
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactClient, FindOptions } from '@actions/artifact';
import type { Entry } from 'unzip-stream';

/**
 * Inflates `want` from `zipFile`, refusing it past `max` bytes (then nothing more is read).
 * unzip-stream is imported here, not at the top: it and its dependencies (binary, traverse,
 * es-abstract, ...) cost ~20 ms CPU to load, and most loads download no artifact at all.
 */
export async function extractOneBounded(zipFile: string, want: string, where: string, max: number): Promise<string> {
  const { default: unzip } = await import('unzip-stream');
  return new Promise((resolve, reject) => {
    let settled = false;
    let found = false;
    const source = createReadStream(zipFile);
    const parser = unzip.Parse();
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      source.destroy();
      reject(err);
    };
    parser.on('entry', (entry: Entry) => {
      if (settled || found || entry.type !== 'File' || entry.path !== want) {
        entry.autodrain();
        return;
      }
      found = true;
      const chunks: Buffer[] = [];
      let size = 0;
      entry.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          fail(new Error(`${where}: ${want} inflates to more than ${max} bytes; stopped there and skipped it`));
          entry.destroy();
          return;
        }
        chunks.push(chunk);
      });
      entry.on('end', () => {
        if (settled) return;
        settled = true;
        source.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      entry.on('error', (err: Error) => fail(err));
    });
    parser.on('error', (err: Error) => fail(new Error(`${where}: not a readable zip archive (${err.message})`)));
    parser.on('finish', () => {
      if (!found) fail(new Error(`${where}: the archive holds no ${want}`));
    });
    source.on('error', (err) => fail(err));
    source.pipe(parser);
  });
}

/** Downloads artifact `id` zipped into `dir` and returns `want` from it, inflated at most to `max` bytes. */
export async function downloadFileBounded(
  client: Pick<ArtifactClient, 'downloadArtifact'>,
  id: number,
  findBy: FindOptions['findBy'],
  dir: string,
  want: string,
  where: string,
  max: number,
): Promise<string> {
  await client.downloadArtifact(id, { path: dir, ...(findBy ? { findBy } : {}), skipDecompress: true });
  const files = (await readdir(dir)).filter((f) => !f.startsWith('.'));
  if (files.length !== 1) throw new Error(`${where}: expected one downloaded archive, found ${files.length}`);
  return extractOneBounded(join(dir, files[0]!), want, where, max);
}

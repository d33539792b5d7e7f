// A state artifact is a zip the uploader chose: a few kilobytes may inflate to gigabytes. Only the
// wanted file is inflated, and never past the limit (issue 9, "decompression stopped at a limit").
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractOneBounded } from '../../packages/core/src/adapters/store/bounded-unzip.js';

/** A minimal zip (deflate entries, central directory) as any uploader could write it. */
function zipOf(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const body = deflateRawSync(data);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, body);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function zipFile(files: Record<string, Buffer>): Promise<{ dir: string; file: string; bytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'aps-zip-'));
  const file = join(dir, 'artifact.zip');
  const zip = zipOf(files);
  await writeFile(file, zip);
  return { dir, file, bytes: zip.length };
}

describe('bounded unzip of downloaded artifacts', () => {
  it('reads the wanted file of an ordinary archive', async () => {
    const { file } = await zipFile({ 'other.txt': Buffer.from('x'), 'state.json': Buffer.from('{"version":1}') });
    await expect(extractOneBounded(file, 'state.json', 'artifact #1', 1024)).resolves.toBe('{"version":1}');
  });

  it('a zip bomb (200 MB of one byte in a few hundred KB) stops at the limit: little time, no memory, nothing on disk', async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x20);
    const { dir, file, bytes } = await zipFile({ 'state.json': huge, 'padding.bin': huge });
    expect(bytes).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const started = performance.now();
    await expect(extractOneBounded(file, 'state.json', 'artifact #2', 8 * 1024 * 1024)).rejects.toThrow(/artifact #2: state.json inflates to more than 8388608 bytes; stopped there/);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    // nothing was inflated to disk: the folder holds the archive only
    expect(await readdir(dir)).toEqual(['artifact.zip']);
    expect((await stat(file)).size).toBe(bytes);
    console.log(`zip bomb of ${bytes} bytes refused after ${ms.toFixed(0)} ms`);
  });

  it('an archive without the wanted file, or not a zip at all, is refused with where it came from', async () => {
    const { file } = await zipFile({ 'other.txt': Buffer.from('x') });
    await expect(extractOneBounded(file, 'state.json', 'artifact #3', 1024)).rejects.toThrow(/artifact #3: the archive holds no state.json/);
    const dir = await mkdtemp(join(tmpdir(), 'aps-zip-'));
    await writeFile(join(dir, 'junk.zip'), 'not a zip');
    await expect(extractOneBounded(join(dir, 'junk.zip'), 'state.json', 'artifact #4', 1024)).rejects.toThrow(/artifact #4/);
  });
});

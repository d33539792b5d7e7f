import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';

/** Path of a real-tool fixture under test/fixtures/reports (see its README.md). */
export const fixture = (rel: string): string => fileURLToPath(new URL(`../fixtures/reports/${rel}`, import.meta.url));

/** A named in-memory source, for synthetic edge cases that no tool writes on purpose. */
export const text = (name: string, content: string): { name: string; stream: Readable } => ({ name, stream: Readable.from([content]) });

/** A temporary directory removed by the returned cleanup. */
export function tempDir(): { dir: string; write(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'scoring-test-'));
  return {
    dir,
    write(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

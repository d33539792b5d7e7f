// Where the runtime keeps JSON state documents and blob bytes: memory, or a directory that survives
// restarts. Files are written to a temporary name and renamed, so a crash never leaves half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface Storage {
  readonly persistent: boolean;
  loadDoc<T>(name: string): Promise<T | undefined>;
  saveDoc(name: string, value: unknown): Promise<void>;
  putBlob(name: string, data: Buffer): Promise<void>;
  getBlob(name: string): Promise<Buffer | undefined>;
  deleteBlob(name: string): Promise<void>;
}

/** Blob names are `container/blob` with plain segments; anything else could escape the directory. */
const SAFE_BLOB_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function assertSafeBlobName(name: string): void {
  if (!SAFE_BLOB_NAME.test(name)) throw new Error(`unsafe blob name: ${name}`);
}

export class MemoryStorage implements Storage {
  readonly persistent = false;
  private readonly blobs = new Map<string, Buffer>();

  async loadDoc<T>(): Promise<T | undefined> {
    return undefined;
  }

  async saveDoc(): Promise<void> {
    // State objects live in memory already.
  }

  async putBlob(name: string, data: Buffer): Promise<void> {
    this.blobs.set(name, data);
  }

  async getBlob(name: string): Promise<Buffer | undefined> {
    return this.blobs.get(name);
  }

  async deleteBlob(name: string): Promise<void> {
    this.blobs.delete(name);
  }
}

export class FsStorage implements Storage {
  readonly persistent = true;

  constructor(private readonly dir: string) {}

  private docPath(name: string): string {
    return join(this.dir, 'state', `${name}.json`);
  }

  private blobPath(name: string): string {
    assertSafeBlobName(name);
    return join(this.dir, 'blobs', name);
  }

  async loadDoc<T>(name: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.docPath(name), 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async saveDoc(name: string, value: unknown): Promise<void> {
    await atomicWrite(this.docPath(name), JSON.stringify(value, null, 1));
  }

  async putBlob(name: string, data: Buffer): Promise<void> {
    await atomicWrite(this.blobPath(name), data);
  }

  async getBlob(name: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.blobPath(name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async deleteBlob(name: string): Promise<void> {
    await rm(this.blobPath(name), { force: true });
  }
}

export async function atomicWrite(path: string, data: string | Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * One JSON document kept in sync with an in-memory state object. `changed()` coalesces bursts of
 * mutations into one write on the next tick; writes never overlap, and `flush()` waits for them.
 */
export class PersistedDoc<T> {
  private pending = false;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly storage: Storage,
    private readonly name: string,
    private readonly snapshot: () => T,
  ) {}

  changed(): void {
    if (!this.storage.persistent || this.pending) return;
    this.pending = true;
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) => {
          setImmediate(() => {
            this.pending = false;
            this.storage.saveDoc(this.name, this.snapshot()).then(resolve, (err: unknown) => {
              this.failure = err;
              resolve();
            });
          });
        }),
    );
  }

  async flush(): Promise<void> {
    await this.chain;
    if (this.failure) {
      const err = this.failure;
      this.failure = undefined;
      throw err;
    }
  }
}

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReadinessCheck } from '@kerma/platform';

/** Folder of the archive where request bodies are spooled: same volume as the archive, so keeping one is a rename. */
const INCOMING_FOLDER = '.incoming';

/** A file being received: written chunk by chunk, hashed as it goes. */
export interface IncomingFileWriter {
  write(bytes: Uint8Array): Promise<void>;
  /** Flushes to disk and returns what was written; the file stays until kept or discarded. */
  finish(): Promise<IncomingFile>;
  discard(): Promise<void>;
}

export interface IncomingFile {
  readonly path: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** The bytes as written, when the file was small enough to keep them (see `incoming`): identified without reading the file back. */
  readonly bytes?: Buffer;
}

/**
 * The raw archive: original bytes, content-addressed by SHA-256, written to a temporary file,
 * fsynced and renamed so a crash never leaves a half-written object under its final name.
 */
export class ArchiveStore implements ReadinessCheck {
  readonly readinessName = 'archive';
  /** Folders known to exist: Kerma never removes them, so each is created once per process, not once per object. */
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  /** Runs `work` in a folder, creating it first if not known to exist, or again if it was removed meanwhile. */
  private async inFolder<T>(path: string, work: () => Promise<T>): Promise<T> {
    if (!this.folders.has(path)) {
      await mkdir(path, { recursive: true });
      this.folders.add(path);
    }
    try {
      return await work();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await mkdir(path, { recursive: true });
      return work();
    }
  }

  /** Readiness: a file can be created, written and removed where incoming reports are spooled. */
  async checkReady(): Promise<void> {
    const dir = join(this.root, INCOMING_FOLDER);
    await mkdir(dir, { recursive: true });
    const probe = join(dir, `ready-${randomUUID()}`);
    await writeFile(probe, 'ready');
    await unlink(probe);
  }

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), `${sha256}.dcm`);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const writer = await this.incoming();
    try {
      await writer.write(bytes);
      const file = await writer.finish();
      await this.keep(file);
      return file.sha256;
    } catch (err) {
      await writer.discard();
      throw err;
    }
  }

  /**
   * Starts receiving a file in the archive volume (request bodies are never held whole in memory). A file
   * of at most `retainBytes` also keeps its bytes in memory, so that intake need not read it back.
   */
  async incoming(retainBytes = 0): Promise<IncomingFileWriter> {
    const dir = join(this.root, INCOMING_FOLDER);
    const path = join(dir, `${randomUUID()}.part`);
    const handle: FileHandle = await this.inFolder(dir, () => open(path, 'w'));
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let retained: Buffer[] | null = retainBytes > 0 ? [] : null;
    let closed = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (bytes) => {
        hash.update(bytes);
        sizeBytes += bytes.byteLength;
        if (retained && sizeBytes <= retainBytes) retained.push(Buffer.from(bytes));
        else retained = null;
        await handle.write(bytes);
      },
      finish: async () => {
        await handle.sync();
        await close();
        return { path, sha256: hash.digest('hex'), sizeBytes, ...(retained ? { bytes: Buffer.concat(retained) } : {}) };
      },
      discard: async () => {
        await close().catch(() => undefined);
        await unlink(path).catch(() => undefined);
      },
    };
  }

  /** Moves a received file under its content address (the file is already fsynced). */
  async keep(file: IncomingFile): Promise<void> {
    try {
      await this.inFolder(join(this.root, file.sha256.slice(0, 2)), () => rename(file.path, this.pathOf(file.sha256)));
    } catch (err) {
      await unlink(file.path).catch(() => undefined);
      throw err;
    }
  }

  async discard(file: IncomingFile): Promise<void> {
    await unlink(file.path).catch(() => undefined);
  }

  /**
   * Removes request bodies left over by a process that stopped while receiving them. Only files
   * older than `olderThanMs` go: another replica sharing the volume may be receiving the rest.
   */
  async clearIncoming(olderThanMs: number): Promise<number> {
    const dir = join(this.root, INCOMING_FOLDER);
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info && Date.now() - info.mtimeMs > olderThanMs) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }
}

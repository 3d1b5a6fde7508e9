import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The raw archive: original bytes, content-addressed by SHA-256, written to a temporary file,
 * fsynced and renamed so a crash never leaves a half-written object under its final name.
 */
export class ArchiveStore {
  constructor(private readonly root: string) {}

  static sha256(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), `${sha256}.dcm`);
  }

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = ArchiveStore.sha256(bytes);
    const finalPath = this.pathOf(sha256);
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const tmpPath = `${finalPath}.${randomUUID()}.tmp`;
    const handle = await open(tmpPath, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmpPath, finalPath);
    } catch (err) {
      await unlink(tmpPath).catch(() => undefined);
      throw err;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }
}

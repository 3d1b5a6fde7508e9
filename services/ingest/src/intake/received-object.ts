import { readFile } from 'node:fs/promises';
import { ArchiveStore, type IncomingFile } from '../archive/archive-store';

/** An object as it arrived, before intake decided what to do with it. */
export interface ReceivedObject {
  readonly sha256: string;
  readonly sizeBytes: number;
  /** The whole object (identification checks every byte of it, so a truncated file is refused at the door). */
  read(): Promise<Uint8Array>;
  /** Puts the bytes in the archive under their content address. */
  keep(): Promise<void>;
  /** Lets go of bytes that are not kept (a spooled file is removed). */
  release(): Promise<void>;
}

/** An object received whole in memory (a C-STORE data set, bounded by the SCP's byte sink). */
export function receivedBytes(bytes: Uint8Array, archive: ArchiveStore): ReceivedObject {
  const sha256 = ArchiveStore.sha256(bytes);
  return {
    sha256,
    sizeBytes: bytes.byteLength,
    read: async () => bytes,
    keep: async () => void (await archive.put(bytes)),
    release: async () => undefined,
  };
}

/**
 * An object spooled to a file of the archive volume (a STOW-RS part). A large one is read into memory only
 * while intake identifies it, one object at a time per request (a small one came with its bytes); keeping
 * it is a rename.
 */
export function receivedFile(file: IncomingFile, archive: ArchiveStore): ReceivedObject {
  // Keeping twice is keeping once: the spooled file is gone after the first rename (intake keeps an object
  // before recording it, and decides it again alone when a concurrent request recorded its UID meanwhile).
  let kept: Promise<void> | null = null;
  return {
    sha256: file.sha256,
    sizeBytes: file.sizeBytes,
    read: async () => file.bytes ?? readFile(file.path),
    keep: () => (kept ??= archive.keep(file)),
    release: () => (kept ? Promise.resolve() : archive.discard(file)),
  };
}

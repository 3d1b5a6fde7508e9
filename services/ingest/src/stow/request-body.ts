import type { IncomingMessage } from 'node:http';
import type { ArchiveStore, IncomingFile, IncomingFileWriter } from '../archive/archive-store';
import { MultipartStreamParser, MultipartSyntaxError } from './multipart-stream';

export class StowRequestError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** How the objects of a STOW-RS request are framed. */
export type StowFraming = { readonly kind: 'single' } | { readonly kind: 'multipart'; readonly boundary: string };

/**
 * The framing of a STOW-RS request: `multipart/related; type="application/dicom"` (one object per
 * part) or a single `application/dicom` body; anything else is refused before the body is read.
 */
export function stowFramingOf(contentType: string | undefined): StowFraming {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/dicom') return { kind: 'single' };
  if (mediaType !== 'multipart/related') {
    throw new StowRequestError(415, `unsupported media type "${mediaType || '(none)'}": send multipart/related; type="application/dicom" or application/dicom`);
  }
  const type = /;\s*type="?([^";]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (type && type !== 'application/dicom') {
    throw new StowRequestError(415, `multipart/related of type "${type}" is not supported: only application/dicom parts (no bulk data / metadata form)`);
  }
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  const value = boundary?.[1] ?? boundary?.[2];
  if (!value) throw new StowRequestError(400, 'multipart/related without a boundary parameter');
  return { kind: 'multipart', boundary: value };
}

/**
 * Parts small enough to keep in memory as well as on disk (intake then identifies them without reading
 * them back), up to a total per request: a dose report is typically tens of kilobytes.
 */
const MAX_RETAINED_PART_BYTES = 1024 * 1024;
const MAX_RETAINED_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * Streams the body of a STOW-RS request into files of the archive volume, one per object, never
 * holding a large object in memory (small parts are also kept in memory, within MAX_RETAINED_REQUEST_BYTES). `maxBytes` bounds the whole body and therefore every part. On any
 * error the files written so far are removed; on success the caller owns them.
 */
export async function receiveStowBody(req: IncomingMessage, framing: StowFraming, archive: ArchiveStore, maxBytes: number): Promise<IncomingFile[]> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const files: IncomingFile[] = [];
  let retainedBytes = 0;
  let current: IncomingFileWriter | null = null;
  let total = 0;
  const parser = framing.kind === 'multipart' ? new MultipartStreamParser(framing.boundary) : null;
  try {
    if (!parser) current = await archive.incoming(MAX_RETAINED_PART_BYTES);
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      if (!parser) {
        await current!.write(chunk);
        continue;
      }
      let events;
      try {
        events = parser.write(chunk);
      } catch (err) {
        throw new StowRequestError(400, `malformed multipart body: ${(err as Error).message}`);
      }
      for (const event of events) {
        if (event.kind === 'part-start') {
          const partType = event.headers.get('content-type')?.split(';')[0].trim().toLowerCase();
          if (partType && partType !== 'application/dicom') {
            throw new StowRequestError(415, `a part has media type "${partType}"; only application/dicom parts are accepted`);
          }
          current = await archive.incoming(Math.min(MAX_RETAINED_PART_BYTES, MAX_RETAINED_REQUEST_BYTES - retainedBytes));
        } else if (event.kind === 'part-data') {
          await current!.write(event.bytes);
        } else {
          const file = await current!.finish();
          retainedBytes += file.bytes?.byteLength ?? 0;
          files.push(file);
          current = null;
        }
      }
    }
    if (parser) {
      try {
        parser.end();
      } catch (err) {
        throw new StowRequestError(400, `malformed multipart body: ${(err as MultipartSyntaxError).message}`);
      }
    } else {
      files.push(await current!.finish());
      current = null;
    }
    if (files.length === 0) throw new StowRequestError(400, 'multipart body without any part');
    return files;
  } catch (err) {
    await current?.discard();
    await Promise.all(files.map((f) => archive.discard(f)));
    throw err;
  }
}

function tooLarge(maxBytes: number): StowRequestError {
  return new StowRequestError(413, `request body exceeds MAX_REQUEST_BYTES (${maxBytes} bytes); send fewer or smaller objects per request`);
}

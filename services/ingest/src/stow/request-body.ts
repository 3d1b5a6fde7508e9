import type { IncomingMessage } from 'node:http';
import { parseMultipart, getMultipartBoundary } from '@mjackson/multipart-parser';

export class StowRequestError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the whole request body, refusing more than `maxBytes` (the archive needs the full object anyway). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw new StowRequestError(413, `request body exceeds ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The DICOM objects of a STOW-RS request: each part of `multipart/related; type="application/dicom"`,
 * or the single body of `application/dicom`.
 */
export function dicomObjectsOf(contentType: string | undefined, body: Buffer): Uint8Array[] {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/dicom') return [body];
  if (mediaType !== 'multipart/related') {
    throw new StowRequestError(415, `unsupported media type "${mediaType || '(none)'}": send multipart/related; type="application/dicom" or application/dicom`);
  }
  const type = /type="?([^";]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (type && type !== 'application/dicom') {
    throw new StowRequestError(415, `multipart/related of type "${type}" is not supported: only application/dicom parts (no bulk data / metadata form)`);
  }
  const boundary = getMultipartBoundary(contentType ?? '');
  if (!boundary) throw new StowRequestError(400, 'multipart/related without a boundary parameter');
  const parts: Uint8Array[] = [];
  try {
    for (const part of parseMultipart(body, { boundary })) {
      const partType = part.mediaType?.toLowerCase();
      if (partType && partType !== 'application/dicom') {
        throw new StowRequestError(415, `a part has media type "${partType}"; only application/dicom parts are accepted`);
      }
      parts.push(part.bytes);
    }
  } catch (err) {
    if (err instanceof StowRequestError) throw err;
    throw new StowRequestError(400, `malformed multipart body: ${(err as Error).message}`);
  }
  if (parts.length === 0) throw new StowRequestError(400, 'multipart body without any part');
  return parts;
}

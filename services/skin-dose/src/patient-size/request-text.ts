import { HttpException, UnsupportedMediaTypeException, PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

/** Largest CSV or FHIR body read: a RIS export of a few thousand studies fits many times over. */
export const MAX_SIZE_BODY_BYTES = 5 * 1024 * 1024;

export function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** Refuses any other media type, naming the ones accepted (415). */
export function requireMediaType(req: Request, accepted: readonly string[]): string {
  const type = mediaTypeOf(req);
  if (!accepted.includes(type)) throw new UnsupportedMediaTypeException(`unsupported media type "${type || '(none)'}": send ${accepted.join(' or ')}`);
  return type;
}

/** The body as UTF-8 text, read from the request (no body parser handles these media types), bounded. */
export async function readText(req: Request, maxBytes = MAX_SIZE_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(maxBytes: number): HttpException {
  return new PayloadTooLargeException(`body larger than ${maxBytes} bytes: split the file`);
}

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/**
 * JSON bodies up to `maxBytes`; a larger one is refused with 413 before any handler reads it, and a
 * malformed one with 400, both as Kerma's JSON error body. Other media types (DICOM for STOW-RS) are
 * not parsed here: their routes stream them under their own limits.
 */
export function limitJsonBodies(app: INestApplication, maxBytes: number): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: maxBytes });
  app.use((err: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err?.type === 'entity.too.large') {
      res.status(413).json({ statusCode: 413, error: 'Payload Too Large', message: `JSON body larger than ${maxBytes} bytes (KERMA_MAX_JSON_BODY_BYTES)` });
      return;
    }
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json({ statusCode: 400, error: 'Bad Request', message: 'the body is not valid JSON' });
      return;
    }
    next(err);
  });
}

import type { INestApplication } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';

/**
 * Headers every answer carries: patient dose data is never cached by a browser or proxy, never framed,
 * never content-sniffed, and no referrer leaks a patient id in a URL; the server does not announce its
 * framework. CORS stays off (Nest enables it only when asked), so no other origin's page can read the API.
 */
export function hardenHttp(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    next();
  });
}

import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';

/**
 * How long an idle client connection stays open. Reverse proxies (nginx, the Helm Ingress's ingress-nginx) keep
 * idle upstream connections for 60 s by default and reuse them; Node's default of 5 s closes them first, so a request
 * the proxy sends on a connection Node is closing is reset and answered 502 (seen under stack.sh's nginx on a STOW,
 * which a proxy does not retry). Staying open longer than the proxy lets the proxy close first.
 */
export const IDLE_CONNECTION_TIMEOUT_MS = 65_000;

/** Keeps idle HTTP connections open past the reverse proxy's own idle timeout (see above). */
export function outlastProxyKeepAlive(app: INestApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  // A request's headers must be allowed to arrive on a kept connection for as long as it stays open.
  server.headersTimeout = IDLE_CONNECTION_TIMEOUT_MS + 1_000;
}

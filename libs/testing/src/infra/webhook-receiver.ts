import { createServer, type IncomingHttpHeaders } from 'node:http';
import { findFreePort } from './free-port';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The status this receiver answered. */
  readonly status: number;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** The status to answer on a path from now on (default 204). */
  answer(path: string, status: number): void;
  /** Fail the next `times` requests on a path with `status`, then answer the default again. */
  failNext(path: string, times: number, status?: number): void;
  stop(): Promise<void>;
}

/** A real HTTP receiver on a loopback port, recording every request it gets and what it answered. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedRequest[] = [];
  const statusOf = new Map<string, number>();
  const failures = new Map<string, { times: number; status: number }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const failure = failures.get(path);
      let status = statusOf.get(path) ?? 204;
      if (failure && failure.times > 0) {
        failure.times--;
        status = failure.status;
      }
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer: (path, status) => void statusOf.set(path, status),
    failNext: (path, times, status = 503) => void failures.set(path, { times, status }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

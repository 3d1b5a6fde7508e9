import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { DicomTls } from './dicom-listener-options';

/**
 * TCP listener of the C-STORE SCP. dcmjs-dimse's own Server binds every interface and cannot be
 * awaited; this one binds the configured address, reports a busy port as an error, and on close
 * stops accepting and drops the open connections.
 */
export class DicomListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly onConnection: (socket: Socket) => void,
    private readonly tls: DicomTls | null = null,
  ) {}

  async listen(port: number, host: string): Promise<void> {
    const accept = (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.onConnection(socket);
    };
    const server = this.tls ? createTlsServer(tlsServerOptions(this.tls), accept) : createServer(accept);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}

/**
 * The DICOM TLS profile (PS3.15 B.9, BCP 195): TLS 1.2 or later. With a client CA, an association can
 * only start after the modality proved a certificate that CA issued (the handshake fails otherwise).
 */
function tlsServerOptions(tls: DicomTls) {
  return {
    cert: tls.cert,
    key: tls.key,
    minVersion: 'TLSv1.2' as const,
    ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

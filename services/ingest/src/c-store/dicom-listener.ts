import { createServer, type Server, type Socket } from 'node:net';

/**
 * TCP listener of the C-STORE SCP. dcmjs-dimse's own Server binds every interface and cannot be
 * awaited; this one binds the configured address, reports a busy port as an error, and on close
 * stops accepting and drops the open connections.
 */
export class DicomListener {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly onConnection: (socket: Socket) => void) {}

  async listen(port: number, host: string): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.onConnection(socket);
    });
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

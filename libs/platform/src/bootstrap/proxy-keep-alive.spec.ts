import { request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { outlastProxyKeepAlive } from './proxy-keep-alive';

@Controller()
class PingController {
  @Get('ping')
  ping(): string {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

/** GETs /ping through the agent; resolves with the status and the client port of the connection used. */
function ping(port: number, agent: Agent): Promise<{ status: number; clientPort: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/ping', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, clientPort: req.socket?.localPort ?? -1 }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('outlastProxyKeepAlive', () => {
  let app: INestApplication;

  afterEach(async () => app?.close());

  // Node's own default closes an idle connection after 5 s; a proxy reusing it then gets a reset (a 502 to its client).
  it('keeps an idle connection open past Node’s 5 s default, so a proxy can reuse it', async () => {
    app = await NestFactory.create(PingModule, { logger: false });
    outlastProxyKeepAlive(app);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await ping(port, agent);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const second = await ping(port, agent);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.clientPort).toBe(first.clientPort);
    } finally {
      agent.destroy();
    }
  }, 15_000);
});

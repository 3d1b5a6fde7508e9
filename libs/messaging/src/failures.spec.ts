import Database from 'better-sqlite3';
import { Kafka, logLevel } from 'kafkajs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RdsrReceivedV1 } from '@kerma/contracts';
import { classifyFailure, HttpStatusError, PermanentFailure, TransientFailure } from './failures';

/** A loopback port nobody listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('classifyFailure, on errors as the libraries really raise them', () => {
  let port: number;
  beforeAll(async () => {
    port = await closedPort();
  });

  it('waits for a refused TCP connection and names the address', async () => {
    const err = await rejection(new Promise((_, reject) => connect(port, '127.0.0.1').once('error', reject)));
    expect(classifyFailure(err)).toEqual({ kind: 'transient', dependency: `127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it('waits for a refused fetch (TypeError "fetch failed" wrapping ECONNREFUSED)', async () => {
    const err = await rejection(fetch(`http://127.0.0.1:${port}/api/v1/instances/x/file`));
    expect((err as Error).message).toBe('fetch failed');
    expect(classifyFailure(err)).toEqual({ kind: 'transient', dependency: `127.0.0.1:${port} (ECONNREFUSED)` });
  });

  it('waits for a peer that accepts but never answers (AbortSignal.timeout)', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const err = await rejection(fetch(`http://127.0.0.1:${(silent.address() as { port: number }).port}/`, { signal: AbortSignal.timeout(150) }));
      expect((err as Error).name).toBe('TimeoutError');
      expect(classifyFailure(err).kind).toBe('transient');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('does not wait for a host name that does not exist (a wrong URL does not heal), nor for a URL fetch cannot use', async () => {
    const nxdomain = await rejection(fetch('http://kerma-ingest.invalid/'));
    expect(classifyFailure(nxdomain)).toEqual({ kind: 'unknown' });
    const unsupported = await rejection(fetch('file:///srv/kerma/archive/x.dcm'));
    expect((unsupported as Error).message).toBe('fetch failed');
    expect(classifyFailure(unsupported)).toEqual({ kind: 'unknown' });
  });

  it('waits for a PostgreSQL server that is down, through pg and through TypeORM', async () => {
    const client = new Client({ host: '127.0.0.1', port, user: 'kerma', database: 'kerma', connectionTimeoutMillis: 2000 });
    const direct = await rejection(client.connect());
    expect(classifyFailure(direct)).toEqual({ kind: 'transient', dependency: `127.0.0.1:${port} (ECONNREFUSED)` });
    const source = new DataSource({ type: 'postgres', host: '127.0.0.1', port, username: 'kerma', database: 'kerma', connectTimeoutMS: 2000 });
    const viaTypeorm = await rejection(source.initialize());
    expect(classifyFailure(viaTypeorm).kind).toBe('transient');
  });

  it('waits for a SQLite database locked by another writer (SQLITE_BUSY)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kerma-busy-'));
    const holder = new Database(join(dir, 'db.sqlite'));
    const other = new Database(join(dir, 'db.sqlite'), { timeout: 0 });
    try {
      holder.exec('CREATE TABLE t (x INTEGER)');
      holder.exec('BEGIN IMMEDIATE');
      let err: unknown;
      try {
        other.exec('INSERT INTO t VALUES (1)');
      } catch (e) {
        err = e;
      }
      expect((err as { code: string }).code).toBe('SQLITE_BUSY');
      expect(classifyFailure(err)).toEqual({ kind: 'transient', dependency: 'SQLite database (SQLITE_BUSY)' });
      holder.exec('ROLLBACK');
    } finally {
      holder.close();
      other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('waits for a Kafka broker that is down (kafkajs gives up retrying: the retriable cause decides)', async () => {
    const producer = new Kafka({
      clientId: 'classify',
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 1, initialRetryTime: 50 },
    }).producer();
    const err = await rejection(producer.connect());
    expect(classifyFailure(err)).toMatchObject({ kind: 'transient' });
    expect((classifyFailure(err) as { dependency: string }).dependency).toMatch(/ECONNREFUSED|Kafka broker/);
  });

  it('waits for a peer answering 5xx, 429 or 408, but not for other statuses', () => {
    expect(classifyFailure(new HttpStatusError('http://ingest:3000/api/v1/instances/x/file', 503))).toEqual({
      kind: 'transient',
      dependency: 'HTTP peer ingest:3000',
    });
    expect(classifyFailure(new HttpStatusError('http://ingest:3000/x', 429)).kind).toBe('transient');
    expect(classifyFailure(new HttpStatusError('http://ingest:3000/x', 403)).kind).toBe('unknown');
  });

  it('dead-letters at once what is wrong in the input: PermanentFailure and a contract violation', () => {
    expect(classifyFailure(new PermanentFailure('unit "furlong" of DAP is unknown', 'unknown-unit'))).toEqual({ kind: 'permanent' });
    let violation: unknown;
    try {
      RdsrReceivedV1.parse({ site: 'x' });
    } catch (e) {
      violation = e;
    }
    expect(classifyFailure(violation)).toEqual({ kind: 'permanent' });
  });

  it('takes a dependency a handler names itself, even wrapped', () => {
    const named = new TransientFailure('archive volume not mounted', 'archive volume');
    expect(classifyFailure(new Error('parse failed', { cause: named }))).toEqual({ kind: 'transient', dependency: 'archive volume' });
  });

  it('treats anything else as unknown (bounded retries): a bug, a plain error, a thrown string', () => {
    let bug: unknown;
    try {
      (undefined as unknown as { events: unknown[] }).events.length;
    } catch (e) {
      bug = e;
    }
    expect(classifyFailure(bug)).toEqual({ kind: 'unknown' });
    expect(classifyFailure(new Error('fetched bytes do not match the announced SHA-256'))).toEqual({ kind: 'unknown' });
    expect(classifyFailure('boom')).toEqual({ kind: 'unknown' });
    expect(classifyFailure(null)).toEqual({ kind: 'unknown' });
  });
});

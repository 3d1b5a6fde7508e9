import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Column, DataSource, Entity, EntityManager, PrimaryColumn, type Repository } from 'typeorm';
import { serviceDatabaseImports } from './service-database.module';
import { serializeSqliteTransactions } from './sqlite-serialization';
import { dataSourceOptions, type ServiceDatabase } from './typeorm-options';

@Entity({ name: 'serial_row' })
class Row {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  note!: string | null;
}

/** Lets the other flows run: every pending promise continuation, then `n` turns of the event loop. */
async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** What a transaction's caller was told: 'committed', or the message of its error. */
const outcomeOf = (transaction: Promise<unknown>): Promise<string> =>
  transaction.then(
    () => 'committed',
    (err: Error) => err.message,
  );

async function ids(db: DataSource): Promise<string[]> {
  const rows = (await db.query('SELECT id FROM serial_row ORDER BY id')) as { id: string }[];
  return rows.map((r) => r.id);
}

/** A statement of another flow, issued while a transaction is open that then rolls back, must persist as its caller was told. */
async function statementDuringRollback(db: DataSource, statement: (rows: Repository<Row>) => Promise<unknown>): Promise<{ rolledBack: string; ids: string[] }> {
  let opened!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const failing = outcomeOf(
    db.transaction(async (tx) => {
      await tx.insert(Row, { id: 'in-transaction' });
      opened();
      await turns();
      throw new Error('rolled back');
    }),
  );
  await isOpen;
  await statement(db.getRepository(Row));
  return { rolledBack: await failing, ids: await ids(db) };
}

describe('serializeSqliteTransactions (a better-sqlite3 file)', () => {
  let dir: string;
  let db: DataSource;
  const database = (service: string): ServiceDatabase => ({
    service,
    target: { kind: 'sqlite', path: join(dir, `${service}.sqlite`) },
    entities: [Row],
    migrations: [],
  });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerma-sqlite-serial-'));
    db = serializeSqliteTransactions(await new DataSource(dataSourceOptions(database('serial'))).initialize());
  });

  afterEach(async () => {
    if (db.isInitialized) await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the first fails, the second commits', ['first fails', 'committed'], ['b1', 'b2']],
    ['the first commits, the second fails', ['committed', 'second fails'], ['a1', 'a2']],
  ])('two concurrent transactions, %s: each keeps all its rows or none, as its caller was told', async (_, expected, kept) => {
    const [failFirst, failSecond] = expected.map((e) => e !== 'committed');
    const first = outcomeOf(
      db.transaction(async (tx) => {
        await tx.insert(Row, { id: 'a1' });
        await turns();
        if (failFirst) throw new Error('first fails');
        await tx.insert(Row, { id: 'a2' });
      }),
    );
    const second = outcomeOf(
      db.transaction(async (tx) => {
        await tx.insert(Row, { id: 'b1' });
        await turns();
        if (failSecond) throw new Error('second fails');
        await tx.insert(Row, { id: 'b2' });
      }),
    );
    expect(await Promise.all([first, second])).toEqual(expected);
    expect(await ids(db)).toEqual(kept);
  });

  it.each<[string, (rows: Repository<Row>) => Promise<unknown>]>([
    ['an insert', (rows) => rows.insert({ id: 'outside' })],
    ['a save (its own transaction)', (rows) => rows.save({ id: 'outside', note: null })],
    ['a raw query', (rows) => rows.query(`INSERT INTO serial_row (id) VALUES ('outside')`)],
  ])('%s issued while another flow’s transaction is open waits for it, and persists when that one rolls back', async (_, statement) => {
    expect(await statementDuringRollback(db, statement)).toEqual({ rolledBack: 'rolled back', ids: ['outside'] });
  });

  it('runs transactions one after another, in the order they were asked for', async () => {
    const steps: string[] = [];
    await Promise.all(
      ['1', '2', '3'].map((n) =>
        db.transaction(async (tx) => {
          steps.push(`begin ${n}`);
          await tx.insert(Row, { id: n });
          await turns();
          steps.push(`end ${n}`);
        }),
      ),
    );
    expect(steps).toEqual(['begin 1', 'end 1', 'begin 2', 'end 2', 'begin 3', 'end 3']);
  });

  it('runs the transaction’s own statements at once: its manager, a nested transaction (savepoint), the same DataSource’s repositories', async () => {
    const rows = db.getRepository(Row);
    const seenInside = await db.transaction(async (tx) => {
      await tx.insert(Row, { id: 'outer' });
      const savepoint = await outcomeOf(
        tx.transaction(async (inner) => {
          await inner.insert(Row, { id: 'savepoint' });
          throw new Error('savepoint undone');
        }),
      );
      await rows.insert({ id: 'repository' });
      await rows.save({ id: 'saved', note: null });
      await db.manager.transaction((nested) => nested.insert(Row, { id: 'nested' }));
      return { savepoint, ids: await ids(db) };
    });
    expect(seenInside).toEqual({ savepoint: 'savepoint undone', ids: ['nested', 'outer', 'repository', 'saved'] });
    expect(await ids(db)).toEqual(['nested', 'outer', 'repository', 'saved']);
  });

  it('rolls back the repositories’ statements made inside the callback with the transaction', async () => {
    const rolledBack = await outcomeOf(
      db.transaction(async (tx) => {
        await tx.insert(Row, { id: 'outer' });
        await db.getRepository(Row).insert({ id: 'repository' });
        throw new Error('undone');
      }),
    );
    expect(rolledBack).toBe('undone');
    expect(await ids(db)).toEqual([]);
  });

  it('treats a task started inside a transaction as outside once that transaction ended', async () => {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    let leaked!: Promise<string>;
    await db.transaction(async (tx) => {
      await tx.insert(Row, { id: 'parent' });
      // Inherits the transaction's context, like a background loop kicked from the callback.
      leaked = outcomeOf(ended.then(() => db.transaction((later) => later.insert(Row, { id: 'leaked' }))));
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holder = outcomeOf(
      db.transaction(async (tx) => {
        await tx.insert(Row, { id: 'holder' });
        await gate;
        throw new Error('holder rolls back');
      }),
    );
    end();
    await turns();
    release();
    expect([await holder, await leaked]).toEqual(['holder rolls back', 'committed']);
    expect(await ids(db)).toEqual(['leaked', 'parent']);
  });

  it('refuses a transaction begun on the shared query runner, which would nest into whichever one runs', async () => {
    await expect(db.createQueryRunner().startTransaction()).rejects.toThrow('one at a time');
  });

  it('leaves a PostgreSQL DataSource (a pool) as it is', () => {
    const postgres = new DataSource({ type: 'postgres', url: 'postgres://127.0.0.1:5432/unused' });
    expect(serializeSqliteTransactions(postgres)).toBe(postgres);
    expect(postgres.manager.transaction).toBe(EntityManager.prototype.transaction);
  });

  it('serializes the SQLite DataSource of a service module (serviceDatabaseImports)', async () => {
    @Module({ imports: serviceDatabaseImports(database('wired')) })
    class WiredModule {}
    const app = await NestFactory.createApplicationContext(WiredModule, { logger: false });
    try {
      const wired = app.get<DataSource>(getDataSourceToken('wired'));
      expect(await statementDuringRollback(wired, (rows) => rows.insert({ id: 'outside' }))).toEqual({ rolledBack: 'rolled back', ids: ['outside'] });
    } finally {
      await app.close();
    }
  });
});

import { DataSource } from 'typeorm';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl, type TestDatabase } from '@kerma/testing';
import { PersonLock } from './person-lock';

/** Two PersonLocks on two connection pools of one database: two notification replicas. */
describeIntegration(['postgres'])('PersonLock across two replicas on one PostgreSQL database', () => {
  let db: TestDatabase;
  const pools: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_person_lock');
    for (let i = 0; i < 2; i++) pools.push(await new DataSource({ type: 'postgres', url: db.url }).initialize());
  });

  afterAll(async () => {
    for (const p of pools) await p.destroy();
    await db?.drop();
  });

  it('never lets two replicas judge a person at once, whatever keys of the person each locks; a failed task releases its locks', async () => {
    const [one, two] = pools.map((p) => new PersonLock(p));
    const trace: string[] = [];
    const task =
      (name: string, pool: DataSource, fail = false) =>
      async () => {
        trace.push(`enter ${name}`);
        // A few round trips to the database while holding the lock: the other replica has every chance to enter.
        for (let i = 0; i < 3; i++) await pool.query('SELECT pg_sleep(0.02)');
        trace.push(`exit ${name}`);
        if (fail) throw new Error(`${name} failed`);
        return name;
      };
    const runs = await Promise.allSettled([
      one.run(['key-b', 'key-a'], task('one-1', pools[0])),
      two.run(['key-a', 'key-b'], task('two-1', pools[1])),
      one.run(['key-a'], task('one-2', pools[0], true)),
      two.run(['key-b', 'key-c'], task('two-2', pools[1])),
      one.run(['key-c', 'key-b'], task('one-3', pools[0])),
      two.run(['key-a', 'key-b', 'key-c'], task('two-3', pools[1])),
    ]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Every pair of these tasks shares a key: each must leave before the next enters.
    expect(trace).toHaveLength(12);
    for (let i = 0; i < trace.length; i += 2) {
      expect(trace[i]).toMatch(/^enter /);
      expect(trace[i + 1]).toBe(trace[i].replace('enter', 'exit'));
    }
    // Nothing stays locked: both replicas lock every key again at once.
    expect(await Promise.all([one.run(['key-a', 'key-b', 'key-c'], async () => 'free'), two.run(['key-c'], async () => 'free')])).toEqual(['free', 'free']);
    const held = await pools[0].query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(held[0].n).toBe(0);
  });
});

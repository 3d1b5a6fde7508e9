import { Column, DataSource, Entity, PrimaryColumn, type Repository } from 'typeorm';
import { LEASE_MARGIN_MS, LeasedOutboxDispatcher, type AttemptOutcome, type LeasedOutbox, type Settlement } from './leased-outbox-dispatcher';
import { LeasedOutboxRow } from './leased-outbox-row';

@Entity({ name: 'test_outbox' })
class TestRow extends LeasedOutboxRow<'sent' | 'refused'> {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'integer' })
  generation!: number;

  @Column({ name: 'sent_at', type: 'varchar', length: 32, nullable: true })
  sentAt!: string | null;
}

const TIMEOUT_MS = 5_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('LeasedOutboxDispatcher (SQLite)', () => {
  let db: DataSource;
  let rows: Repository<TestRow>;
  let attempted: string[];
  let settled: { id: string; settlement: Settlement }[];
  let failures: string[];
  let answer: (row: TestRow) => Promise<AttemptOutcome>;
  const dispatchers: LeasedOutboxDispatcher<TestRow, AttemptOutcome>[] = [];

  function dispatcher(overrides: Partial<LeasedOutbox<TestRow, AttemptOutcome>> = {}): LeasedOutboxDispatcher<TestRow, AttemptOutcome> {
    const made = new LeasedOutboxDispatcher<TestRow, AttemptOutcome>({
      rows,
      key: 'id',
      version: 'generation',
      batch: 4,
      attemptTimeoutMs: TIMEOUT_MS,
      retry: { maxAttempts: 3, initialBackoffMs: 60_000, maxBackoffMs: 600_000 },
      succeeded: { status: 'sent', at: 'sentAt' },
      failed: 'refused',
      attempt: (row) => {
        attempted.push(row.id);
        return answer(row);
      },
      settled: (row, _outcome, settlement) => settled.push({ id: row.id, settlement }),
      runFailed: (err) => failures.push(err.message),
      ...overrides,
    });
    dispatchers.push(made);
    return made;
  }

  async function queue(id: string, columns: Partial<TestRow> = {}): Promise<void> {
    await rows.insert({
      id,
      generation: 1,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: ago(1000),
      leasedUntil: null,
      lastError: null,
      sentAt: null,
      ...columns,
    });
  }

  async function runOnce(made = dispatcher()): Promise<void> {
    made.kick();
    await made.idle();
  }

  const row = async (id: string) => (await rows.findOneByOrFail({ id })) as TestRow;

  beforeEach(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [TestRow], synchronize: true });
    await db.initialize();
    rows = db.getRepository(TestRow);
    attempted = [];
    settled = [];
    failures = [];
    answer = async () => ({ ok: true });
  });

  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await db.destroy();
  });

  it('on start, attempts every due row, a batch after another, the longest due first; marks each succeeded', async () => {
    for (let i = 0; i < 6; i++) await queue(`r${i}`, { nextAttemptAt: ago(10_000 - i * 1000) });
    await queue('not-due', { nextAttemptAt: later(60_000) });
    await queue('done', { status: 'sent' });
    const made = dispatcher();
    made.start();
    await made.idle();

    expect(attempted.slice(0, 4).sort()).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(attempted.slice(4).sort()).toEqual(['r4', 'r5']);
    const sent = await row('r0');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, leasedUntil: null, lastError: null });
    expect(Date.parse(sent.sentAt as string)).not.toBeNaN();
    expect(await row('not-due')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(settled.map((s) => s.settlement.result)).toEqual(Array(6).fill('succeeded'));
    expect(failures).toEqual([]);
  });

  it('holds a lease of the attempt timeout plus the margin while it attempts', async () => {
    await queue('a');
    let lease: string | null = null;
    answer = async (r) => {
      lease = (await row(r.id)).leasedUntil;
      return { ok: true };
    };
    const before = Date.now();
    await runOnce();
    const after = Date.now();

    const leasedUntil = Date.parse(lease as unknown as string);
    expect(leasedUntil).toBeGreaterThanOrEqual(before + TIMEOUT_MS + LEASE_MARGIN_MS);
    expect(leasedUntil).toBeLessThanOrEqual(after + TIMEOUT_MS + LEASE_MARGIN_MS);
  });

  it('retries a failure after an exponential backoff, and fails the row after the last allowed attempt', async () => {
    await queue('a');
    answer = async () => ({ ok: false, error: 'HTTP 503', retry: true });
    const made = dispatcher();
    for (let attempt = 1; attempt <= 2; attempt++) {
      const before = Date.now();
      await runOnce(made);
      const after = Date.now();
      const waiting = await row('a');
      expect(waiting).toMatchObject({ status: 'pending', attempts: attempt, leasedUntil: null, lastError: 'HTTP 503' });
      const due = Date.parse(waiting.nextAttemptAt);
      expect(due).toBeGreaterThanOrEqual(before + 60_000 * 2 ** (attempt - 1));
      expect(due).toBeLessThanOrEqual(after + 60_000 * 2 ** (attempt - 1));
      await rows.update({ id: 'a' }, { nextAttemptAt: ago(1) }); // as if the backoff had passed
    }
    await runOnce(made);

    expect(await row('a')).toMatchObject({ status: 'refused', attempts: 3, leasedUntil: null, lastError: 'HTTP 503', sentAt: null });
    expect(settled.map((s) => [s.settlement.result, s.settlement.attempts, s.settlement.nextAttemptAt === null])).toEqual([
      ['retry', 1, false],
      ['retry', 2, false],
      ['failed', 3, true],
    ]);
    expect(attempted).toEqual(['a', 'a', 'a']);
  });

  it('fails a row at once when trying again cannot help', async () => {
    await queue('a');
    answer = async () => ({ ok: false, error: 'subscriber deleted', retry: false });
    await runOnce();
    expect(await row('a')).toMatchObject({ status: 'refused', attempts: 1, leasedUntil: null, lastError: 'subscriber deleted' });
  });

  it('retries for ever with maxAttempts Infinity', async () => {
    await queue('a', { attempts: 50 });
    answer = async () => ({ ok: false, error: 'timeout', retry: true });
    await runOnce(dispatcher({ retry: { maxAttempts: Infinity, initialBackoffMs: 1000, maxBackoffMs: 5000 } }));
    expect(await row('a')).toMatchObject({ status: 'pending', attempts: 51, lastError: 'timeout' });
  });

  it('takes over a row whose lease expired (its process stopped mid-attempt), never one under a live lease', async () => {
    await queue('crashed', { attempts: 2, leasedUntil: ago(1) });
    await queue('busy', { attempts: 2, leasedUntil: later(60_000) });
    await runOnce();
    expect(attempted).toEqual(['crashed']);
    expect(await row('crashed')).toMatchObject({ status: 'sent', attempts: 3, leasedUntil: null });
    expect(await row('busy')).toMatchObject({ status: 'pending', attempts: 2 });
  });

  it('two dispatchers on one table attempt each row once', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    for (const id of ids) await queue(id);
    answer = async () => {
      await new Promise((r) => setImmediate(r));
      return { ok: true };
    };
    const [a, b] = [dispatcher(), dispatcher()];
    a.kick();
    b.kick();
    await Promise.all([a.idle(), b.idle()]);
    expect([...attempted].sort()).toEqual(ids);
    expect(await rows.countBy({ status: 'sent' })).toBe(30);
  });

  it('leaves a row queued anew during its attempt pending, with no lease, and attempts it again on the next run', async () => {
    await queue('a');
    answer = async (r) => {
      if (attempted.length === 1) await rows.update({ id: r.id }, { generation: r.generation + 1, attempts: 0, nextAttemptAt: ago(0) });
      return { ok: true };
    };
    const made = dispatcher();
    await runOnce(made);
    expect(await row('a')).toMatchObject({ status: 'pending', generation: 2, attempts: 0, leasedUntil: null, sentAt: null });

    await runOnce(made);
    expect(await row('a')).toMatchObject({ status: 'sent', generation: 2, attempts: 1, leasedUntil: null });
    expect(attempted).toEqual(['a', 'a']);
  });

  it('reports a run that threw; the row stays leased until its lease expires', async () => {
    await queue('a');
    answer = async () => {
      throw new Error('boom');
    };
    const made = dispatcher();
    await runOnce(made);
    await runOnce(made);
    expect(failures).toEqual(['boom']);
    expect(attempted).toEqual(['a']);
    const leased = await row('a');
    expect(leased).toMatchObject({ status: 'pending', attempts: 0 });
    expect(Date.parse(leased.leasedUntil as string)).toBeGreaterThan(Date.now());
  });

  it('counts the rows per status', async () => {
    await queue('a');
    await queue('b', { status: 'sent' });
    await queue('c', { status: 'sent' });
    const counts = await dispatcher().countByStatus();
    expect([...counts].sort((x, y) => x.status.localeCompare(y.status))).toEqual([
      { status: 'pending', count: 1 },
      { status: 'sent', count: 2 },
    ]);
  });
});

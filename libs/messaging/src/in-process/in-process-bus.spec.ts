import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RdsrReceivedV1, type EventContract } from '@kerma/contracts';
import type { IncomingMessage } from '../delivery';
import { InProcessBus } from './in-process-bus';

describe('InProcessBus', () => {
  let dir: string;
  let path: string;
  const open: InProcessBus[] = [];
  const bus = () => {
    const b = new InProcessBus({ path });
    open.push(b);
    return b;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kerma-bus-'));
    path = join(dir, 'bus.sqlite');
  });
  afterEach(async () => {
    for (const b of open.splice(0)) await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers messages of one key in publication order, even when handlers take different times', async () => {
    const b = bus();
    const handled: string[] = [];
    // 'first' finishes only after 'other' (another key) was handled: if keys shared one lane this would never end.
    let otherHandled!: () => void;
    const otherDone = new Promise<void>((resolve) => (otherHandled = resolve));
    b.subscribe(
      't',
      async (m) => {
        if (m.value === 'first') await otherDone;
        handled.push(m.value);
        if (m.value === 'other') otherHandled();
      },
      'g',
    );
    await b.publish('t', 'patient-1', 'first');
    await b.publish('t', 'patient-1', 'second');
    await b.publish('t', 'patient-2', 'other');
    await b.drain();
    expect(handled).toEqual(['other', 'first', 'second']);
  });

  it('gives every consumer group its own copy and position, and numbers offsets per topic', async () => {
    const b = bus();
    const a: string[] = [];
    const c: string[] = [];
    b.subscribe('t', async (m) => void a.push(m.offset!), 'group-a');
    b.subscribe(
      't',
      async (m) => {
        if (m.offset === '1') throw new Error('group-c is stuck on offset 1');
        c.push(m.offset!);
      },
      'group-c',
    );
    await b.publish('t', null, 'x');
    await b.publish('t', null, 'y');
    await new Promise((r) => setTimeout(r, 50));
    expect(a).toEqual(['0', '1']);
    expect(c).toEqual(['0']);
    expect(b.pendingCount('group-a')).toBe(0);
    expect(b.pendingCount('group-c')).toBe(1);
  });

  it('persists each message before publish resolves and redelivers, after a restart, exactly what a group had not finished', async () => {
    const first = bus();
    const seenBeforeCrash: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    first.subscribe(
      't',
      async (m) => {
        if (m.value === 'b') await blocked; // still in the handler when the process dies
        seenBeforeCrash.push(m.value);
      },
      'g',
    );
    for (const value of ['a', 'b', 'c']) await first.publish('t', 'k', value);
    await new Promise((r) => setTimeout(r, 20));
    expect(seenBeforeCrash).toEqual(['a']);

    // A second process opening the same file while the first is wedged sees what a crash would leave.
    const restarted = bus();
    const seenAfterRestart: IncomingMessage[] = [];
    restarted.subscribe('t', async (m) => void seenAfterRestart.push(m), 'g');
    await restarted.drain();
    expect(seenAfterRestart.map((m) => [m.value, m.offset, m.key])).toEqual([
      ['b', '1', 'k'],
      ['c', '2', 'k'],
    ]);
    expect(restarted.pendingCount()).toBe(0);
    release();
  });

  it("hands the publishing contract to this process's subscribers only, never to what is read back after a restart", async () => {
    const contract = RdsrReceivedV1 as EventContract<unknown>;
    const first = bus();
    const live: IncomingMessage[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    first.subscribe(
      't',
      async (m) => {
        if (m.value === 'c') await blocked; // still in the handler when the process dies
        live.push(m);
      },
      'g',
    );
    await first.publish('t', 'k', 'a', undefined, contract);
    await first.publish('t', 'k', 'b');
    await first.publish('t', 'k', 'c', undefined, contract);
    await new Promise((r) => setTimeout(r, 20));
    expect(live.map((m) => [m.value, m.validatedBy])).toEqual([
      ['a', contract],
      ['b', undefined],
    ]);

    const restarted = bus();
    const replayed: IncomingMessage[] = [];
    restarted.subscribe('t', async (m) => void replayed.push(m), 'g');
    await restarted.drain();
    expect(replayed.map((m) => m.value)).toEqual(['c']);
    release();
    expect(replayed.every((m) => m.validatedBy === undefined)).toBe(true);
  });

  it('appends the messages published in one turn of the event loop together (one commit), in publication order, before any publish resolves', async () => {
    const b = bus();
    const seen: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    b.subscribe(
      't',
      async (m) => {
        await blocked;
        seen.push(m.value);
      },
      'g',
    );
    const reader = new Database(path, { readonly: true });
    const committed = () =>
      reader
        .prepare<[], { value: string }>("SELECT value FROM bus_message WHERE topic = 't' ORDER BY seq")
        .all()
        .map((r) => r.value);
    const values = Array.from({ length: 20 }, (_, i) => `m${i}`);
    const visibleWhenFirstResolved = b.publish('t', 'k', values[0]).then(committed);
    expect(committed()).toEqual([]); // nothing written before the turn ends
    await Promise.all(values.slice(1).map((v) => b.publish('t', 'k', v)));
    expect(await visibleWhenFirstResolved).toEqual(values);
    release();
    await b.drain();
    expect(seen).toEqual(values);
    reader.close();
  });

  it('starts a consumer group seen for the first time at the oldest message still kept', async () => {
    const b = bus();
    await b.publish('t', 'k', 'before-anyone');
    const seen: string[] = [];
    b.subscribe('t', async (m) => void seen.push(m.value), 'late');
    await b.publish('t', 'k', 'after');
    await b.drain();
    expect(seen).toEqual(['before-anyone', 'after']);
  });

  it('keeps a message whose subscriber throws first in its lane and gives it again, so later messages of the key wait', async () => {
    const b = bus();
    const handled: string[] = [];
    let failuresLeft = 2;
    b.subscribe(
      't',
      async (m) => {
        if (m.value === 'flaky' && failuresLeft-- > 0) throw new Error('could not conclude');
        handled.push(m.value);
      },
      'g',
    );
    await b.publish('t', 'k', 'flaky');
    await b.publish('t', 'k', 'next');
    await b.drain();
    expect(handled).toEqual(['flaky', 'next']);
    expect(b.pendingCount()).toBe(0);
  });

  it('drains messages published while handling, and lets observers without a group watch', async () => {
    const b = bus();
    const seen: string[] = [];
    b.subscribe('in', async (m) => b.publish('out', m.key, m.value.toUpperCase()), 'upper');
    b.subscribe('out', async (m) => void seen.push(m.value));
    await b.publish('in', 'k', 'ok');
    await b.drain();
    expect(seen).toEqual(['OK']);
  });

  it('deletes messages every group has finished, and keeps dead letters', async () => {
    const b = bus();
    b.subscribe('t', async () => undefined, 'a');
    b.subscribe('t', async () => undefined, 'b');
    b.subscribe('t.dlq', async () => undefined, 'a');
    for (let i = 0; i < 5; i++) await b.publish('t', `k${i}`, 'v');
    await b.publish('t.dlq', 'k', '{"letter":1}');
    await b.drain();
    await b.close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT topic, count(*) AS n FROM bus_message GROUP BY topic').all();
    const offsets = db.prepare("SELECT next_offset FROM bus_topic WHERE topic = 't'").get();
    db.close();
    expect(rows).toEqual([{ topic: 't.dlq', n: 1 }]);
    expect(offsets).toEqual({ next_offset: 5 });
  });

  it('refuses to publish once closed, and leaves unfinished messages pending for the next start', async () => {
    const first = bus();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    first.subscribe(
      't',
      async (m) => {
        if (m.value === 'held') await held;
      },
      'g',
    );
    await first.publish('t', 'k', 'held');
    await first.publish('t', 'k', 'queued');
    const closed = first.close();
    await expect(first.publish('t', 'k', 'late')).rejects.toThrow('closed');
    release();
    await closed;

    const second = bus();
    const seen: string[] = [];
    second.subscribe('t', async (m) => void seen.push(m.value), 'g');
    await second.drain();
    expect(seen).toEqual(['queued']);
  });

  it('refuses a second subscription of one group to one topic', () => {
    const b = bus();
    b.subscribe('t', async () => undefined, 'g');
    expect(() => b.subscribe('t', async () => undefined, 'g')).toThrow('already subscribes');
  });
});

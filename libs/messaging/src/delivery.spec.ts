import { RdsrReceivedV1, type DeadLetter, type EventContract, type RdsrReceivedV1 as RdsrReceived } from '@kerma/contracts';
import { rdsrReceivedV1Message } from '@kerma/testing/messages';
import { createServer } from 'node:net';
import { deliver, DeliveryInterrupted, type DeliveryDeps, type IncomingMessage } from './delivery';
import { PermanentFailure } from './failures';
import { backoffMs, transientBackoffMs } from './retry-policy';
import type { MessagingMetrics } from './messaging-metrics';

const payload = rdsrReceivedV1Message({ site: 'site-a', sopInstanceUid: '1.2.3.4' });

function message(value: string): IncomingMessage {
  return { topic: RdsrReceivedV1.topic, partition: 3, offset: '17', key: 'k', value };
}

function harness(maxAttempts = 3) {
  const letters: { topic: string; letter: DeadLetter }[] = [];
  const sleeps: number[] = [];
  const warnings: Record<string, unknown>[] = [];
  const deps: DeliveryDeps = {
    consumerGroup: 'kerma-test',
    policy: { maxAttempts, initialBackoffMs: 100, maxBackoffMs: 1000, transientMaxBackoffMs: 3000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    deadLetter: async (topic, letter) => {
      letters.push({ topic, letter });
    },
    log: (level, msg, fields) => {
      if (level === 'warn') warnings.push({ msg, ...fields });
    },
  };
  return { deps, letters, sleeps, warnings };
}

/** A real "connection refused": what a handler sees while ingest or a database is down. */
async function refusedConnection(): Promise<Error> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => {
      throw new Error(`port ${port} unexpectedly answered`);
    },
    (err: Error) => err,
  );
}

describe('deliver', () => {
  it('hands a valid message to the handler once and reports it handled', async () => {
    const { deps, letters } = harness();
    const seen: RdsrReceived[] = [];
    const outcome = await deliver(message(JSON.stringify(payload)), RdsrReceivedV1, async (p) => void seen.push(p), deps);
    expect(outcome).toBe('handled');
    expect(seen).toEqual([payload]);
    expect(letters).toEqual([]);
  });

  it('never calls the handler for a message that breaks the contract, and dead-letters it with the original bytes', async () => {
    const { deps, letters } = harness();
    const handler = jest.fn();
    const original = JSON.stringify({ ...payload, sizeBytes: 'many' });
    expect(await deliver(message(original), RdsrReceivedV1, handler, deps)).toBe('dead-lettered');
    expect(handler).not.toHaveBeenCalled();
    expect(letters).toHaveLength(1);
    expect(letters[0].topic).toBe('kerma.rdsr.received.v1.dlq');
    expect(letters[0].letter).toMatchObject({
      original,
      originalTopic: RdsrReceivedV1.topic,
      partition: 3,
      offset: '17',
      key: 'k',
      attempts: 1,
      consumerGroup: 'kerma-test',
    });
    expect(letters[0].letter.error.kind).toBe('contract-violation');
    expect(letters[0].letter.error.message).toContain('sizeBytes');
  });

  it('trusts a value only when this process validated it with the very contract it is consumed by', async () => {
    const { deps, letters } = harness();
    // A value the contract would refuse, so that whether it was parsed again shows in the outcome.
    const unchecked = JSON.stringify({ ...payload, sizeBytes: 'many' });
    const seen: unknown[] = [];
    const trusted = { ...message(unchecked), validatedBy: RdsrReceivedV1 as EventContract<unknown> };
    expect(await deliver(trusted, RdsrReceivedV1, async (p) => void seen.push(p), deps)).toBe('handled');
    expect(seen).toEqual([JSON.parse(unchecked)]);

    const otherContract = { ...RdsrReceivedV1 } as EventContract<unknown>;
    expect(await deliver({ ...message(unchecked), validatedBy: otherContract }, RdsrReceivedV1, async (p) => void seen.push(p), deps)).toBe('dead-lettered');
    expect(seen).toHaveLength(1);
    expect(letters.map((l) => l.letter.error.kind)).toEqual(['contract-violation']);
  });

  it('dead-letters text that is not JSON', async () => {
    const { deps, letters } = harness();
    expect(await deliver(message('<xml/>'), RdsrReceivedV1, jest.fn(), deps)).toBe('dead-lettered');
    expect(letters[0].letter.error.message).toMatch(/not JSON/);
  });

  it('retries a failure of unknown cause with growing backoff and succeeds', async () => {
    const { deps, letters, sleeps } = harness(4);
    let calls = 0;
    const outcome = await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        if (++calls < 3) throw new Error('database restarting');
      },
      deps,
    );
    expect(outcome).toBe('handled');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
    expect(letters).toEqual([]);
  });

  it('dead-letters after the last attempt, keeping the last error', async () => {
    const { deps, letters } = harness(3);
    let calls = 0;
    const outcome = await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      },
      deps,
    );
    expect(outcome).toBe('dead-lettered');
    expect(calls).toBe(3);
    expect(letters[0].letter.attempts).toBe(3);
    expect(letters[0].letter.error).toMatchObject({ kind: 'retries-exhausted', message: 'failure 3' });
  });

  it('does not retry a permanent failure, and keeps its code', async () => {
    const { deps, letters, sleeps } = harness(5);
    const handler = jest.fn(async () => {
      throw new PermanentFailure('unit "furlong" of DAP is unknown', 'unknown-unit');
    });
    expect(await deliver(message(JSON.stringify(payload)), RdsrReceivedV1, handler, deps)).toBe('dead-lettered');
    expect(handler).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([]);
    expect(letters[0].letter.error).toMatchObject({ kind: 'permanent', code: 'unknown-unit' });
  });

  it('propagates a failure to write the dead letter, so the transport does not commit the message', async () => {
    const { deps } = harness(1);
    const failingDeps: DeliveryDeps = {
      ...deps,
      deadLetter: async () => {
        throw new Error('broker unreachable');
      },
    };
    await expect(deliver(message('nope'), RdsrReceivedV1, jest.fn(), failingDeps)).rejects.toThrow('broker unreachable');
  });
});

describe('deliver, while a dependency is unavailable', () => {
  let refused: Error;
  beforeAll(async () => {
    refused = await refusedConnection();
  });

  it('waits with capped backoff as long as it takes, never dead-letters, and names the dependency once per step', async () => {
    const { deps, letters, sleeps, warnings } = harness(3);
    let calls = 0;
    const outcome = await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        if (++calls <= 8) throw refused;
      },
      deps,
    );
    expect(outcome).toBe('handled');
    expect(calls).toBe(9);
    expect(letters).toEqual([]);
    // 100, 200, 400, 800, 1600, then the 3 s ceiling: each wait slept in slices of at most 1 s.
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(100 + 200 + 400 + 800 + 1600 + 3000 * 3);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(1000);
    expect(warnings).toHaveLength(8);
    expect(warnings.map((w) => w['waitMs'])).toEqual([100, 200, 400, 800, 1600, 3000, 3000, 3000]);
    expect(String(warnings[0]['dependency'])).toMatch(/^127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('heartbeats between slices of a wait, and leaves the message unconcluded when the heartbeat reports a rebalance', async () => {
    const { deps, letters } = harness(3);
    let beats = 0;
    const rebalance = Object.assign(new Error('The group is rebalancing, so a rejoin is needed'), { type: 'REBALANCE_IN_PROGRESS' });
    const heartbeat = async () => {
      if (++beats === 4) throw rebalance;
    };
    await expect(
      deliver(
        message(JSON.stringify(payload)),
        RdsrReceivedV1,
        async () => {
          throw refused;
        },
        { ...deps, heartbeat },
      ),
    ).rejects.toBe(rebalance);
    expect(beats).toBe(4);
    expect(letters).toEqual([]);
  });

  it('gives up waiting, without a dead letter, once the consumer stops', async () => {
    const { deps, letters } = harness(3);
    let calls = 0;
    await expect(
      deliver(
        message(JSON.stringify(payload)),
        RdsrReceivedV1,
        async () => {
          calls++;
          throw refused;
        },
        { ...deps, stopped: () => calls >= 2 },
      ),
    ).rejects.toBeInstanceOf(DeliveryInterrupted);
    expect(letters).toEqual([]);
  });

  it('counts only unknown failures towards the dead letter, however many transient ones come between', async () => {
    const { deps, letters } = harness(2);
    let calls = 0;
    const outcome = await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        calls++;
        if (calls === 1) throw new Error('a bug, once');
        if (calls <= 6) throw refused;
      },
      deps,
    );
    expect(outcome).toBe('handled');
    expect(letters).toEqual([]);
  });
});

describe('deliver, while the dead-letter topic is unavailable', () => {
  it('waits for the broker to write the letter rather than giving the message back', async () => {
    const { deps, letters, sleeps } = harness(1);
    let refusals = 3;
    const refused = await refusedConnection();
    const outcome = await deliver(message('not json'), RdsrReceivedV1, jest.fn(), {
      ...deps,
      deadLetter: async (topic, letter) => {
        if (refusals-- > 0) throw refused;
        letters.push({ topic, letter });
      },
    });
    expect(outcome).toBe('dead-lettered');
    expect(letters).toHaveLength(1);
    expect(sleeps).toEqual([100, 200, 400]);
  });
});

describe('transientBackoffMs', () => {
  it('doubles from the initial backoff up to the ceiling, 30 s by default', () => {
    const policy = { maxAttempts: 4, initialBackoffMs: 250, maxBackoffMs: 4000 };
    expect([1, 2, 5, 7, 8, 100].map((s) => transientBackoffMs(policy, s))).toEqual([250, 500, 4000, 16000, 30000, 30000]);
  });
});

describe('backoffMs', () => {
  it('doubles up to the cap', () => {
    const policy = { maxAttempts: 10, initialBackoffMs: 250, maxBackoffMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(policy, a))).toEqual([250, 500, 1000, 1000, 1000]);
  });
});

describe('deliver reports to its metrics what happened to each message', () => {
  function recorder() {
    const events: string[] = [];
    const metrics: MessagingMetrics = {
      handlerFinished: (topic, group, result, seconds) => {
        expect(seconds).toBeGreaterThanOrEqual(0);
        events.push(`handler ${group} ${result}`);
      },
      delivered: (topic, group, outcome) => void events.push(`delivered ${group} ${outcome}`),
      retried: (topic, group) => void events.push(`retried ${group}`),
      waitedOnTransient: (topic, group) => void events.push(`waited ${group}`),
      deadLettered: (topic, group, kind) => void events.push(`dead-lettered ${group} ${kind}`),
      produced: (topic) => void events.push(`produced ${topic}`),
    };
    return { events, metrics };
  }

  it('a transient wait, then success: one wait, two handler calls, handled', async () => {
    const { deps } = harness();
    const { events, metrics } = recorder();
    const refused = await refusedConnection();
    let calls = 0;
    const outcome = await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        if (++calls === 1) throw refused;
      },
      { ...deps, metrics },
    );
    expect(outcome).toBe('handled');
    expect(events).toEqual(['handler kerma-test failed', 'waited kerma-test', 'handler kerma-test ok', 'delivered kerma-test handled']);
  });

  it('unknown failures until the attempts run out: retried, then dead-lettered with its kind', async () => {
    const { deps } = harness(2);
    const { events, metrics } = recorder();
    await deliver(
      message(JSON.stringify(payload)),
      RdsrReceivedV1,
      async () => {
        throw new Error('bug');
      },
      { ...deps, metrics },
    );
    expect(events).toEqual([
      'handler kerma-test failed',
      'retried kerma-test',
      'handler kerma-test failed',
      'dead-lettered kerma-test retries-exhausted',
      'delivered kerma-test dead-lettered',
    ]);
  });

  it('a message that breaks its contract is dead-lettered without calling the handler', async () => {
    const { deps } = harness();
    const { events, metrics } = recorder();
    await deliver(message('{"no":"contract"}'), RdsrReceivedV1, async () => undefined, { ...deps, metrics });
    expect(events).toEqual(['dead-lettered kerma-test contract-violation', 'delivered kerma-test dead-lettered']);
  });
});

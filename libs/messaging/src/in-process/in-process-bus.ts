import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventContract } from '@kerma/contracts';
import type { IncomingMessage } from '../delivery';
import { openBusLog, type BusAppend, type BusLog, type StoredMessage } from './bus-log';

export type Subscriber = (message: IncomingMessage) => Promise<void>;

export interface InProcessBusOptions {
  /** The SQLite file of the topic logs and consumer positions; `:memory:` (the default) keeps nothing across restarts. */
  readonly path?: string;
  readonly log?: (level: 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
}

interface Subscription {
  readonly topic: string;
  /** A consumer group's position is persisted; an observer without a group sees only what is published while it listens. */
  readonly group: string | null;
  readonly laneScope: string;
  readonly subscriber: Subscriber;
}

interface PendingAppend extends BusAppend {
  readonly validatedBy?: EventContract<unknown>;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface Lane {
  readonly queue: StoredMessage[];
  running: boolean;
}

/** How long a lane waits before giving a message whose subscriber threw to it again. */
const SUBSCRIBER_RETRY_MS = { initial: 200, max: 5_000 } as const;

/**
 * The single-process stand-in for the broker, durable like it: every published message is appended
 * to its topic log in SQLite before `publish` resolves, each consumer group has a message marked done
 * only after its subscriber resolved (the handler succeeded or the message was dead-lettered), and on
 * start every message a group had not finished is delivered again (at least once, as with Kafka).
 * Messages with one key are handled one after another per group, as on one partition; values are
 * JSON text as on the wire. A value validated when this process published it is not validated again
 * by its consumers (same schema object, same process); one read back from the file after a restart is.
 */
export class InProcessBus {
  private readonly store: BusLog;
  private readonly subscriptions = new Map<string, Subscription[]>();
  private readonly lanes = new Map<string, Lane>();
  private readonly active = new Set<Promise<void>>();
  private observerCount = 0;
  private closing = false;
  /** Messages published during this turn of the event loop, appended together at its end (group commit). */
  private batch: PendingAppend[] = [];
  private flushScheduled: NodeJS.Immediate | null = null;

  constructor(private readonly options: InProcessBusOptions = {}) {
    const path = options.path ?? ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.store = openBusLog(new Database(path));
  }

  /**
   * Subscribes a consumer group to a topic (or, without a group, a transient observer). A group seen
   * for the first time starts from the oldest message still kept, like Kafka's `fromBeginning`; a
   * known group gets again every message it had not finished.
   */
  subscribe(topic: string, subscriber: Subscriber, group?: string): void {
    const existing = this.subscriptions.get(topic) ?? [];
    if (group !== undefined && existing.some((s) => s.group === group)) throw new Error(`consumer group ${group} already subscribes to ${topic}`);
    const subscription: Subscription = { topic, group: group ?? null, laneScope: group ?? `observer-${++this.observerCount}`, subscriber };
    this.subscriptions.set(topic, [...existing, subscription]);
    if (group === undefined) return;
    for (const message of this.store.join(topic, group)) this.enqueue(subscription, message);
  }

  /**
   * Resolves once the message is durably appended to its topic log (the broker's ack); handling happens afterwards.
   * Messages published in the same turn of the event loop are appended in one transaction, in publication order
   * (group commit): one fsync for all of them instead of one each, which blocked the loop ~2 ms per message.
   * `validatedBy`: the contract whose parse produced `value`; handed to this process's subscribers so their
   * delivery need not validate it again (a message read back from the file after a restart is validated).
   */
  publish(topic: string, key: string | null, value: string, headers?: Readonly<Record<string, string>>, validatedBy?: EventContract<unknown>): Promise<void> {
    if (this.closing) return Promise.reject(new Error(`the in-process bus is closed; ${topic} not published`));
    return new Promise<void>((resolve, reject) => {
      this.batch.push({ topic, key, value, headers, validatedBy, resolve, reject });
      this.flushScheduled ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.flushScheduled !== null) clearImmediate(this.flushScheduled);
    this.flushScheduled = null;
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    let stored: StoredMessage[];
    try {
      stored = this.store.appendAll(batch);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    batch.forEach((p, i) => {
      const message = p.validatedBy ? { ...stored[i], incoming: { ...stored[i].incoming, validatedBy: p.validatedBy } } : stored[i];
      for (const subscription of this.subscriptions.get(p.topic) ?? []) this.enqueue(subscription, message);
      p.resolve();
    });
  }

  /** Waits until every published message, and every message published while handling them, is handled. */
  async drain(): Promise<void> {
    this.flush();
    while (this.active.size > 0) {
      await Promise.all([...this.active]);
      this.flush();
    }
  }

  /** True once `close` was called: a subscriber waiting for a dependency should give up its message (it stays pending). */
  get stopping(): boolean {
    return this.closing;
  }

  /** Messages a consumer group has not finished yet (all groups when none is named). */
  pendingCount(group?: string): number {
    return this.store.pendingCount(group);
  }

  /** Unfinished messages of every consumer group, for the pending-message gauge. */
  pendingByGroup(): { group: string; pending: number }[] {
    return this.store.pendingByGroup();
  }

  /** Readiness: throws once closed or when the bus file cannot be read. */
  checkReady(): void {
    if (this.closing) throw new Error('the in-process bus is closed');
    this.store.ping();
  }

  /**
   * Stops handing out messages, lets each subscriber finish the one it holds, then closes the file.
   * Whatever was not finished stays pending and is delivered on the next start.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.drain();
    this.store.close();
  }

  private enqueue(subscription: Subscription, message: StoredMessage): void {
    if (this.closing) return;
    const laneId = `${subscription.topic}\u0000${subscription.laneScope}\u0000${message.key ?? ''}`;
    let lane = this.lanes.get(laneId);
    if (!lane) {
      lane = { queue: [], running: false };
      this.lanes.set(laneId, lane);
    }
    lane.queue.push(message);
    if (!lane.running) this.run(laneId, lane, subscription);
  }

  private run(laneId: string, lane: Lane, subscription: Subscription): void {
    lane.running = true;
    const worker = (async () => {
      let failures = 0;
      while (lane.queue.length > 0 && !this.closing) {
        const message = lane.queue[0];
        try {
          await subscription.subscriber(message.incoming);
        } catch (err) {
          if (this.closing) break; // interrupted by close(): the message stays pending for the next start
          // The delivery policy only throws when it could not conclude (e.g. the dead letter could not be
          // written): the message stays first in its lane, as an uncommitted offset stays on its partition.
          failures++;
          this.options.log?.('error', 'subscriber failed, message kept and retried', {
            topic: subscription.topic,
            group: subscription.group,
            offset: message.incoming.offset,
            attempt: failures,
            error: (err as Error)?.message ?? String(err),
          });
          await sleep(Math.min(SUBSCRIBER_RETRY_MS.max, SUBSCRIBER_RETRY_MS.initial * 2 ** (failures - 1)));
          continue;
        }
        failures = 0;
        lane.queue.shift();
        if (subscription.group !== null) this.store.markDone(subscription.group, message.seq);
      }
      lane.running = false;
      if (lane.queue.length === 0 && this.lanes.get(laneId) === lane) this.lanes.delete(laneId);
    })();
    this.active.add(worker);
    void worker.finally(() => this.active.delete(worker));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { IncomingMessage } from '../delivery';

type Subscriber = (message: IncomingMessage) => Promise<void>;

/**
 * The single-process stand-in for the broker: topics, keys and per-key ordering as in Kafka
 * (messages with one key are handled one after another), values as JSON text so that every
 * message crosses the same validation as on the wire.
 */
export class InProcessBus {
  private readonly subscribers = new Map<string, Subscriber[]>();
  private readonly tails = new Map<string, Promise<void>>();
  private readonly offsets = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  subscribe(topic: string, subscriber: Subscriber): void {
    this.subscribers.set(topic, [...(this.subscribers.get(topic) ?? []), subscriber]);
  }

  /** Resolves once the message is accepted, like a broker ack; handling happens afterwards. */
  async publish(topic: string, key: string | null, value: string): Promise<void> {
    const offset = this.offsets.get(topic) ?? 0;
    this.offsets.set(topic, offset + 1);
    const message: IncomingMessage = { topic, partition: 0, offset: String(offset), key, value };
    for (const subscriber of this.subscribers.get(topic) ?? []) {
      const lane = `${topic}\u0000${key ?? ''}\u0000${this.subscribers.get(topic)!.indexOf(subscriber)}`;
      const previous = this.tails.get(lane) ?? Promise.resolve();
      const next = previous.then(() => subscriber(message));
      const settled = next.catch(() => undefined);
      this.tails.set(lane, settled);
      this.pending.add(settled);
      void settled.finally(() => {
        this.pending.delete(settled);
        if (this.tails.get(lane) === settled) this.tails.delete(lane);
      });
    }
  }

  /** Waits until every published message, and every message published while handling them, is handled. */
  async drain(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }
}

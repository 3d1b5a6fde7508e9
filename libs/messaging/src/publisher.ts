import type { EventContract } from '@kerma/contracts';
import { withinTrace, type TraceHeaders } from './tracing';

/** An event to publish, with the trace it continues (the ingest outbox stores it with the work). */
export interface OutgoingEvent<T> {
  readonly payload: T;
  readonly trace?: TraceHeaders | null;
}

/**
 * The only way services emit events. Implementations validate the payload against its contract
 * before it leaves the process and key it with the contract's key function.
 */
export abstract class EventPublisher {
  abstract publish<T>(contract: EventContract<T>, payload: T): Promise<void>;

  /**
   * Publishes several events of one contract, each continuing its own trace; resolves once all are
   * acknowledged. A failure may leave some published: the caller publishes them again (at least once).
   * Implementations that can send them in one request (Kafka) override this.
   */
  async publishAll<T>(contract: EventContract<T>, events: readonly OutgoingEvent<T>[]): Promise<void> {
    for (const event of events) await withinTrace(event.trace, () => this.publish(contract, event.payload));
  }
}

export function encode<T>(contract: EventContract<T>, payload: T): { key: string; value: string } {
  const valid = contract.parse(payload);
  return { key: contract.key(valid), value: JSON.stringify(valid) };
}

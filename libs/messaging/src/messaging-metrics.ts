import type { DeadLetter } from '@kerma/contracts';
import type { DeliveryOutcome } from './delivery';

/**
 * What the delivery policy and the publishers report, whatever the transport. Labels are topics,
 * consumer groups, outcomes and failure kinds only: never keys or payloads (they carry patient ids).
 * Implemented with Prometheus in libs/platform; absent in tests that do not look at metrics.
 */
export interface MessagingMetrics {
  /** One call of a handler, whether it succeeded or threw. */
  handlerFinished(topic: string, group: string, result: 'ok' | 'failed', seconds: number): void;
  /** A message concluded: handled, or dead-lettered. */
  delivered(topic: string, group: string, outcome: DeliveryOutcome): void;
  /** An unknown failure, retried after a backoff. */
  retried(topic: string, group: string): void;
  /** A dependency was unavailable: the message waits for it. (Its description names addresses and SQL states: too varied for a label.) */
  waitedOnTransient(topic: string, group: string): void;
  deadLettered(topic: string, group: string, kind: DeadLetter['error']['kind']): void;
  /** An event accepted by the transport (the broker acknowledged it, or the embedded bus stored it). */
  produced(topic: string): void;
}

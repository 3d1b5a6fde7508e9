import { ContractViolationError, type DeadLetter, type EventContract } from '@kerma/contracts';
import { classifyFailure, PermanentFailure } from './failures';
import type { MessagingMetrics } from './messaging-metrics';
import { backoffMs, transientBackoffMs, type RetryPolicy } from './retry-policy';

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: string | null;
  readonly key: string | null;
  readonly value: string;
  /** Message headers (W3C trace context); absent when the transport or producer set none. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The contract that already validated this value in this process (the single process's bus, for a message
   * published since it started): its own output, so parsing it again could only give the same payload.
   * Never set for what comes from a broker or from the bus file after a restart (another code version).
   */
  readonly validatedBy?: EventContract<unknown>;
}

export interface DeliveryDeps {
  readonly consumerGroup: string;
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly deadLetter: (topic: string, letter: DeadLetter) => Promise<void>;
  readonly log: (level: 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
  /** Called between slices of every wait, so a broker keeps the consumer in its group; a throw (a rebalance) ends the delivery unconcluded. */
  readonly heartbeat?: () => Promise<void>;
  /** True once the consumer is shutting down: a wait ends with `DeliveryInterrupted`, the message unconcluded. */
  readonly stopped?: () => boolean;
  readonly metrics?: MessagingMetrics;
}

export type DeliveryOutcome = 'handled' | 'dead-lettered';

/** The delivery gave up waiting because its consumer is stopping: the message is neither handled nor dead-lettered and must not be acknowledged. */
export class DeliveryInterrupted extends Error {
  constructor(topic: string, offset: string | null) {
    super(`delivery of ${topic}@${offset ?? '?'} interrupted: the consumer is stopping`);
    this.name = 'DeliveryInterrupted';
  }
}

/** Longest single sleep of a wait: heartbeats and shutdown are looked at this often. */
const WAIT_SLICE_MS = 1000;

/**
 * The one consumption policy of every transport: validate against the contract, call the handler,
 * and decide by `classifyFailure` what a failure means. Permanent: dead-letter at once. Transient (a
 * dependency is down): wait with capped exponential backoff as long as it takes, the partition
 * blocked, never dead-letter. Unknown (most likely a bug): a few retries, then dead-letter, so a
 * poison message cannot block its partition for good. It throws only when it could not conclude
 * (the dead-letter write failed for a reason other than an unavailable broker, the consumer is
 * stopping or lost its partition), so the transport
 * does not acknowledge and the message is delivered again rather than lost.
 */
export async function deliver<T>(
  message: IncomingMessage,
  contract: EventContract<T>,
  handler: (payload: T) => Promise<void>,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  let payload: T;
  try {
    const value: unknown = JSON.parse(message.value);
    payload = message.validatedBy === contract ? (value as T) : contract.parse(value);
  } catch (err) {
    const violation = err instanceof ContractViolationError ? err : new ContractViolationError(message.topic, [`not JSON: ${(err as Error).message}`]);
    await sendToDeadLetter(message, contract, deps, 1, 'contract-violation', violation);
    return concluded(message, deps, 'dead-lettered');
  }

  let unknownFailures = 0;
  let transientSteps = 0;
  for (let attempt = 1; ; attempt++) {
    const started = process.hrtime.bigint();
    try {
      await handler(payload);
      deps.metrics?.handlerFinished(message.topic, deps.consumerGroup, 'ok', secondsSince(started));
      return concluded(message, deps, 'handled');
    } catch (err) {
      deps.metrics?.handlerFinished(message.topic, deps.consumerGroup, 'failed', secondsSince(started));
      const error = asError(err);
      const failure = classifyFailure(err);
      if (failure.kind === 'permanent') {
        await sendToDeadLetter(message, contract, deps, attempt, error instanceof ContractViolationError ? 'contract-violation' : 'permanent', error);
        return concluded(message, deps, 'dead-lettered');
      }
      if (failure.kind === 'transient') {
        transientSteps++;
        const waitMs = transientBackoffMs(deps.policy, transientSteps);
        deps.metrics?.waitedOnTransient(message.topic, deps.consumerGroup);
        deps.log('warn', 'dependency unavailable, waiting before the next attempt', {
          dependency: failure.dependency,
          topic: message.topic,
          partition: message.partition,
          offset: message.offset,
          attempt,
          waitMs,
          error: error.message,
        });
        await wait(waitMs, message, deps);
        continue;
      }
      transientSteps = 0;
      unknownFailures++;
      if (unknownFailures >= deps.policy.maxAttempts) {
        await sendToDeadLetter(message, contract, deps, attempt, 'retries-exhausted', error);
        return concluded(message, deps, 'dead-lettered');
      }
      deps.metrics?.retried(message.topic, deps.consumerGroup);
      deps.log('warn', 'handler failed, retrying', {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        attempt,
        error: error.message,
      });
      await wait(backoffMs(deps.policy, unknownFailures), message, deps);
    }
  }
}

function concluded(message: IncomingMessage, deps: DeliveryDeps, outcome: DeliveryOutcome): DeliveryOutcome {
  deps.metrics?.delivered(message.topic, deps.consumerGroup, outcome);
  return outcome;
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Sleeps in slices, heartbeating between them and giving up as soon as the consumer stops. */
async function wait(ms: number, message: IncomingMessage, deps: DeliveryDeps): Promise<void> {
  for (let left = ms; left > 0; left -= WAIT_SLICE_MS) {
    if (deps.stopped?.()) throw new DeliveryInterrupted(message.topic, message.offset);
    await deps.sleep(Math.min(WAIT_SLICE_MS, left));
    await deps.heartbeat?.();
  }
  if (deps.stopped?.()) throw new DeliveryInterrupted(message.topic, message.offset);
}

async function sendToDeadLetter(
  message: IncomingMessage,
  contract: EventContract<unknown>,
  deps: DeliveryDeps,
  attempts: number,
  kind: DeadLetter['error']['kind'],
  error: Error,
): Promise<void> {
  const letter: DeadLetter = {
    originalTopic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key,
    original: message.value,
    consumerGroup: deps.consumerGroup,
    attempts,
    error: {
      kind,
      name: error.name,
      message: error.message,
      ...(error instanceof PermanentFailure && error.code ? { code: error.code } : {}),
    },
    failedAt: new Date().toISOString(),
  };
  deps.log('error', 'message dead-lettered', {
    topic: message.topic,
    deadLetterTopic: contract.deadLetterTopic,
    partition: message.partition,
    offset: message.offset,
    kind,
    error: error.message,
  });
  // Writing the letter needs the broker: while it is unavailable, wait for it like any dependency.
  for (let step = 1; ; step++) {
    try {
      await deps.deadLetter(contract.deadLetterTopic, letter);
      deps.metrics?.deadLettered(message.topic, deps.consumerGroup, kind);
      return;
    } catch (err) {
      const failure = classifyFailure(err);
      if (failure.kind !== 'transient') throw err;
      const waitMs = transientBackoffMs(deps.policy, step);
      deps.log('warn', 'dead-letter topic unavailable, waiting before writing the letter again', {
        dependency: failure.dependency,
        deadLetterTopic: contract.deadLetterTopic,
        topic: message.topic,
        offset: message.offset,
        waitMs,
        error: asError(err).message,
      });
      await wait(waitMs, message, deps);
    }
  }
}

/** Nest's RPC layer may hand errors back as plain objects; keep their message. */
function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object' && 'message' in err) return new Error(String((err as { message: unknown }).message));
  return new Error(String(err));
}

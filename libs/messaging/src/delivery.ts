import { ContractViolationError, type DeadLetter, type EventContract } from '@kerma/contracts';
import { PermanentFailure } from './failures';
import { backoffMs, type RetryPolicy } from './retry-policy';

export interface IncomingMessage {
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: string | null;
  readonly key: string | null;
  readonly value: string;
}

export interface DeliveryDeps {
  readonly consumerGroup: string;
  readonly policy: RetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly deadLetter: (topic: string, letter: DeadLetter) => Promise<void>;
  readonly log: (level: 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
}

export type DeliveryOutcome = 'handled' | 'dead-lettered';

/**
 * The one consumption policy of every transport: validate against the contract, call the handler,
 * retry transient failures with backoff, then dead-letter. It never throws for a bad message, so a
 * poison message cannot block its partition; it throws only when the dead-letter write itself fails,
 * so the transport does not commit and the message is redelivered rather than lost.
 */
export async function deliver<T>(
  message: IncomingMessage,
  contract: EventContract<T>,
  handler: (payload: T) => Promise<void>,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  let payload: T;
  try {
    payload = contract.parse(JSON.parse(message.value));
  } catch (err) {
    const violation =
      err instanceof ContractViolationError ? err : new ContractViolationError(message.topic, [`not JSON: ${(err as Error).message}`]);
    await sendToDeadLetter(message, contract, deps, 1, 'contract-violation', violation);
    return 'dead-lettered';
  }

  for (let attempt = 1; ; attempt++) {
    try {
      await handler(payload);
      return 'handled';
    } catch (err) {
      const error = asError(err);
      if (error instanceof PermanentFailure) {
        await sendToDeadLetter(message, contract, deps, attempt, 'permanent', error);
        return 'dead-lettered';
      }
      if (attempt >= deps.policy.maxAttempts) {
        await sendToDeadLetter(message, contract, deps, attempt, 'retries-exhausted', error);
        return 'dead-lettered';
      }
      deps.log('warn', 'handler failed, retrying', {
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
        attempt,
        error: error.message,
      });
      await deps.sleep(backoffMs(deps.policy, attempt));
    }
  }
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
  await deps.deadLetter(contract.deadLetterTopic, letter);
}

/** Nest's RPC layer may hand errors back as plain objects; keep their message. */
function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object' && 'message' in err) return new Error(String((err as { message: unknown }).message));
  return new Error(String(err));
}

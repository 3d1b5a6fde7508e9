import { z } from 'zod';

/**
 * One event contract: a versioned topic, its payload schema, and the message key that keeps one
 * patient's events in order on one partition. Producers and consumers both go through `parse`,
 * so an invalid message never reaches a handler and never leaves a producer.
 */
export interface EventContract<T> {
  readonly name: string;
  readonly version: number;
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly description: string;
  readonly schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  /** The topic keeps the latest message per key (log compaction): a state, not a stream of events. */
  readonly compacted?: boolean;
  key(payload: T): string;
  parse(value: unknown): T;
}

export class ContractViolationError extends Error {
  constructor(
    readonly topic: string,
    readonly issues: readonly string[],
  ) {
    super(`message does not match ${topic}: ${issues.join('; ')}`);
    this.name = 'ContractViolationError';
  }
}

export const DEAD_LETTER_SUFFIX = '.dlq';

export function defineContract<T>(spec: {
  name: string;
  version: number;
  description: string;
  schema: z.ZodType<T, z.ZodTypeDef, unknown>;
  key: (payload: T) => string;
  compacted?: boolean;
}): EventContract<T> {
  const topic = `kerma.${spec.name}.v${spec.version}`;
  return {
    ...spec,
    topic,
    deadLetterTopic: `${topic}${DEAD_LETTER_SUFFIX}`,
    parse(value: unknown): T {
      const result = spec.schema.safeParse(value);
      if (!result.success) {
        throw new ContractViolationError(
          topic,
          result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
        );
      }
      return result.data;
    },
  };
}

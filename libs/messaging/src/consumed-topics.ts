import { ALL_CONTRACTS, deadLetterSchema, type DeadLetter, type EventContract, defineContract } from '@kerma/contracts';

const deadLetterContracts = new Map<string, EventContract<DeadLetter>>();

/**
 * A dead-letter topic read like any other event topic (the history service shows failures from it).
 * Its own failures go one level further (`….dlq.dlq`) rather than back into itself.
 */
export function deadLetterContractOf(contract: EventContract<unknown>): EventContract<DeadLetter> {
  const existing = deadLetterContracts.get(contract.deadLetterTopic);
  if (existing) return existing;
  const created: EventContract<DeadLetter> = {
    ...defineContract<DeadLetter>({
      name: `${contract.name}.dlq`,
      version: contract.version,
      description: `Messages of ${contract.topic} that a consumer gave up on, with the reason.`,
      schema: deadLetterSchema,
      key: (letter) => letter.key ?? letter.originalTopic,
    }),
    topic: contract.deadLetterTopic,
    deadLetterTopic: `${contract.deadLetterTopic}.dlq`,
  };
  deadLetterContracts.set(created.topic, created);
  return created;
}

/** The contract that governs a topic a handler subscribes to: an event topic or a dead-letter topic. */
export function contractOfConsumedTopic(topic: string): EventContract<unknown> | undefined {
  for (const contract of ALL_CONTRACTS) {
    if (contract.topic === topic) return contract;
    if (contract.deadLetterTopic === topic) return deadLetterContractOf(contract) as EventContract<unknown>;
  }
  return undefined;
}

/** Every topic Kerma creates: events, their dead-letter topics, and the second-level ones. */
export function topicsToCreate(): string[] {
  return ALL_CONTRACTS.flatMap((c) => [c.topic, c.deadLetterTopic, deadLetterContractOf(c).deadLetterTopic]);
}

/** Topics that hold a state per key rather than a stream (created with log compaction). */
export function compactedTopics(): Set<string> {
  return new Set(ALL_CONTRACTS.filter((c) => c.compacted).map((c) => c.topic));
}

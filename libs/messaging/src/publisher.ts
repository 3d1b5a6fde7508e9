import type { EventContract } from '@kerma/contracts';

/**
 * The only way services emit events. Implementations validate the payload against its contract
 * before it leaves the process and key it with the contract's key function.
 */
export abstract class EventPublisher {
  abstract publish<T>(contract: EventContract<T>, payload: T): Promise<void>;
}

export function encode<T>(contract: EventContract<T>, payload: T): { key: string; value: string } {
  const valid = contract.parse(payload);
  return { key: contract.key(valid), value: JSON.stringify(valid) };
}

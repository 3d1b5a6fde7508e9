import { applyDecorators, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import type { EventContract } from '@kerma/contracts';
import { RethrowRpcErrorsFilter } from './rethrow-rpc-errors.filter';

/**
 * Subscribes a handler to a contract's topic as a service (consumer group). Deployed, each process
 * hosts one service; in the single process the group keeps services' handlers apart, as Kafka would.
 * Errors reach the delivery policy unchanged (Nest's default filter would hide their class).
 */
export function ConsumeEvent(contract: Pick<EventContract<unknown>, 'topic'>, group: string): MethodDecorator {
  return applyDecorators(EventPattern(contract.topic, { group }), UseFilters(new RethrowRpcErrorsFilter()));
}

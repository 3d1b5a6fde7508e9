import { Injectable } from '@nestjs/common';
import type { EventContract } from '@kerma/contracts';
import type { MessagingMetrics } from '../messaging-metrics';
import { encode, EventPublisher } from '../publisher';
import { withProducerSpan } from '../tracing';
import { InProcessBus } from './in-process-bus';

@Injectable()
export class InProcessEventPublisher extends EventPublisher {
  constructor(
    private readonly bus: InProcessBus,
    private readonly metrics?: MessagingMetrics,
  ) {
    super();
  }

  async publish<T>(contract: EventContract<T>, payload: T): Promise<void> {
    const { key, value } = encode(contract, payload);
    await withProducerSpan('kerma-in-process', contract.topic, (headers) =>
      this.bus.publish(contract.topic, key, value, headers, contract as EventContract<unknown>),
    );
    this.metrics?.produced(contract.topic);
  }
}

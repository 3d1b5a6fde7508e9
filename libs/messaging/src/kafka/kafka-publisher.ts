import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { EventContract } from '@kerma/contracts';
import type { MessagingMetrics } from '../messaging-metrics';
import { encode, EventPublisher } from '../publisher';
import { withProducerSpan } from '../tracing';
import { kafkaClientConfig, producerOptions, sendOptions, type KafkaSettings } from './kafka-settings';

/** Publishes through Nest's Kafka client (kafkajs), one producer per service, waiting for the broker's ack. */
@Injectable()
export class KafkaEventPublisher extends EventPublisher implements OnApplicationShutdown {
  private readonly client: ClientKafka;
  private connected?: Promise<unknown>;

  constructor(
    settings: KafkaSettings,
    private readonly metrics?: MessagingMetrics,
  ) {
    super();
    this.client = new ClientKafka({
      client: kafkaClientConfig(settings, 'producer'),
      producer: producerOptions,
      send: sendOptions,
      producerOnlyMode: true,
      postfixId: '',
    });
  }

  async publish<T>(contract: EventContract<T>, payload: T): Promise<void> {
    const message = encode(contract, payload);
    await this.connect();
    await withProducerSpan('kafka', contract.topic, (headers) =>
      lastValueFrom(this.client.emit(contract.topic, { ...message, headers: { ...headers } }), { defaultValue: undefined }),
    );
    this.metrics?.produced(contract.topic);
  }

  /** A failed connection is forgotten (Nest's client would otherwise keep the rejected attempt), so the next publish tries again. */
  private async connect(): Promise<void> {
    this.connected ??= this.client.connect().catch(async (err: unknown) => {
      this.connected = undefined;
      await this.client.close().catch(() => undefined);
      throw err;
    });
    await this.connected;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

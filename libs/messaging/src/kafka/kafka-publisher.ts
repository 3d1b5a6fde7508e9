import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { EventContract } from '@kerma/contracts';
import { encode, EventPublisher } from '../publisher';
import { kafkaClientConfig, producerOptions, sendOptions, type KafkaSettings } from './kafka-settings';

/** Publishes through Nest's Kafka client (kafkajs), one producer per service, waiting for the broker's ack. */
@Injectable()
export class KafkaEventPublisher extends EventPublisher implements OnApplicationShutdown {
  private readonly client: ClientKafka;
  private connected?: Promise<unknown>;

  constructor(settings: KafkaSettings) {
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
    this.connected ??= this.client.connect();
    await this.connected;
    await lastValueFrom(this.client.emit(contract.topic, message), { defaultValue: undefined });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

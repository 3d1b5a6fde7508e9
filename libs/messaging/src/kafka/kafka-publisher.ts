import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import type { EventContract } from '@kerma/contracts';
import type { MessagingMetrics } from '../messaging-metrics';
import { encode, EventPublisher, type OutgoingEvent } from '../publisher';
import { withProducerSpan, withProducerSpans } from '../tracing';
import { kafkaClientConfig, producerOptions, sendOptions, sendOptionsFor, type KafkaSettings } from './kafka-settings';

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
      this.client.producer.send({ topic: contract.topic, messages: [{ ...message, headers: { ...headers } }], ...sendOptionsFor(contract.topic) }),
    );
    this.metrics?.produced(contract.topic);
  }

  /**
   * All events in one produce request (kafkajs groups them by partition): one broker round trip and one
   * compressed batch instead of one each. Every payload is validated before anything is sent.
   */
  override async publishAll<T>(contract: EventContract<T>, events: readonly OutgoingEvent<T>[]): Promise<void> {
    if (events.length === 0) return;
    const messages = events.map((event) => encode(contract, event.payload));
    await this.connect();
    await withProducerSpans(
      'kafka',
      contract.topic,
      events.map((event) => event.trace),
      (headers) =>
        this.client.producer.send({
          topic: contract.topic,
          messages: messages.map((message, i) => ({ ...message, headers: { ...headers[i] } })),
          ...sendOptionsFor(contract.topic),
        }),
    );
    for (let i = 0; i < events.length; i++) this.metrics?.produced(contract.topic);
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

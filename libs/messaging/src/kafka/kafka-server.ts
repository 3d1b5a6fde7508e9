import { Logger } from '@nestjs/common';
import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import type { EachMessagePayload } from 'kafkajs';
import type { MessagingMetrics } from '../messaging-metrics';
import { processMessage } from '../process-message';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy';
import { KafkaConsumerLagReader } from './consumer-lag';
import { kafkaClientConfig, producerOptions, sendOptions, type KafkaSettings } from './kafka-settings';

/**
 * Nest's Kafka transport with Kerma's delivery policy: every message is validated against its
 * contract; a message whose dependency is down waits for it (partition blocked, consumer alive);
 * a bad message is dead-lettered rather than blocking its partition. The offset is committed only
 * after the handler succeeded or the dead letter was written.
 */
export class KermaKafkaServer extends ServerKafka {
  private readonly policyLog = new Logger('KafkaConsumer');
  private stopping = false;
  /** This service's consumer lag and the broker's readiness, read with an admin client of its own. */
  readonly broker: KafkaConsumerLagReader;

  constructor(
    private readonly settings: KafkaSettings,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly metrics?: MessagingMetrics,
  ) {
    super({
      client: kafkaClientConfig(settings, 'consumer'),
      consumer: { groupId: settings.serviceId, allowAutoTopicCreation: false, sessionTimeout: 30000, heartbeatInterval: 3000 },
      producer: producerOptions,
      subscribe: { fromBeginning: true },
      run: { autoCommit: true, partitionsConsumedConcurrently: 1 },
      postfixId: '',
    });
    this.broker = new KafkaConsumerLagReader(settings, () => [...this.messageHandlers.keys()]);
  }

  override async close(): Promise<void> {
    this.stopping = true;
    await super.close();
    await this.broker.close();
  }

  override async handleMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, partition, message } = payload;
    const context = new KafkaContext([message as never, partition, topic, this.consumer!, payload.heartbeat, this.producer!]);
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for topic ${topic}`);
    await processMessage(
      this,
      handler,
      {
        topic,
        partition,
        offset: message.offset,
        key: message.key ? message.key.toString('utf8') : null,
        value: message.value ? message.value.toString('utf8') : '',
      },
      context,
      {
        consumerGroup: this.settings.serviceId,
        retryPolicy: this.retryPolicy,
        sendDeadLetter: async (deadLetterTopic, letter) => {
          await this.producer!.send({
            ...sendOptions,
            topic: deadLetterTopic,
            messages: [{ key: letter.key, value: JSON.stringify(letter) }],
          });
        },
        log: (level, msg, fields) => this.policyLog[level]({ msg, ...fields }),
        // While a dependency is down the partition stays blocked on this message: heartbeats keep the
        // partition ours; a rebalance makes heartbeat() throw, the offset stays uncommitted and the
        // new owner gets the message again.
        heartbeat: payload.heartbeat,
        stopped: () => this.stopping,
        metrics: this.metrics,
      },
    );
  }
}

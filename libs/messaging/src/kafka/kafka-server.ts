import { Logger } from '@nestjs/common';
import { KafkaContext, ServerKafka } from '@nestjs/microservices';
import type { MessageHandler } from '@nestjs/microservices';
import type { EachMessagePayload } from 'kafkajs';
import type { MessagingMetrics } from '../messaging-metrics';
import { processMessage } from '../process-message';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy';
import { KafkaConsumerLagReader } from './consumer-lag';
import { kafkaClientConfig, producerOptions, sendOptions, type KafkaSettings } from './kafka-settings';

const HEARTBEAT_INTERVAL_MS = 3000;

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
      consumer: { groupId: settings.serviceId, allowAutoTopicCreation: false, sessionTimeout: 30000, heartbeatInterval: HEARTBEAT_INTERVAL_MS },
      producer: producerOptions,
      subscribe: { fromBeginning: true },
      run: { autoCommit: true, partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently ?? 1 },
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
    const keepAlive = new KeepAlive(payload.heartbeat);
    try {
      await this.deliver(payload, handler, context, keepAlive);
    } finally {
      keepAlive.stop();
    }
  }

  private async deliver(payload: EachMessagePayload, handler: MessageHandler, context: KafkaContext, keepAlive: KeepAlive): Promise<void> {
    const { topic, partition, message } = payload;
    await processMessage(
      this,
      handler,
      {
        topic,
        partition,
        offset: message.offset,
        key: message.key ? message.key.toString('utf8') : null,
        value: message.value ? message.value.toString('utf8') : '',
        headers: textHeaders(message.headers),
      },
      context,
      {
        messagingSystem: 'kafka',
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
        heartbeat: () => keepAlive.beat(),
        stopped: () => this.stopping,
        metrics: this.metrics,
      },
    );
  }
}

/**
 * kafkajs heartbeats only when asked. A handler attempt can outlast the 30 s session (a peer that
 * accepts and never answers, a long skin-dose computation), so heartbeats also run in the background
 * while a message is in hand; a rebalance they report is raised at the delivery's next heartbeat.
 */
class KeepAlive {
  private lost: unknown = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly heartbeat: () => Promise<void>) {
    this.timer = setInterval(() => {
      this.heartbeat().catch((err: unknown) => {
        this.lost ??= err;
      });
    }, HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  async beat(): Promise<void> {
    if (this.lost) throw this.lost;
    await this.heartbeat();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Kafka header values arrive as bytes (or lists of them); Kerma's headers are single text values. */
function textHeaders(headers: EachMessagePayload['message']['headers']): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}

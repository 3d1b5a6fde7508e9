import { Logger } from '@nestjs/common';
import { BaseRpcContext, Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { MessagingMetrics } from '../messaging-metrics';
import { processMessage } from '../process-message';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy';
import type { InProcessBus } from './in-process-bus';

/**
 * Runs the same `@ConsumeEvent` handlers as the Kafka transport, fed by the in-process bus. Nest
 * chains the handlers of one topic together; here each is unchained and subscribed on its own, as
 * its service's consumer group, so one service's failure neither retries nor dead-letters another's,
 * and each group's progress is persisted by the bus.
 */
export class InProcessServer extends Server implements CustomTransportStrategy {
  private readonly policyLog = new Logger('InProcessConsumer');

  constructor(
    private readonly bus: InProcessBus,
    private readonly retryPolicy: RetryPolicy = DEFAULT_RETRY_POLICY,
    private readonly metrics?: MessagingMetrics,
  ) {
    super();
  }

  listen(callback: () => void): void {
    for (const [topic, head] of this.messageHandlers) {
      for (const handler of unchain(head)) {
        const group = String(handler.extras?.group ?? 'kerma');
        this.bus.subscribe(
          topic,
          async (message) => {
            await processMessage(this, handler, message, new BaseRpcContext([message.topic, message.key]), {
              messagingSystem: 'kerma-in-process',
              consumerGroup: group,
              retryPolicy: this.retryPolicy,
              sendDeadLetter: (deadLetterTopic, letter) => this.bus.publish(deadLetterTopic, letter.key, JSON.stringify(letter), message.headers),
              log: (level, msg, fields) => this.policyLog[level]({ msg, group, ...fields }),
              stopped: () => this.bus.stopping,
              metrics: this.metrics,
            });
          },
          group,
        );
      }
    }
    callback();
  }

  /** Lets the handlers finish the messages they hold; the rest stays pending in the bus for the next start. */
  async close(): Promise<void> {
    await this.bus.close();
    this.messageHandlers.clear();
  }

  on(): never {
    throw new Error('InProcessServer has no events');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }
}

function unchain(head: MessageHandler): MessageHandler[] {
  const handlers: MessageHandler[] = [];
  for (let h: MessageHandler | undefined = head; h; ) {
    const next: MessageHandler | undefined = h.next;
    h.next = undefined;
    handlers.push(h);
    h = next;
  }
  return handlers;
}

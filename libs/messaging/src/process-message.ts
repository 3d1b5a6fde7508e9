import type { BaseRpcContext, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { DeadLetter } from '@kerma/contracts';
import { contractOfConsumedTopic } from './consumed-topics';
import { deliver, type DeliveryOutcome, type IncomingMessage } from './delivery';
import type { MessagingMetrics } from './messaging-metrics';
import type { RetryPolicy } from './retry-policy';
import { withConsumerSpan } from './tracing';

export interface ProcessingSettings {
  /** `messaging.system` of the consumer span: `kafka`, or the single process's durable bus. */
  readonly messagingSystem: 'kafka' | 'kerma-in-process';
  readonly consumerGroup: string;
  readonly retryPolicy: RetryPolicy;
  readonly sendDeadLetter: (topic: string, letter: DeadLetter) => Promise<void>;
  readonly log: (level: 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
  /** Keeps the consumer's group membership alive while a message waits for a dependency. */
  readonly heartbeat?: () => Promise<void>;
  /** True once the consumer is shutting down: a waiting message is left unacknowledged. */
  readonly stopped?: () => boolean;
  readonly metrics?: MessagingMetrics;
}

/**
 * What both transports share: run one message through one `@EventPattern` handler under the
 * delivery policy (validate, wait out unavailable dependencies, retry, dead-letter).
 */
export async function processMessage(
  server: Pick<Server, 'transformToObservable'>,
  handler: MessageHandler,
  message: IncomingMessage,
  context: BaseRpcContext,
  settings: ProcessingSettings,
): Promise<DeliveryOutcome> {
  const contract = contractOfConsumedTopic(message.topic);
  if (!contract) throw new Error(`no contract for topic ${message.topic}`);
  return withConsumerSpan(settings.messagingSystem, settings.consumerGroup, message, () =>
    deliver(
      message,
      contract,
      async (payload) => {
        await lastValueFrom(server.transformToObservable(await handler(payload, context)), { defaultValue: undefined });
      },
      {
        consumerGroup: settings.consumerGroup,
        policy: settings.retryPolicy,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        deadLetter: settings.sendDeadLetter,
        log: settings.log,
        heartbeat: settings.heartbeat,
        stopped: settings.stopped,
        metrics: settings.metrics,
      },
    ),
  );
}

import { logLevel, Partitioners, type KafkaConfig } from 'kafkajs';

export interface KafkaSettings {
  readonly brokers: readonly string[];
  /** One per service: `kerma-<service>`; used as client id and consumer group id. */
  readonly serviceId: string;
  readonly partitions: number;
  readonly replicationFactor: number;
}

export function kafkaClientConfig(settings: KafkaSettings, role: 'consumer' | 'producer' | 'admin'): KafkaConfig {
  return {
    clientId: `${settings.serviceId}-${role}`,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 300 },
  };
}

/** kafkajs 2 warns about its partitioner change unless one is chosen explicitly; keys must hash the Java way. */
export const producerOptions = {
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
  idempotent: true,
  maxInFlightRequests: 1,
} as const;

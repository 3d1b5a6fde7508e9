import { CompressionTypes, logLevel, Partitioners, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { RdsrReceivedV1 } from '@kerma/contracts';

/** TLS towards the brokers: PEM contents, not paths (read once at start-up). */
export interface KafkaTls {
  /** Trusted CA bundle; null: the system's trust store. */
  readonly ca: string | null;
  /** Client certificate and key for mutual TLS; both or neither. */
  readonly clientCert: { readonly cert: string; readonly key: string } | null;
}

export interface KafkaSasl {
  readonly mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain';
  readonly username: string;
  readonly password: string;
}

export interface KafkaSettings {
  readonly brokers: readonly string[];
  /** One per service: `kerma-<service>`; used as client id and consumer group id. */
  readonly serviceId: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Absent or null: plaintext. */
  readonly tls?: KafkaTls | null;
  /** Absent or null: no SASL authentication. */
  readonly sasl?: KafkaSasl | null;
  /**
   * Partitions one consumer handles at the same time (each partition still strictly in order, so one
   * patient's messages never overtake each other). Absent: 1.
   */
  readonly partitionsConsumedConcurrently?: number;
}

export function kafkaClientConfig(settings: KafkaSettings, role: 'consumer' | 'producer' | 'admin'): KafkaConfig {
  return {
    clientId: `${settings.serviceId}-${role}`,
    brokers: [...settings.brokers],
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 300 },
    ssl: tlsOptions(settings.tls),
    sasl: saslOptions(settings.sasl),
  };
}

function tlsOptions(tls: KafkaTls | null | undefined): KafkaConfig['ssl'] {
  if (!tls) return false;
  return {
    rejectUnauthorized: true,
    ...(tls.ca ? { ca: [tls.ca] } : {}),
    ...(tls.clientCert ? { cert: tls.clientCert.cert, key: tls.clientCert.key } : {}),
  };
}

function saslOptions(sasl: KafkaSasl | null | undefined): SASLOptions | undefined {
  if (!sasl) return undefined;
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password } as SASLOptions;
}

/**
 * The default partitioner hashes keys the Java client's way, so any client agrees on a patient's
 * partition. One request in flight keeps a key's messages in order across retries; duplicates a retry
 * may cause are harmless because every consumer is idempotent (kafkajs's idempotent mode would need
 * unbounded retries, and a publish must fail in bounded time so the outbox can take over).
 */
export const producerOptions = {
  createPartitioner: Partitioners.DefaultPartitioner,
  allowAutoTopicCreation: false,
  maxInFlightRequests: 1,
} as const;

/**
 * Studies travel whole: a 1,000-event procedure is ~2.8 MB of JSON, ~120 kB gzipped. Compressing
 * every batch keeps even long procedures far below the broker's default 1 MB message limit.
 */
export const sendOptions = { compression: CompressionTypes.GZIP } as const;

/**
 * rdsr.received's bulk is the original, already gzip+base64: gzip again only wins back base64's third
 * (a 9.1 kB event → 6.5 kB) for ~0.2 ms of the producer's CPU per event and the broker's and consumer's
 * decompression, so that topic is sent uncompressed (docs/performance.md, second round).
 */
const SENT_UNCOMPRESSED: ReadonlySet<string> = new Set([RdsrReceivedV1.topic]);

/** The send options of one topic's produce requests. */
export function sendOptionsFor(topic: string): { readonly compression: CompressionTypes } {
  return SENT_UNCOMPRESSED.has(topic) ? { compression: CompressionTypes.None } : sendOptions;
}

/** Per-topic ceiling for a (compressed) batch, above the broker default for very long procedures. */
export const TOPIC_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

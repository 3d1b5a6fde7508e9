import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KafkaSasl, KafkaSettings, KafkaTls } from '@kerma/messaging';
import { ConfigError, env, loadConfig } from './load-config';

const SECURITY_PROTOCOLS = ['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl'] as const;
const SASL_MECHANISMS = ['scram-sha-256', 'scram-sha-512', 'plain'] as const;

const kafkaShape = {
  KAFKA_BROKERS: env.brokers(),
  KAFKA_PARTITIONS: env.positiveInt(6),
  KAFKA_REPLICATION_FACTOR: env.positiveInt(1),
  /** Names as in the Java client's security.protocol, lower case. */
  KAFKA_SECURITY_PROTOCOL: z.enum(SECURITY_PROTOCOLS).default('plaintext'),
  KAFKA_SASL_MECHANISM: z.enum(SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
  KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
  KAFKA_CONSUMER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(3),
};
type KafkaEnv = z.infer<z.ZodObject<typeof kafkaShape>>;

/**
 * The Kafka connection of a deployed service, validated at start-up: brokers, topic layout, TLS and
 * SASL (SCRAM or PLAIN) settings and consumer concurrency. Secrets and certificates are read from
 * files once here, so a missing mount stops the process naming the variable, not at the first send.
 */
export function kafkaSettingsFromEnv(serviceId: string, source: NodeJS.ProcessEnv = process.env): KafkaSettings {
  const cfg = loadConfig(kafkaShape, source);
  const problems: string[] = [];
  const tls = tlsFrom(cfg, problems);
  const sasl = saslFrom(cfg, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    brokers: cfg.KAFKA_BROKERS,
    serviceId: `kerma-${serviceId}`,
    partitions: cfg.KAFKA_PARTITIONS,
    replicationFactor: cfg.KAFKA_REPLICATION_FACTOR,
    tls,
    sasl,
    partitionsConsumedConcurrently: cfg.KAFKA_CONSUMER_CONCURRENCY,
  };
}

function tlsFrom(cfg: KafkaEnv, problems: string[]): KafkaTls | null {
  const wanted = cfg.KAFKA_SECURITY_PROTOCOL === 'ssl' || cfg.KAFKA_SECURITY_PROTOCOL === 'sasl_ssl';
  const tlsVariables = ['KAFKA_TLS_CA_FILE', 'KAFKA_TLS_CERT_FILE', 'KAFKA_TLS_KEY_FILE'] as const;
  if (!wanted) {
    for (const name of tlsVariables) {
      if (cfg[name]) problems.push(`${name}: set, but KAFKA_SECURITY_PROTOCOL=${cfg.KAFKA_SECURITY_PROTOCOL} does not use TLS (use ssl or sasl_ssl)`);
    }
    return null;
  }
  if (Boolean(cfg.KAFKA_TLS_CERT_FILE) !== Boolean(cfg.KAFKA_TLS_KEY_FILE)) {
    problems.push('KAFKA_TLS_CERT_FILE, KAFKA_TLS_KEY_FILE: a client certificate needs both, or neither');
  }
  const ca = readOptionalFile('KAFKA_TLS_CA_FILE', cfg.KAFKA_TLS_CA_FILE, problems);
  const cert = readOptionalFile('KAFKA_TLS_CERT_FILE', cfg.KAFKA_TLS_CERT_FILE, problems);
  const key = readOptionalFile('KAFKA_TLS_KEY_FILE', cfg.KAFKA_TLS_KEY_FILE, problems);
  return { ca, clientCert: cert && key ? { cert, key } : null };
}

function saslFrom(cfg: KafkaEnv, problems: string[]): KafkaSasl | null {
  const wanted = cfg.KAFKA_SECURITY_PROTOCOL.startsWith('sasl_');
  if (!wanted) {
    if (cfg.KAFKA_SASL_MECHANISM)
      problems.push(`KAFKA_SASL_MECHANISM: set, but KAFKA_SECURITY_PROTOCOL=${cfg.KAFKA_SECURITY_PROTOCOL} does not use SASL (use sasl_ssl)`);
    return null;
  }
  if (cfg.KAFKA_SASL_PASSWORD && cfg.KAFKA_SASL_PASSWORD_FILE) {
    problems.push('KAFKA_SASL_PASSWORD, KAFKA_SASL_PASSWORD_FILE: set one, not both');
  }
  const password = cfg.KAFKA_SASL_PASSWORD ?? readOptionalFile('KAFKA_SASL_PASSWORD_FILE', cfg.KAFKA_SASL_PASSWORD_FILE, problems)?.trimEnd();
  if (!cfg.KAFKA_SASL_MECHANISM)
    problems.push(`KAFKA_SASL_MECHANISM: required with KAFKA_SECURITY_PROTOCOL=${cfg.KAFKA_SECURITY_PROTOCOL} (${SASL_MECHANISMS.join(', ')})`);
  if (!cfg.KAFKA_SASL_USERNAME) problems.push('KAFKA_SASL_USERNAME: required with SASL');
  if (!password) problems.push('KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE: required with SASL');
  if (!cfg.KAFKA_SASL_MECHANISM || !cfg.KAFKA_SASL_USERNAME || !password) return null;
  if (cfg.KAFKA_SASL_MECHANISM === 'plain' && cfg.KAFKA_SECURITY_PROTOCOL !== 'sasl_ssl') {
    problems.push('KAFKA_SASL_MECHANISM: plain sends the password in clear; use it only with KAFKA_SECURITY_PROTOCOL=sasl_ssl');
  }
  return { mechanism: cfg.KAFKA_SASL_MECHANISM, username: cfg.KAFKA_SASL_USERNAME, password };
}

/** Reads a mounted secret or certificate; a problem naming the variable (never the contents) otherwise. */
export function readOptionalFile(variable: string, path: string | undefined, problems: string[]): string | null {
  if (!path) return null;
  try {
    const text = readFileSync(path, 'utf8');
    if (text.trim().length === 0) {
      problems.push(`${variable}: ${path} is empty`);
      return null;
    }
    return text;
  } catch (err) {
    problems.push(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return null;
  }
}

import { mkdtemp, rm } from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { findContainerRuntime, type ContainerRuntime } from './container-runtime';
import { findFreePort } from './free-port';
import { InfraUnavailableError, type ResolvedInfra } from './infra-source';
import { kafkaScript } from './repo-paths';
import { runScript } from './run-script';

export interface ResolvedKafka extends ResolvedInfra {
  readonly brokers: string[];
}

export const KAFKA_IMAGE = 'apache/kafka:4.1.1';
const CONTAINER_CLIENT_PORT = 9092;
const KAFKA_STARTUP_TIMEOUT_MS = 120_000;

/** Parses a comma-separated `host:port` list such as the KAFKA_BROKERS variable. */
export function parseBrokerList(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const malformed = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (brokers.length === 0 || malformed.length > 0) {
    throw new InfraUnavailableError('kafka', `KAFKA_BROKERS must be a comma-separated host:port list, got '${value}'`);
  }
  return brokers;
}

/**
 * A Kafka broker for integration tests: KAFKA_BROKERS when set, else a container when a container runtime
 * exists, else a broker started from the repo's jars script on free ports (stopped again by stop()).
 */
export async function resolveKafka(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedKafka> {
  if (env['KAFKA_BROKERS']) {
    return { brokers: parseBrokerList(env['KAFKA_BROKERS']), source: 'env', stop: async () => undefined };
  }
  const runtime = await findContainerRuntime();
  return runtime ? startKafkaContainer(runtime) : startLocalKafka();
}

/**
 * The host port is chosen up front because the broker must advertise the address clients reach it on;
 * a second listener serves the broker's own connections inside the container.
 */
async function startKafkaContainer({ testcontainers, host }: ContainerRuntime): Promise<ResolvedKafka> {
  const { GenericContainer, Wait } = testcontainers;
  const hostPort = await findFreePort();
  const container = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: CONTAINER_CLIENT_PORT, host: hostPort })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_LISTENERS: `EXTERNAL://:${CONTAINER_CLIENT_PORT},INTERNAL://:19092,CONTROLLER://:9093`,
      KAFKA_ADVERTISED_LISTENERS: `EXTERNAL://${host}:${hostPort},INTERNAL://localhost:19092`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_NUM_PARTITIONS: '1',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .withWaitStrategy(Wait.forLogMessage('Kafka Server started'))
    .withStartupTimeout(KAFKA_STARTUP_TIMEOUT_MS)
    .start();
  return {
    brokers: [`${host}:${hostPort}`],
    source: 'testcontainers',
    stop: async () => {
      await container.stop();
    },
  };
}

async function startLocalKafka(): Promise<ResolvedKafka> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'kerma-kafka-test-'));
  const scriptEnv = {
    KERMA_STATE_DIR: stateDir,
    KAFKA_PORT: String(await findFreePort()),
    KAFKA_CONTROLLER_PORT: String(await findFreePort()),
  };
  try {
    const { stdout } = await runScript(kafkaScript, ['start'], scriptEnv);
    return {
      brokers: parseBrokerList(stdout.trim()),
      source: 'local-script',
      stop: async () => {
        await runScript(kafkaScript, ['stop'], scriptEnv);
        await rm(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await runScript(kafkaScript, ['stop'], scriptEnv).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
    throw new InfraUnavailableError('kafka', error instanceof Error ? error.message : String(error));
  }
}

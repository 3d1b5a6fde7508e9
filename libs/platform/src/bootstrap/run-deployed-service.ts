import { Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_RETRY_POLICY, ensureTopics, KafkaEventPublisher, KermaKafkaServer, MessagingModule, type KafkaSettings } from '@kerma/messaging';
import { ConfigError, loadConfig } from '../config/load-config';
import { kafkaSettingsFromEnv } from '../config/kafka-config';
import { z } from 'zod';
import { JsonLogger, LOG_LEVELS, type LogLevel } from '../logging/json-logger';
import { HealthModule } from './health.controller';
import { BROKER_READINESS, type ReadinessCheck } from './readiness';
import { KermaMetrics } from '../metrics/kerma-metrics';
import { MetricsModule } from '../metrics/metrics.module';
import { recordHttpMetrics } from '../metrics/http-metrics';
import { mountOpenApi } from './http-app';
import { stopGracefully } from './graceful-shutdown';
import { hardenHttp } from './http-hardening';
import { outlastProxyKeepAlive } from './proxy-keep-alive';
import { authSettingsFromEnv, type AuthSettings } from '../auth/auth-settings';
import { enableAuth } from '../auth/enable-auth';
import { startTracing, tracingSettingsFromEnv, type TracingSettings } from '../tracing/tracing';
import { traceHttp } from '../tracing/http-tracing';
import { ApiKeyStore } from '../auth/api-keys/api-key-store';
import { requestLimitsFromEnv, type RequestLimits } from '../limits/limits-settings';

/** The service's copy of the API keys, when it has an HTTP API (serviceSecurity); the parser has none. */
function apiKeysOf(app: INestApplication, serviceModule: DynamicModule): ApiKeyStore | undefined {
  const provided = (serviceModule.providers ?? []).some((p) => typeof p === 'object' && 'provide' in p && p.provide === ApiKeyStore);
  return provided ? app.select(serviceModule).get(ApiKeyStore) : undefined;
}

/** Settings every deployed service shares besides Kafka. */
export function processSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): { host: string; logLevel: LogLevel } {
  const cfg = loadConfig({ HOST: z.string().min(1).default('0.0.0.0'), LOG_LEVEL: z.enum(LOG_LEVELS).default('log') }, source);
  return { host: cfg.HOST, logLevel: cfg.LOG_LEVEL };
}

/**
 * Starts one service as its own process: configuration validated first (a bad variable stops the
 * process with a message naming it), topics ensured, Kafka consumer and HTTP API started.
 */
export async function runDeployedService(name: string, configure: () => { port: number; module: DynamicModule }): Promise<void> {
  let logger = new JsonLogger(name);
  let port: number;
  let serviceModule: DynamicModule;
  let kafka: KafkaSettings;
  let host: string;
  let auth: AuthSettings;
  let tracing: TracingSettings;
  let limits: RequestLimits;
  try {
    const runtime = processSettingsFromEnv();
    host = runtime.host;
    logger = new JsonLogger(name, runtime.logLevel);
    ({ port, module: serviceModule } = configure());
    kafka = kafkaSettingsFromEnv(name);
    auth = authSettingsFromEnv(host);
    tracing = tracingSettingsFromEnv();
    limits = requestLimitsFromEnv(process.env, auth.mode);
  } catch (err) {
    process.stderr.write(`kerma ${name}: ${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
    process.exit(78);
  }
  const tracer = startTracing(name, tracing);
  try {
    await ensureTopics(kafka);

    const metrics = new KermaMetrics({ service: name });
    const consumer = new KermaKafkaServer(kafka, DEFAULT_RETRY_POLICY, metrics);
    const brokerCheck: ReadinessCheck = { readinessName: 'broker', checkReady: () => consumer.broker.checkBroker() };
    const lagLog = new Logger('ConsumerLag');
    metrics.trackConsumerLag(
      kafka.serviceId,
      () => consumer.broker.read(),
      (err) => lagLog.warn({ msg: 'consumer lag not read', error: err.message }),
    );

    @Module({
      imports: [MessagingModule.register(new KafkaEventPublisher(kafka, metrics)), MetricsModule.register(metrics), HealthModule, serviceModule],
      providers: [{ provide: BROKER_READINESS, useValue: brokerCheck }],
    })
    class DeployedServiceModule {}

    const app = await NestFactory.create(DeployedServiceModule, { logger, bodyParser: true });
    traceHttp(app);
    hardenHttp(app);
    outlastProxyKeepAlive(app);
    recordHttpMetrics(app, metrics);
    app.connectMicroservice({ strategy: consumer });
    enableAuth(app, auth, { apiKeys: apiKeysOf(app, serviceModule), limits });
    // Swagger's routes bypass Nest guards: with authentication on, the API documentation is not served.
    if (auth.mode === 'none') mountOpenApi(app, `Kerma ${name}`);
    await app.startAllMicroservices();
    await app.listen(port, host);
    stopGracefully(app, logger, () => tracer.shutdown());
    logger.log({ msg: 'service started', port, brokers: kafka.brokers.join(',') }, 'Bootstrap');
  } catch (err) {
    logger.fatal({ msg: 'service failed to start', error: (err as Error).message }, 'Bootstrap');
    process.exit(1);
  }
}

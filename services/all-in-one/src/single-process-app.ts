import { Logger, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { join, resolve } from 'node:path';
import type { DrlTable } from '@kerma/dose-figures';
import type { GeometryProfile, SkinDoseOptions } from '@kerma/dosimetry';
import { HistoryModule, type FhirPushOptions } from '@kerma/history';
import { IngestModule, OutboxRelay, type DicomListenerOptions } from '@kerma/ingest';
import { InProcessBus, InProcessEventPublisher, InProcessServer, MessagingModule, type RetryPolicy } from '@kerma/messaging';
import { DEFAULT_ALERT_RULES, NotificationModule, type AlertRule, type DeliveryOptions } from '@kerma/notification';
import { ParserModule } from '@kerma/parser';
import { TOPIC_FLOW } from '@kerma/contracts';
import {
  ApiKeyStore,
  AuditTrail,
  BROKER_READINESS,
  DEFAULT_REQUEST_LIMITS,
  enableAuth,
  hardenHttp,
  outlastProxyKeepAlive,
  traceHttp,
  HealthModule,
  JsonLogger,
  KermaMetrics,
  MetricsModule,
  mountOpenApi,
  recordHttpMetrics,
  DEFAULT_MAP_FONT_FILE,
  type AuthSettings,
  type ReadinessCheck,
  type RequestLimits,
  type ServiceTokenSource,
} from '@kerma/platform';
import { SkinDoseModule } from '@kerma/skin-dose';

export interface SingleProcessOptions {
  readonly port: number;
  readonly host: string;
  /** Folder of the SQLite files (one per service, and bus.sqlite for the messages between them) and the raw archive. */
  readonly dataDir: string;
  readonly defaultSite: string;
  /** DICOM C-STORE SCP of ingest; none when absent. */
  readonly dicom?: DicomListenerOptions;
  readonly alertRules?: readonly AlertRule[];
  /** How often overdue skin checks are looked for (default 60 s; 0: never, a test calls the sweep). */
  readonly followUpSweepIntervalMs?: number;
  /** Alert webhooks and e-mail; default: webhooks with the default retry policy, no e-mail. */
  readonly alertDelivery?: DeliveryOptions;
  readonly profiles?: readonly GeometryProfile[];
  readonly engine?: Omit<SkinDoseOptions, 'profiles'>;
  /** Font of the map images (default DejaVu Sans, DEFAULT_MAP_FONT_FILE). */
  readonly mapFontFile?: string;
  /** National DRLs the analytics compare with; absent: the table shipped with Kerma. */
  readonly drlTable?: DrlTable;
  /** Push each study's dose summary to a FHIR server (KERMA_FHIR_PUSH_URL); absent: no push. */
  readonly fhirPush?: FhirPushOptions;
  /** Days a patient size received before its study waits for it (default 30). */
  readonly pendingSizeDays?: number;
  readonly retryPolicy?: RetryPolicy;
  /** Largest compressed original carried in rdsr.received (ingest's default when absent; 0: every object by claim check). */
  readonly maxEmbeddedOriginalBytes?: number;
  /** Default: no authentication (only acceptable on a loopback address; main.ts enforces that). */
  readonly auth?: AuthSettings;
  /** The process's own token for its internal HTTP reads, required with OIDC authentication. */
  readonly serviceToken?: ServiceTokenSource;
  /** Per-client request rate and JSON body size; absent: no rate limit, the default JSON body limit (main.ts passes the validated environment). */
  readonly limits?: RequestLimits;
  readonly logger?: JsonLogger | false;
}

export interface SingleProcessApp {
  readonly app: INestApplication;
  readonly bus: InProcessBus;
  readonly url: string;
  readonly metrics: KermaMetrics;
  /** Each service's own copy of the API keys (what a deployed service checks keys against). */
  readonly apiKeyStores: Readonly<Record<string, ApiKeyStore>>;
}

/**
 * All five services in one process: the same modules and handlers as deployed, with the in-process
 * bus (durable, in its own SQLite file) instead of Kafka and one SQLite file per service instead of
 * PostgreSQL. One HTTP port.
 */
export async function startSingleProcessApp(options: SingleProcessOptions): Promise<SingleProcessApp> {
  const dataDir = resolve(options.dataDir);
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  const mapFontFile = options.mapFontFile ?? DEFAULT_MAP_FONT_FILE;
  const sqlite = (service: string) => ({ kind: 'sqlite' as const, path: join(dataDir, `${service}.sqlite`) });
  const busLog = new Logger('InProcessBus');
  // The messages between the services and each service's position, so a killed process resumes where it stopped.
  const bus = new InProcessBus({ path: join(dataDir, 'bus.sqlite'), log: (level, msg, fields) => busLog[level]({ msg, ...fields }) });
  // One registry for the five services; series name their service (consumer group, topic producer, controller).
  const metrics = new KermaMetrics({ service: 'kerma', producerOf: soleProducerOf });
  metrics.trackPendingMessages(() => bus.pendingByGroup());
  const brokerCheck: ReadinessCheck = { readinessName: 'broker', checkReady: () => bus.checkReady() };

  const services: Record<string, DynamicModule> = {
    ingest: IngestModule.register({
      database: sqlite('ingest'),
      storageDir: join(dataDir, 'archive'),
      publicBaseUrl: url,
      defaultSite: options.defaultSite,
      maxRequestBytes: 256 * 1024 * 1024,
      outboxIntervalMs: 10_000,
      maxEmbeddedOriginalBytes: options.maxEmbeddedOriginalBytes,
      dicom: options.dicom,
    }),
    parser: ParserModule.register({
      database: sqlite('parser'),
      maxObjectBytes: 256 * 1024 * 1024,
      fetchTimeoutMs: 30_000,
      serviceToken: options.serviceToken,
    }),
    'skin-dose': SkinDoseModule.register({
      database: sqlite('skin-dose'),
      publicBaseUrl: url,
      profiles: options.profiles ?? [],
      engine: options.engine ?? { phantom: 'human' },
      mapFontFile,
      pendingSizeDays: options.pendingSizeDays,
    }),
    history: HistoryModule.register({ database: sqlite('history'), mapFontFile, drlTable: options.drlTable, fhirPush: options.fhirPush }),
    notification: NotificationModule.register({
      database: sqlite('notification'),
      rules: options.alertRules ?? DEFAULT_ALERT_RULES,
      followUpSweepIntervalMs: options.followUpSweepIntervalMs ?? 60_000,
      delivery: options.alertDelivery,
    }),
  };
  const serviceOfController = new Map(
    Object.entries(services).flatMap(([service, module]) => (module.controllers ?? []).map((c) => [c as Function, service] as const)),
  );

  @Module({
    imports: [MessagingModule.register(new InProcessEventPublisher(bus, metrics)), MetricsModule.register(metrics), HealthModule, ...Object.values(services)],
    providers: [{ provide: BROKER_READINESS, useValue: brokerCheck }],
  })
  class SingleProcessModule {}

  const auth = options.auth ?? { mode: 'none', explicit: false };
  const app = await NestFactory.create(SingleProcessModule, { logger: options.logger ?? new JsonLogger('kerma') });
  traceHttp(app);
  hardenHttp(app);
  outlastProxyKeepAlive(app);
  recordHttpMetrics(app, metrics, serviceOfController);
  app.connectMicroservice({ strategy: new InProcessServer(bus, options.retryPolicy, metrics) });
  // History owns the API keys and applies a change before answering: checking keys against its copy
  // makes a created or revoked key count at once for every route of the process.
  enableAuth(app, auth, { apiKeys: app.select(services.history).get(ApiKeyStore), limits: options.limits ?? { ...DEFAULT_REQUEST_LIMITS, ratePerMinute: 0 } });
  // Swagger's routes bypass Nest guards: with authentication on, the API documentation is not served.
  if (auth.mode === 'none') mountOpenApi(app, 'Kerma (single process)');
  // HTTP first: messages left pending by a previous run are delivered as soon as the consumers start,
  // and the parser fetches their objects from this very server. Requests arriving before that only
  // publish, which the bus keeps until the consumers subscribe.
  await app.listen(options.port, options.host);
  await app.startAllMicroservices();
  // Ingest answers once an object is stored and lets its outbox relay announce it: "everything
  // accepted has been handled" therefore includes the relay's pending run.
  const relay = app.get(OutboxRelay, { strict: false });
  const auditTrails = Object.values(services).map((module) => app.select(module).get(AuditTrail));
  const drainBus = bus.drain.bind(bus);
  bus.drain = async () => {
    await relay.idle();
    await Promise.all(auditTrails.map((trail) => trail.idle()));
    await drainBus();
  };
  const apiKeyStores = Object.fromEntries(
    ['ingest', 'skin-dose', 'history', 'notification'].map((service) => [service, app.select(services[service]).get(ApiKeyStore)]),
  );
  return { app, bus, url, metrics, apiKeyStores };
}

/** The service that produces a topic, when only one does (dead-letter topics have several). */
function soleProducerOf(topic: string): string | undefined {
  const producers = TOPIC_FLOW[topic]?.producers ?? [];
  return producers.length === 1 ? producers[0] : undefined;
}

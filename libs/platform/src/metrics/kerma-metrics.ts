import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeadLetter } from '@kerma/contracts';
import type { DeliveryOutcome, MessagingMetrics, PartitionLag } from '@kerma/messaging';

/** Stage states of history's study records, counted on scrape. */
export interface StageCount {
  readonly stage: string;
  readonly state: string;
  readonly studies: number;
}

export interface KermaMetricsOptions {
  /**
   * The service a series belongs to when nothing more specific is known: the service's name deployed,
   * `kerma` in the single process (its HTTP routes and consumer groups still name their service).
   */
  readonly service: string;
  /** The service that produces a topic, when the process hosts several (the single process). */
  readonly producerOf?: (topic: string) => string | undefined;
}

const HANDLER_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const SKIN_DOSE_BUCKETS_S = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The process's one Prometheus registry and every Kerma series. Labels hold only route templates,
 * methods, statuses, topics, consumer groups, stages and alert rules: never an id, a name or a value
 * that comes from a report. Gauges that describe state (lag, pending messages, studies per stage)
 * are read from their source on scrape rather than maintained, so they are true after a restart.
 */
export class KermaMetrics implements MessagingMetrics {
  readonly registry = new Registry();
  readonly service: string;
  private readonly producerOf: (topic: string) => string | undefined;

  private readonly httpRequests = new Counter({
    name: 'kerma_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['service', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'kerma_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status',
    labelNames: ['service', 'route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly consumed = new Counter({
    name: 'kerma_messages_consumed_total',
    help: 'Messages concluded by a consumer group: handled, or dead-lettered',
    labelNames: ['service', 'topic', 'group', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly producedTotal = new Counter({
    name: 'kerma_messages_produced_total',
    help: 'Events accepted by the transport (broker acknowledgement, or stored by the embedded bus)',
    labelNames: ['service', 'topic'] as const,
    registers: [this.registry],
  });
  private readonly retriedTotal = new Counter({
    name: 'kerma_messages_retried_total',
    help: 'Handler failures of an unknown kind, retried after a backoff',
    labelNames: ['service', 'topic', 'group'] as const,
    registers: [this.registry],
  });
  private readonly transientWaits = new Counter({
    name: 'kerma_messages_transient_waits_total',
    help: 'Waits of a message for an unavailable dependency (database, broker, HTTP peer)',
    labelNames: ['service', 'topic', 'group'] as const,
    registers: [this.registry],
  });
  private readonly deadLetteredTotal = new Counter({
    name: 'kerma_messages_dead_lettered_total',
    help: 'Messages written to their dead-letter topic, by failure kind',
    labelNames: ['service', 'topic', 'group', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly handlerDuration = new Histogram({
    name: 'kerma_message_handler_duration_seconds',
    help: 'Time of one handler call, by result (ok, failed)',
    labelNames: ['service', 'topic', 'group', 'result'] as const,
    buckets: HANDLER_BUCKETS_S,
    registers: [this.registry],
  });
  private readonly skinDoseDuration = new Histogram({
    name: 'kerma_skin_dose_computation_seconds',
    help: 'Time of one skin-dose computation by the engine, by method',
    labelNames: ['service', 'method'] as const,
    buckets: SKIN_DOSE_BUCKETS_S,
    registers: [this.registry],
  });
  private readonly alertsRaised = new Counter({
    name: 'kerma_dose_alerts_raised_total',
    help: 'Dose alerts raised (once per study, metric and level), by metric and level',
    labelNames: ['service', 'metric', 'level'] as const,
    registers: [this.registry],
  });

  private readonly reprocessStudies = new Counter({
    name: 'kerma_reprocess_studies_total',
    help: 'Studies whose stored objects were queued to be read again, by how they were chosen (study: one by UID; selection: a page of a filtered selection)',
    labelNames: ['service', 'selection'] as const,
    registers: [this.registry],
  });
  private readonly reprocessObjects = new Counter({
    name: 'kerma_reprocess_objects_total',
    help: 'Stored objects queued to be announced again, by how their study was chosen',
    labelNames: ['service', 'selection'] as const,
    registers: [this.registry],
  });

  private readonly fhirPushes = new Counter({
    name: 'kerma_fhir_push_attempts_total',
    help: 'Attempts to push a study dose summary to the FHIR server, by outcome (pushed, retry, refused)',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly fhirPushDuration = new Histogram({
    name: 'kerma_fhir_push_duration_seconds',
    help: 'Time of one push attempt to the FHIR server, by outcome',
    labelNames: ['service', 'outcome'] as const,
    buckets: HANDLER_BUCKETS_S,
    registers: [this.registry],
  });

  constructor(options: KermaMetricsOptions) {
    this.service = options.service;
    this.producerOf = options.producerOf ?? (() => undefined);
    collectDefaultMetrics({ register: this.registry, prefix: 'kerma_', labels: { service: this.service } });
  }

  httpRequest(service: string, route: string, method: string, status: number, seconds: number): void {
    const labels = { service, route, method, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  handlerFinished(topic: string, group: string, result: 'ok' | 'failed', seconds: number): void {
    this.handlerDuration.observe({ service: serviceOfGroup(group), topic, group, result }, seconds);
  }

  delivered(topic: string, group: string, outcome: DeliveryOutcome): void {
    this.consumed.inc({ service: serviceOfGroup(group), topic, group, outcome });
  }

  retried(topic: string, group: string): void {
    this.retriedTotal.inc({ service: serviceOfGroup(group), topic, group });
  }

  waitedOnTransient(topic: string, group: string): void {
    this.transientWaits.inc({ service: serviceOfGroup(group), topic, group });
  }

  deadLettered(topic: string, group: string, kind: DeadLetter['error']['kind']): void {
    this.deadLetteredTotal.inc({ service: serviceOfGroup(group), topic, group, kind });
  }

  produced(topic: string): void {
    this.producedTotal.inc({ service: this.producerOf(topic) ?? this.service, topic });
  }

  skinDoseComputed(method: string, seconds: number): void {
    this.skinDoseDuration.observe({ service: 'skin-dose', method }, seconds);
  }

  reprocessQueued(selection: 'study' | 'selection', studies: number, objects: number): void {
    this.reprocessStudies.inc({ service: 'ingest', selection }, studies);
    this.reprocessObjects.inc({ service: 'ingest', selection }, objects);
  }

  alertRaised(metric: string, level: string): void {
    this.alertsRaised.inc({ service: 'notification', metric, level });
  }

  /** Consumer lag of a Kafka consumer group, read on scrape. A failed read leaves the series out of that scrape (and is logged by `onError`). */
  trackConsumerLag(group: string, read: () => Promise<readonly PartitionLag[]>, onError: (err: Error) => void): void {
    const service = serviceOfGroup(group);
    new Gauge({
      name: 'kerma_consumer_lag_messages',
      help: 'Messages on a partition after the consumer group committed position (Kafka transport)',
      labelNames: ['service', 'group', 'topic', 'partition'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const p of await read()) this.set({ service, group, topic: p.topic, partition: String(p.partition) }, p.lagMessages);
        } catch (err) {
          onError(err as Error);
        }
      },
    });
  }

  /** Messages each consumer group of the embedded bus has not finished, read on scrape. */
  trackPendingMessages(read: () => readonly { group: string; pending: number }[]): void {
    new Gauge({
      name: 'kerma_bus_pending_messages',
      help: 'Messages a consumer group of the embedded bus has not finished (single process)',
      labelNames: ['service', 'group'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const g of read()) this.set({ service: serviceOfGroup(g.group), group: g.group }, g.pending);
      },
    });
  }

  /** Studies per stage and state, from history's records, read on scrape. */
  fhirPushAttempted(outcome: 'pushed' | 'retry' | 'refused', seconds: number): void {
    this.fhirPushes.inc({ service: 'history', outcome });
    this.fhirPushDuration.observe({ service: 'history', outcome }, seconds);
  }

  /** `kerma_fhir_pushes`: history's push journal by status (pending is the backlog), counted on scrape. */
  trackFhirPushBacklog(read: () => Promise<readonly { status: string; studies: number }[]>, onError: (err: Error) => void): void {
    new Gauge({
      name: 'kerma_fhir_pushes',
      help: 'Studies in the FHIR push journal, by status (pending, pushed, refused)',
      labelNames: ['service', 'status'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const c of await read()) this.set({ service: 'history', status: c.status }, c.studies);
        } catch (err) {
          onError(err as Error);
        }
      },
    });
  }

  trackStudiesPerStage(read: () => Promise<readonly StageCount[]>, onError: (err: Error) => void): void {
    new Gauge({
      name: 'kerma_studies',
      help: 'Studies known to history, by stage (received, parsed, skin-dose) and state',
      labelNames: ['service', 'stage', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const c of await read()) this.set({ service: 'history', stage: c.stage, state: c.state }, c.studies);
        } catch (err) {
          onError(err as Error);
        }
      },
    });
  }
}

/** Consumer groups are `kerma-<service>`: the service label of a message's series. */
export function serviceOfGroup(group: string): string {
  return group.startsWith('kerma-') ? group.slice('kerma-'.length) : group;
}

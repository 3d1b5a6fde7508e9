import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { In, IsNull, type Repository } from 'typeorm';
import { AuditV1 } from '@kerma/contracts';
import type { EventPublisher } from '@kerma/messaging';
import { SingleFlight } from '../bootstrap/single-flight';
import { AuditRecord } from './audit-record.entity';

/** Records not yet published are retried this often even when no new request kicks the relay. */
const RETRY_INTERVAL_MS = 30_000;
const BATCH = 200;

/**
 * A service's audit records: written to its own database first (the request is not answered without
 * it), then published on kerma.audit.v1 by a relay, so a broker outage delays the trail but loses nothing.
 */
export class AuditTrail implements OnModuleDestroy {
  private readonly log = new Logger('Audit');
  private readonly relay: SingleFlight;

  constructor(
    private readonly records: Repository<AuditRecord>,
    private readonly publisher: EventPublisher,
    readonly service: string,
  ) {
    this.relay = new SingleFlight(
      () => this.publishPending(),
      (err) => this.log.warn({ msg: 'audit records not published yet', error: err.message }),
    );
    this.relay.kickEvery(RETRY_INTERVAL_MS);
  }

  async record(event: AuditV1): Promise<void> {
    await this.records.insert(recordOf(AuditV1.parse(event), null));
    this.relay.kick();
  }

  /** A record received from kerma.audit.v1 (any service's): kept once, never published again. */
  async keep(event: AuditV1): Promise<void> {
    if (await this.records.existsBy({ id: event.eventId })) return;
    await this.records.insert(recordOf(event, event.occurredAt));
  }

  /** Resolves once every record written so far has been offered to the broker. */
  async idle(): Promise<void> {
    await this.relay.idle();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  private async publishPending(): Promise<'done' | 'stop'> {
    for (;;) {
      const pending = await this.records.find({ where: { publishedAt: IsNull() }, order: { at: 'ASC' }, take: BATCH });
      if (pending.length === 0) return 'done';
      // Offered together (the in-process bus appends them in one transaction, the Kafka client sends them
      // concurrently), then marked in one statement: an audited read costs one fsync less each. Order does not
      // matter: history keeps each record once, by id, with its own time.
      await Promise.all(pending.map((record) => this.publisher.publish(AuditV1, eventOf(record))));
      await this.records.update({ id: In(pending.map((r) => r.id)) }, { publishedAt: new Date().toISOString() });
    }
  }
}

function recordOf(event: AuditV1, publishedAt: string | null): AuditRecord {
  return {
    id: event.eventId,
    at: event.at,
    service: event.service,
    subject: event.subject,
    via: event.via,
    keyId: event.keyId,
    roles: event.roles.join(','),
    action: event.action,
    method: event.method,
    route: event.route,
    site: event.site,
    patientKeys: event.patientKeys.join(','),
    studyInstanceUids: event.studyInstanceUids.join(','),
    clientIp: event.clientIp,
    status: event.status,
    publishedAt,
  };
}

export function eventOf(record: AuditRecord): AuditV1 {
  return {
    eventId: record.id,
    occurredAt: record.at,
    service: record.service,
    subject: record.subject,
    via: record.via as AuditV1['via'],
    keyId: record.keyId,
    roles: listOf(record.roles),
    action: record.action as AuditV1['action'],
    method: record.method,
    route: record.route,
    site: record.site,
    patientKeys: listOf(record.patientKeys),
    studyInstanceUids: listOf(record.studyInstanceUids),
    clientIp: record.clientIp,
    status: record.status,
    at: record.at,
  };
}

function listOf(text: string): string[] {
  return text.split(',').filter(Boolean);
}

import { randomUUID } from 'node:crypto';
import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import { nameBasedUuid, patientLinkKey, PatientLinkV1, type PatientIdentity } from '@kerma/contracts';
import { EventPublisher } from '@kerma/messaging';
import { canSeeSite, SingleFlight, type Principal } from '@kerma/platform';
import { StudyRecord } from '../persistence/study-record.entity';
import type { IdentityPair } from './linked-identities';
import { PatientLink } from './patient-link.entity';

/** How often links whose event could not be published are published again. */
const RELAY_INTERVAL_MS = 30_000;

/** Who states a change, why and from where (the audit of a link or an unlink). */
export interface LinkStatement {
  readonly by: string;
  readonly reason: string;
  readonly from: string | null;
}

export const identitiesOf = (l: PatientLink): [PatientIdentity, PatientIdentity] => [
  { site: l.aSite, issuer: l.aIssuer, patientId: l.aPatientId },
  { site: l.bSite, issuer: l.bIssuer, patientId: l.bPatientId },
];

/**
 * The patient links history owns: recorded with their audit, then announced on kerma.patient-link.v1
 * (a failed publication is retried by a relay, in order per link: link before unlink). A site
 * administrator may only link identities of sites in their scope.
 */
@Injectable()
export class PatientLinksService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(PatientLinksService.name);
  private readonly relay = new SingleFlight(
    () => this.publishPending(),
    (err) => this.log.warn({ msg: 'patient link publication failed; the relay retries', error: err.message }),
  );

  constructor(
    @InjectRepository(PatientLink, 'history') private readonly links: Repository<PatientLink>,
    @InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.relay.kick();
    this.relay.kickEvery(RELAY_INTERVAL_MS);
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
  }

  /** The active links (who is who now). */
  async activePairs(): Promise<IdentityPair[]> {
    const rows = await this.links.findBy({ active: true });
    return rows.map((l) => {
      const [a, b] = identitiesOf(l);
      return { a, b };
    });
  }

  async link(principal: Principal, identities: [PatientIdentity, PatientIdentity], statement: LinkStatement): Promise<PatientLink> {
    await this.assertMayLink(principal, identities);
    const pairKey = patientLinkKey(identities);
    if (await this.links.existsBy({ pairKey, active: true }))
      throw new ConflictException({ statusCode: 409, code: 'already-linked', message: 'these two identities are already linked' });
    const [a, b] = identities;
    const row = this.links.create({
      id: randomUUID(),
      pairKey,
      aSite: a.site,
      aIssuer: a.issuer,
      aPatientId: a.patientId,
      bSite: b.site,
      bIssuer: b.issuer,
      bPatientId: b.patientId,
      active: true,
      linkedAt: new Date().toISOString(),
      linkedBy: statement.by,
      linkReason: statement.reason,
      linkedFrom: statement.from,
      linkPublishedAt: null,
      unlinkedAt: null,
      unlinkedBy: null,
      unlinkReason: null,
      unlinkedFrom: null,
      unlinkPublishedAt: null,
    });
    await this.links.insert(row);
    this.log.log({ msg: 'patient identities linked', linkId: row.id, by: row.linkedBy });
    return this.announce(row);
  }

  async unlink(principal: Principal, linkId: string, statement: LinkStatement): Promise<PatientLink> {
    const row = await this.visible(principal, linkId);
    if (!row.active) throw new ConflictException({ statusCode: 409, code: 'already-unlinked', message: `this link was undone on ${row.unlinkedAt}` });
    const unlinkedAt = new Date().toISOString();
    const changed = await this.links.update(
      { id: row.id, active: true },
      { active: false, unlinkedAt, unlinkedBy: statement.by, unlinkReason: statement.reason, unlinkedFrom: statement.from },
    );
    if (changed.affected !== 1) throw new ConflictException({ statusCode: 409, code: 'already-unlinked', message: 'this link was undone meanwhile' });
    this.log.log({ msg: 'patient identities unlinked', linkId: row.id, by: statement.by });
    return this.announce(await this.links.findOneByOrFail({ id: row.id }));
  }

  /** A link of the caller's scope (both sites visible); another is answered as unknown. */
  async visible(principal: Principal, linkId: string): Promise<PatientLink> {
    const row = /^[0-9a-f-]{36}$/.test(linkId) ? await this.links.findOneBy({ id: linkId }) : null;
    if (!row || !identitiesOf(row).every((i) => canSeeSite(principal, i.site))) throw new NotFoundException('no such patient link');
    return row;
  }

  /** Links of the caller's scope, newest first; with `patientId`, those naming it on either side. */
  async list(principal: Principal, patientId: string | null): Promise<PatientLink[]> {
    const rows = await this.links.find({
      where: patientId === null ? {} : [{ aPatientId: patientId }, { bPatientId: patientId }],
      order: { linkedAt: 'DESC' },
    });
    return rows.filter((l) => identitiesOf(l).every((i) => canSeeSite(principal, i.site)));
  }

  /** Relay: every half not yet published, in order per link (a link's unlink after its link). */
  async idle(): Promise<void> {
    await this.relay.idle();
  }

  private async announce(row: PatientLink): Promise<PatientLink> {
    this.relay.kick();
    await this.relay.idle();
    return (await this.links.findOneBy({ id: row.id })) ?? row;
  }

  /** 403 when a site is outside the caller's scope (checked first: nothing is disclosed of it); 404 when history has no study of an identity at its site. */
  private async assertMayLink(principal: Principal, identities: readonly PatientIdentity[]): Promise<void> {
    for (const i of identities) if (!canSeeSite(principal, i.site)) throw new ForbiddenException(`site "${i.site}" is outside your site scope`);
    for (const i of identities) {
      const known = await this.records.existsBy({ site: i.site, patientId: i.patientId, patientIdIssuer: i.issuer === null ? IsNull() : i.issuer });
      if (!known) throw new NotFoundException(`no study of this patient identity at site "${i.site}"`);
    }
  }

  private async publishPending(): Promise<'done'> {
    const pending = await this.links.find({
      where: [{ linkPublishedAt: IsNull() }, { active: false, unlinkPublishedAt: IsNull() }],
      order: { linkedAt: 'ASC' },
    });
    for (const row of pending) {
      if (row.linkPublishedAt === null) {
        await this.events.publish(PatientLinkV1, this.event(row, 'linked'));
        row.linkPublishedAt = new Date().toISOString();
        await this.links.update({ id: row.id }, { linkPublishedAt: row.linkPublishedAt });
      }
      if (!row.active && row.unlinkPublishedAt === null) {
        await this.events.publish(PatientLinkV1, this.event(row, 'unlinked'));
        await this.links.update({ id: row.id }, { unlinkPublishedAt: new Date().toISOString() });
      }
    }
    return 'done';
  }

  private event(row: PatientLink, action: 'linked' | 'unlinked'): PatientLinkV1 {
    const unlinked = action === 'unlinked';
    return {
      eventId: nameBasedUuid(['kerma.patient-link.v1', row.id, action]),
      occurredAt: new Date().toISOString(),
      linkId: row.id,
      action,
      identities: identitiesOf(row),
      by: unlinked ? row.unlinkedBy! : row.linkedBy,
      at: unlinked ? row.unlinkedAt! : row.linkedAt,
      reason: unlinked ? row.unlinkReason! : row.linkReason,
    };
  }
}

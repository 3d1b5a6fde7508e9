import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { patientKey, type PatientIdentity, type PatientLinkV1, type PatientRef } from '@kerma/contracts';
import { NotificationPatientLink } from '../persistence/patient-link.entity';
import { linkedKeys } from './linked-keys';

/** The patient key of an identity: the key its study events carry. */
export const keyOf = (i: PatientIdentity): string => patientKey({ site: i.site, patientId: i.patientId, issuer: i.issuer, studyInstanceUid: '' });

/** The patient links notification follows (kerma.patient-link.v1), and the persons they make. */
@Injectable()
export class PatientLinksService {
  constructor(@InjectRepository(NotificationPatientLink, 'notification') private readonly links: Repository<NotificationPatientLink>) {}

  /** The patient keys that are one person with this one (itself included), sorted. */
  async personKeys(key: string): Promise<string[]> {
    return linkedKeys(key, await this.links.findBy({ active: true }));
  }

  /** Records a link or an unlink; a redelivered event changes nothing, and a link once undone stays undone. */
  async apply(event: PatientLinkV1): Promise<void> {
    const found = await this.links.findOneBy({ linkId: event.linkId });
    if (event.action === 'unlinked') {
      if (found?.active === false) return;
      await this.links.save({ ...(found ?? this.rowOf(event)), active: false, unlinkedAt: event.at });
      return;
    }
    if (!found) await this.links.insert({ ...this.rowOf(event), active: true });
  }

  /** The patient reference (id, issuer, key) of a linked key, from the links that name it. */
  async patientOf(key: string): Promise<PatientRef | null> {
    const row = await this.links.findOne({ where: [{ aKey: key }, { bKey: key }] });
    if (!row) return null;
    return row.aKey === key ? { id: row.aPatientId, issuer: row.aIssuer, key } : { id: row.bPatientId, issuer: row.bIssuer, key };
  }

  private rowOf(event: PatientLinkV1): NotificationPatientLink {
    const [a, b] = event.identities;
    return this.links.create({
      linkId: event.linkId,
      aKey: keyOf(a),
      aSite: a.site,
      aIssuer: a.issuer,
      aPatientId: a.patientId,
      bKey: keyOf(b),
      bSite: b.site,
      bIssuer: b.issuer,
      bPatientId: b.patientId,
      active: event.action === 'linked',
      linkedAt: event.at,
      unlinkedAt: null,
    });
  }
}

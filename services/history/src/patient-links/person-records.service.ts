import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, type FindOptionsWhere, type Repository } from 'typeorm';
import type { PatientIdentity } from '@kerma/contracts';
import { StudyRecord } from '../persistence/study-record.entity';
import { issuerWhere, onePatient, type IssuerQuery } from '../patients/patient-identity';
import { identityId, linkedIdentities } from './linked-identities';
import { PatientLinksService } from './patient-links.service';

export interface PersonRecords {
  /** Each study once, however many identities reach it. */
  readonly records: StudyRecord[];
  readonly issuers: (string | null)[];
  /** The identities linked to the asked one (within the caller's sites) whose studies were added. */
  readonly linkedIdentities: PatientIdentity[];
}

const identityOf = (r: StudyRecord): PatientIdentity => ({ site: r.site, issuer: r.patientIdIssuer, patientId: r.patientId! });

/**
 * The studies of one person: those of the asked patient id (and issuer) within the caller's sites, plus
 * those of every identity linked to it, directly or through others (patient links), still within the
 * caller's sites. `sites` null: every site.
 */
@Injectable()
export class PersonRecordsService {
  constructor(
    @InjectRepository(StudyRecord, 'history') private readonly studies: Repository<StudyRecord>,
    private readonly links: PatientLinksService,
  ) {}

  async of(patientId: string, which: IssuerQuery, sites: readonly string[] | null): Promise<PersonRecords> {
    const inScope: FindOptionsWhere<StudyRecord> = sites ? { site: In([...sites]) } : {};
    const own = await this.studies.find({ where: { patientId, ...issuerWhere(which), ...inScope } });
    const { issuers } = onePatient(which, own);
    const start = uniqueIdentities(own.map(identityOf));
    const others = await this.linkedTo(start, sites);
    if (others.length === 0) return { records: own, issuers, linkedIdentities: [] };
    const linked = await this.studies.find({ where: others.map(whereIdentity) });
    const byUid = new Map([...own, ...linked].map((r) => [r.studyInstanceUid, r]));
    return { records: [...byUid.values()], issuers, linkedIdentities: others };
  }

  /** The identities linked to these (not these), at the given sites only. */
  async linkedTo(start: readonly PatientIdentity[], sites: readonly string[] | null): Promise<PatientIdentity[]> {
    const pairs = await this.links.activePairs();
    if (pairs.length === 0) return [];
    const given = new Set(start.map(identityId));
    return linkedIdentities(start, pairs).filter((i) => !given.has(identityId(i)) && (sites === null || sites.includes(i.site)));
  }
}

export function whereIdentity(i: PatientIdentity): FindOptionsWhere<StudyRecord> {
  return { site: i.site, patientId: i.patientId, patientIdIssuer: i.issuer === null ? IsNull() : i.issuer };
}

function uniqueIdentities(list: readonly PatientIdentity[]): PatientIdentity[] {
  return [...new Map(list.map((i) => [identityId(i), i])).values()];
}

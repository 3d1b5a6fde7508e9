import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { PatientRef } from '@kerma/contracts';
import { StudyRecord } from '../persistence/study-record.entity';

export interface StudyIdentity {
  readonly studyInstanceUid: string;
  readonly site: string;
  readonly patient: PatientRef;
}

const MAX_CONFLICTS = 20;

/**
 * Applies one stage's news to a study record. Events of different topics arrive in any order and
 * concurrently, so each change is an optimistic read-modify-write: the update only lands if nobody
 * changed the record in between (version check), otherwise it is replayed on the fresh record.
 */
@Injectable()
export class StudyRecordsService {
  constructor(@InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>) {}

  async update(identity: StudyIdentity, change: (record: StudyRecord) => void): Promise<StudyRecord> {
    for (let conflict = 0; conflict < MAX_CONFLICTS; conflict++) {
      const existing = await this.records.findOneBy({ studyInstanceUid: identity.studyInstanceUid });
      if (!existing) {
        const created = this.blank(identity);
        change(created);
        created.updatedAt = new Date().toISOString();
        try {
          await this.records.insert(created);
          return created;
        } catch (err) {
          if (await this.records.existsBy({ studyInstanceUid: identity.studyInstanceUid })) continue;
          throw err;
        }
      }
      const seen = existing.version;
      change(existing);
      existing.version = seen + 1;
      existing.updatedAt = new Date().toISOString();
      const { studyInstanceUid, ...columns } = existing;
      const result = await this.records
        .createQueryBuilder()
        .update(StudyRecord)
        .set(columns)
        .where('study_instance_uid = :studyInstanceUid AND version = :seen', { studyInstanceUid, seen })
        .execute();
      if (result.affected === 1) return existing;
    }
    throw new Error(`study ${identity.studyInstanceUid}: gave up after ${MAX_CONFLICTS} concurrent updates`);
  }

  find(studyInstanceUid: string): Promise<StudyRecord | null> {
    return this.records.findOneBy({ studyInstanceUid });
  }

  private blank(identity: StudyIdentity): StudyRecord {
    return this.records.create({
      studyInstanceUid: identity.studyInstanceUid,
      site: identity.site,
      patientKey: identity.patient.key,
      patientId: identity.patient.id,
      patientIdIssuer: identity.patient.issuer,
      studyDateTime: null,
      device: null,
      sopInstanceUids: [],
      studyRevision: 0,
      receivedState: 'pending',
      receivedAt: null,
      parsedState: 'pending',
      parsedAt: null,
      kind: null,
      totals: null,
      ct: null,
      mammography: null,
      skinDoseApplicability: null,
      skinDoseState: 'pending',
      skinDose: null,
      alerts: [],
      failures: [],
      version: 1,
    });
  }
}

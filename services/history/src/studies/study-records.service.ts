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

/**
 * Applies one stage's news to a study record. Events of different topics arrive in any order, so
 * each change is a read-modify-write of the one record, creating it on first sight.
 */
@Injectable()
export class StudyRecordsService {
  constructor(@InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>) {}

  async update(identity: StudyIdentity, change: (record: StudyRecord) => void): Promise<StudyRecord> {
    return this.records.manager.transaction(async (tx) => {
      const repo = tx.getRepository(StudyRecord);
      const existing = await repo.findOneBy({ studyInstanceUid: identity.studyInstanceUid });
      const record = existing ?? this.blank(identity);
      change(record);
      record.updatedAt = new Date().toISOString();
      await repo.save(record);
      return record;
    });
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
      receivedState: 'pending',
      receivedAt: null,
      parsedState: 'pending',
      parsedAt: null,
      totals: null,
      skinDoseState: 'pending',
      skinDose: null,
      alerts: [],
      failures: [],
    });
  }
}

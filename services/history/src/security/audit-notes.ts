import { noteAudited } from '@kerma/platform';
import type { StudyRecord } from '../persistence/study-record.entity';

/** The patients (by key), studies and sites an audited read served. */
export function noteAuditedRecords(records: readonly StudyRecord[]): void {
  noteAudited({ patientKeys: records.map((r) => r.patientKey), studyInstanceUids: records.map((r) => r.studyInstanceUid), sites: records.map((r) => r.site) });
}

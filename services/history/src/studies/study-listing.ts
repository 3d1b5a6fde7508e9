import type { StudyRecord } from '../persistence/study-record.entity';

/** Where a study stands as a whole: what `?status=` filters on. */
export type OverallStatus = 'pending' | 'complete' | 'failed';
export const OVERALL_STATUSES: readonly OverallStatus[] = ['pending', 'complete', 'failed'];

/**
 * A study with a failure still standing (a stage failed, or a dead letter not cleared) is failed;
 * one whose every stage is done (or has nothing to do) is complete; anything else is still pending.
 */
export function overallStatus(r: Pick<StudyRecord, 'receivedState' | 'parsedState' | 'skinDoseState' | 'failures'>): OverallStatus {
  if (r.failures.length > 0 || [r.receivedState, r.parsedState, r.skinDoseState].includes('failed')) return 'failed';
  const finished = (state: string) => state === 'done' || state === 'not-applicable';
  return r.receivedState === 'done' && r.parsedState === 'done' && finished(r.skinDoseState) ? 'complete' : 'pending';
}

const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?)?$/;

/**
 * The study date-time as 20 digits (YYYYMMDDhhmmssffffff): equal-length digit strings order the same
 * under every database collation, which ISO text with separators does not. An unknown or unreadable
 * date-time is '' and so sorts after every dated study (newest first).
 */
export function studySortKey(studyDateTime: string | null): string {
  const m = studyDateTime === null ? null : ISO_LOCAL.exec(studyDateTime);
  if (!m) return '';
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = ''] = m;
  return `${y}${mo}${d}${h}${mi}${s}${frac.padEnd(6, '0')}`;
}

/** The columns the study list filters and sorts on, derived from the record in this one place. */
export function refreshListingColumns(r: StudyRecord): void {
  r.studySortKey = studySortKey(r.studyDateTime);
  // Columns are 64 wide (DICOM LO); a longer value from a non-conformant device is cut, not refused.
  r.stationName = r.device?.stationName?.slice(0, 64) ?? null;
  r.modelName = r.device?.modelName?.slice(0, 64) ?? null;
  r.overallStatus = overallStatus(r);
}

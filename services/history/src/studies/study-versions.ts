import type { StudyRecord } from '../persistence/study-record.entity';

/** What made a study's figures a version: a new study revision (report or reprocess), or a recomputed skin dose. */
export type VersionReason = 'study-revision' | 'skin-dose';

/** The part of a study record that a new revision or a recomputation replaces. */
export type StudyFigures = Pick<
  StudyRecord,
  | 'studyRevision'
  | 'parsedAt'
  | 'parserVersion'
  | 'sopInstanceUids'
  | 'kind'
  | 'doseSource'
  | 'totals'
  | 'ct'
  | 'mammography'
  | 'nuclearMedicine'
  | 'skinDoseApplicability'
  | 'skinDose'
>;

const FIGURE_NAMES = [
  'studyRevision',
  'parsedAt',
  'parserVersion',
  'sopInstanceUids',
  'kind',
  'doseSource',
  'totals',
  'ct',
  'mammography',
  'nuclearMedicine',
  'skinDoseApplicability',
  'skinDose',
] as const satisfies readonly (keyof StudyFigures)[];

export function studyFigures(record: StudyRecord): StudyFigures {
  return Object.fromEntries(FIGURE_NAMES.map((name) => [name, record[name]])) as unknown as StudyFigures;
}

/**
 * Why `after` replaces the figures `before` (null: it only completes or repeats them). The first news of
 * a newer study revision (the parsed study, or its skin dose when that arrives first) replaces them;
 * so does a skin dose computed again for the same revision. A state whose skin dose belongs to another
 * revision is a half-way state: the complete one before it was kept when that revision began.
 */
export function replacementReason(before: StudyFigures, after: StudyFigures): VersionReason | null {
  const old = before.skinDose;
  if (before.studyRevision === 0 || (old !== null && old.studyRevision !== before.studyRevision)) return null;
  if (after.studyRevision > before.studyRevision) return 'study-revision';
  if (old !== null && after.skinDose !== null && after.skinDose.calculatedAt !== old.calculatedAt)
    return after.skinDose.studyRevision > before.studyRevision ? 'study-revision' : 'skin-dose';
  return null;
}

/** Names of the figures that differ between two states of a study. */
export function changedFigures(before: StudyFigures, after: StudyFigures): string[] {
  return FIGURE_NAMES.filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

import { Init1795774477975 } from './1795774477975-Init';
import { SkinDoseNotApplicable1796115705928 } from './1796115705928-SkinDoseNotApplicable';
import { Security1796126066939 } from './1796126066939-Security';
import { RoomsAndPatientSizes1796126316958 } from './1796126316958-RoomsAndPatientSizes';
import { SkinDoseValidations1796127266552 } from './1796127266552-SkinDoseValidations';
import { PendingPatientSizes1796130768643 } from './1796130768643-PendingPatientSizes';
import { StudyInputWithoutIdentity1796137474288 } from './1796137474288-StudyInputWithoutIdentity';
import { CompactStudyInput1796137622029 } from './1796137622029-CompactStudyInput';

/** In order; PostgreSQL (the SQLite quickstart synchronizes from the entities, after SKIN_DOSE_SQLITE_MIGRATIONS). */
export const SKIN_DOSE_MIGRATIONS: Function[] = [
  Init1795774477975,
  SkinDoseNotApplicable1796115705928,
  Security1796126066939,
  RoomsAndPatientSizes1796126316958,
  SkinDoseValidations1796127266552,
  PendingPatientSizes1796130768643,
  StudyInputWithoutIdentity1796137474288,
  CompactStudyInput1796137622029,
];

/** Data migrations for SQLite: they rewrite stored rows (compression) and leave the schema to synchronization. */
export const SKIN_DOSE_SQLITE_MIGRATIONS: Function[] = [CompactStudyInput1796137622029];

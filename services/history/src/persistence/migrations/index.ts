import { Init1795774478123 } from './1795774478123-Init';
import { SkinDoseMaps1796115458117 } from './1796115458117-SkinDoseMaps';
import { CoverageFigures1796115570603 } from './1796115570603-CoverageFigures';
import { StudyList1796118408968 } from './1796118408968-StudyList';
import { PatientLinks1796125993577 } from './1796125993577-PatientLinks';
import { Security1796126068325 } from './1796126068325-Security';
import { DoseObjects1796126538148 } from './1796126538148-DoseObjects';
import { DrlFigures1796130268330 } from './1796130268330-DrlFigures';
import { StudyVersions1796137623029 } from './1796137623029-StudyVersions';
import { FhirPush1796137799574 } from './1796137799574-FhirPush';
import { DrlGroupStatistics1796200000000 } from './1796200000000-DrlGroupStatistics';

/** In order; PostgreSQL only (the SQLite quickstart synchronizes from the entities). */
export const HISTORY_MIGRATIONS: Function[] = [
  Init1795774478123,
  SkinDoseMaps1796115458117,
  CoverageFigures1796115570603,
  StudyList1796118408968,
  PatientLinks1796125993577,
  Security1796126068325,
  DoseObjects1796126538148,
  DrlFigures1796130268330,
  StudyVersions1796137623029,
  FhirPush1796137799574,
  DrlGroupStatistics1796200000000,
];

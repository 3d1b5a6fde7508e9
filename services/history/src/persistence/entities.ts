import { SECURITY_ENTITIES } from '@kerma/platform';
import { StudySkinDoseMap } from '../skin-dose-maps/study-skin-dose-map.entity';
import { PatientLink } from '../patient-links/patient-link.entity';
import { StudyDoseFigure } from '../drl/study-dose-figure.entity';
import { StudyRecord } from './study-record.entity';
import { FhirPush } from '../fhir/fhir-push.entity';
import { StudyRecordVersion } from './study-record-version.entity';

/** Every entity of the history database (its migrations cover exactly these). */
export const HISTORY_ENTITIES = [StudyRecord, StudyRecordVersion, StudySkinDoseMap, PatientLink, StudyDoseFigure, FhirPush, ...SECURITY_ENTITIES];

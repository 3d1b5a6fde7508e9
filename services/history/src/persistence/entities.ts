import { StudySkinDoseMap } from '../skin-dose-maps/study-skin-dose-map.entity';
import { StudyDoseFigure } from '../drl/study-dose-figure.entity';
import { StudyRecord } from './study-record.entity';

/** Every entity of the history database (its migrations cover exactly these). */
export const HISTORY_ENTITIES = [StudyRecord, StudySkinDoseMap, StudyDoseFigure];

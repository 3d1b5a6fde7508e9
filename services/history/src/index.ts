export * from './history.module';
export * from './history-options';
export * from './config';
export { HISTORY_ENTITIES } from './persistence/entities';
export { HISTORY_MIGRATIONS } from './persistence/migrations';
export { StudyRecord } from './persistence/study-record.entity';
export { StudyRecordsService } from './studies/study-records.service';
export { parseStudySearch, encodeCursor } from './studies/study-search';

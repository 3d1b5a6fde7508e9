export * from './history.module';
export * from './history-options';
export * from './config';
export { HISTORY_ENTITIES } from './persistence/entities';
export { HISTORY_MIGRATIONS } from './persistence/migrations';

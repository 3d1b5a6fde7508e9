export * from './history.module';
export * from './history-options';
export * from './config';

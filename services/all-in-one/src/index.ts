export * from './single-process-app';

export * from './audit.v1';

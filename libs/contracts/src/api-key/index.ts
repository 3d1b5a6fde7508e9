export * from './api-key.v1';

export * from './dose-alert.v1';

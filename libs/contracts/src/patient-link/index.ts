export * from './patient-link.v1';

export * from './patient-identity.v1';

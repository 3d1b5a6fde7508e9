export * from './procedure';
export * from './errors';
export * from './empty-irradiation-event';

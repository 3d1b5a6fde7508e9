export * from './procedure';
export * from './errors';

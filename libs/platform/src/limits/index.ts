export * from './token-bucket';
export * from './limits-settings';
export * from './body-limits';

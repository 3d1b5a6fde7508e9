export * from './model';
export * from './api';

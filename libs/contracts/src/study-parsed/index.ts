export * from './study-parsed.v1';

export * from './study-parsed.v1';
export * from './study-parsed.v2';

export * from './rdsr-generator';
export * from './infra';
export * from './clients';

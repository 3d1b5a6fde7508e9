export * from './rdsr-generator';
export * from './infra';

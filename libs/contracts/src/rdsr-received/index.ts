export * from './rdsr-received.v1';

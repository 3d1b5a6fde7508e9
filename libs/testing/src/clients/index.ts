export * from './dimse-scu';
export * from './stow-client';

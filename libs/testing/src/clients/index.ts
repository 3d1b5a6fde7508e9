export * from './dimse-scu';
export * from './stow-client';
export * from './dcmtk';

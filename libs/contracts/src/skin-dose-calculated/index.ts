export * from './skin-dose-calculated.v1';
export * from './skin-dose-calculated.v2';

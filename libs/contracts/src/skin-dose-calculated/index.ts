export * from './skin-dose-calculated.v1';

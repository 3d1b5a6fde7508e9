export * from './skin-dose.module';
export * from './skin-dose-options';
export * from './config';

export * from './notification.module';
export * from './notification-options';
export * from './config';
export * from './rules/alert-rule';

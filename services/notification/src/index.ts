export * from './notification.module';
export * from './notification-options';
export * from './config';
export * from './rules/alert-rule';
export { NOTIFICATION_ENTITIES } from './persistence/entities';
export { NOTIFICATION_MIGRATIONS } from './persistence/migrations';
export { FollowUpService } from './alerts/follow-up.service';
export { RuleSetService } from './rules/rule-set.service';

export * from './audit-record.entity';
export * from './audit-trail';
export * from './audited';
export * from './service-security';

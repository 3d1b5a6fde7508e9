export * from './backoff';
export * from './leased-outbox-row';
export * from './leased-outbox-dispatcher';

export * from './roles';
export * from './auth-settings';
export * from './auth.guard';
export * from './oidc-verifier';
export * from './enable-auth';
export * from './service-token';
export * from './site-scope';
export * from './actor';

export * from './kerma-metrics';
export * from './metrics.module';
export * from './http-metrics';

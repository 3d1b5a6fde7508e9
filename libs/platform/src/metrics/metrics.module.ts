import { Global, Module, type DynamicModule } from '@nestjs/common';
import { KermaMetrics } from './kerma-metrics';
import { MetricsController } from './metrics.controller';

/** The process's metrics: `/metrics`, and `KermaMetrics` injectable by the services that record their own series. */
@Global()
@Module({})
export class MetricsModule {
  static register(metrics: KermaMetrics): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [{ provide: KermaMetrics, useValue: metrics }],
      exports: [KermaMetrics],
    };
  }
}

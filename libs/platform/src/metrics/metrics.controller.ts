import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContentResponse } from '../bootstrap/api-responses';
import { PublicRoute } from '../auth/roles';
import { KermaMetrics } from './kerma-metrics';

/** Prometheus text exposition of the process's registry; public like the probes (no label carries patient data). */
@ApiTags('health')
@PublicRoute()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: KermaMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics' })
  @ApiContentResponse(200, 'Prometheus text exposition format 0.0.4', 'text/plain', { type: 'string' })
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

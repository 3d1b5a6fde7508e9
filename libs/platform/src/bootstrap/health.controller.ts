import { Controller, Get, Module, ServiceUnavailableException } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { PublicRoute } from '../auth/roles';
import { isReadinessCheck, runReadinessChecks, type ReadinessCheck, type ReadinessReport } from './readiness';

/**
 * Liveness (`/health`: the process serves HTTP) and readiness (`/health/ready`: every database the
 * process holds answers `SELECT 1`, the broker answers, and whatever else a service registered as a
 * `ReadinessCheck`, such as ingest's archive, works). An orchestrator restarts on the first and only
 * stops sending traffic on the second: an unreachable database is not cured by a restart.
 */
const READINESS_REPORT = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ready', 'unavailable'] },
    checks: { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' }, error: { type: 'string' } } } },
  },
  required: ['status', 'checks'],
};

@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly discovery: DiscoveryService) {}

  @Get()
  @ApiOkResponse({
    description: 'The process serves HTTP',
    schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] },
  })
  @ApiOperation({ summary: 'Liveness probe' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every check passed', schema: READINESS_REPORT })
  @ApiResponse({ status: 503, description: 'A check failed; the body names it and its error', schema: READINESS_REPORT })
  @ApiOperation({ summary: 'Readiness probe: 503 naming the failed check (database, broker, archive)' })
  async ready(): Promise<ReadinessReport> {
    const report = await runReadinessChecks(this.checks());
    if (report.status !== 'ready') throw new ServiceUnavailableException(report);
    return report;
  }

  /** Found among the app's providers: one per TypeORM connection (one per service), plus the registered checks. */
  private checks(): ReadinessCheck[] {
    const instances = new Set(this.discovery.getProviders().map((p) => p.instance as unknown));
    const checks: ReadinessCheck[] = [];
    for (const instance of instances) {
      if (instance instanceof DataSource) {
        const name = (instance.options as { name?: string }).name ?? 'default';
        checks.push({ readinessName: `database:${name}`, checkReady: async () => void (await instance.query('SELECT 1')) });
      } else if (isReadinessCheck(instance)) {
        checks.push(instance);
      }
    }
    return checks;
  }
}

/** The probes, for the root module of a process. */
@Module({ imports: [DiscoveryModule], controllers: [HealthController] })
export class HealthModule {}

import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/roles';

/** Liveness for orchestrators: the process serves HTTP (start-up already proved its database and broker). */
@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  @Get()
  @ApiOperation({ summary: 'Liveness probe' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

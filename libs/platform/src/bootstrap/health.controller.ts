import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PublicRoute } from '../auth/roles';

/** Liveness for orchestrators: the process serves HTTP (start-up already proved its database and broker). */
@ApiTags('health')
@PublicRoute()
@Controller('health')
export class HealthController {
  @Get()
  @ApiOkResponse({ description: 'The process serves HTTP', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  @ApiOperation({ summary: 'Liveness probe' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

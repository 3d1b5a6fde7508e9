import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DRL_METRIC_IDS, type DrlTable } from '@kerma/dose-figures';
import { AllowRoles, ApiErrors, CurrentPrincipal, GUARDED, schema as s, sitesToQuery, type Principal } from '@kerma/platform';
import { DrlFiguresService } from './drl-figures.service';
import { parseDrlQuery } from './drl-query';
import { drlReport, type DrlReport } from './drl-report';

export const DRL_TABLE = Symbol('DRL_TABLE');

const DRL_REPORT = s.object({
  filters: s.opaque('The filters applied, as given'),
  percentileDefinition: s.string(),
  drlTable: s.opaque('The DRL tables compared with: their names (joined by " + ") and every source cited (title, authors, publisher, year, url, table)'),
  assumptions: s.array(s.string()),
  groups: s.array(
    s.object({
      device: s.nullable(s.string()),
      procedure: s.nullable(s.string()),
      bodyRegion: s.nullable(s.string()),
      metric: s.enum(DRL_METRIC_IDS),
      unit: s.string(),
      count: s.integer(),
      median: s.nullable(s.number()),
      p75: s.nullable(s.number()),
      comparisons: s.array(s.opaque('A matching national DRL: levelId, examination, drlValue, unit, per, source, medianToDrl, medianAboveDrl')),
    }),
  ),
});

@ApiTags('analytics')
@Controller('api/v1/analytics')
export class DrlController {
  constructor(
    private readonly figures: DrlFiguresService,
    @Inject(DRL_TABLE) private readonly table: DrlTable,
  ) {}

  @Get('drl')
  @AllowRoles('physicist', 'site-admin')
  @ApiOkResponse({
    description: 'Count, median and 75th percentile per device, examination, body region and metric, with the matching national DRLs',
    schema: DRL_REPORT,
  })
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter' })
  @ApiOperation({ summary: 'DRL analytics: local dose distributions compared with national diagnostic reference levels' })
  @ApiQuery({ name: 'from', required: false, description: 'Study date-time at or after, local: YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]' })
  @ApiQuery({ name: 'to', required: false, description: 'Study date-time at or before, local; a date includes the whole day' })
  @ApiQuery({ name: 'site', required: false, description: 'One site; absent: every site of your scope' })
  @ApiQuery({ name: 'device', required: false, description: 'Station name (else model name), exactly' })
  @ApiQuery({ name: 'procedure', required: false, description: 'Examination (study description, else the single CT protocol), exactly' })
  @ApiQuery({ name: 'bodyRegion', required: false, description: 'Body region as grouped, exactly' })
  @ApiQuery({ name: 'metric', required: false, description: DRL_METRIC_IDS.join(', ') })
  @ApiQuery({ name: 'minWeightKg', required: false, description: 'Patient weight at least (kg); unknown weights are then left out' })
  @ApiQuery({ name: 'maxWeightKg', required: false, description: 'Patient weight at most (kg); unknown weights are then left out' })
  async drl(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown> = {}): Promise<DrlReport> {
    const q = parseDrlQuery(query);
    return drlReport(q, this.table, await this.figures.statistics(q, sitesToQuery(principal, q.site)));
  }
}

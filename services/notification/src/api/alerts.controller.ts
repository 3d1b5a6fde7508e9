import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThanOrEqual, type FindOptionsWhere, type Repository } from 'typeorm';
import { ALERT_STATES } from '@kerma/contracts';
import { ApiErrors, assertKnownQuery, Audited, CurrentPrincipal, GUARDED, noteAudited, sitesToQuery, type Principal } from '@kerma/platform';
import { ALERT } from './api-schemas';
import { DoseAlert } from '../persistence/alert.entity';

export interface AlertView {
  readonly alertId: string;
  readonly site: string;
  readonly studyInstanceUid: string;
  readonly patient: { readonly id: string | null; readonly issuer: string | null };
  readonly metric: string;
  readonly measured: { readonly value: number; readonly unit: string };
  readonly threshold: { readonly value: number; readonly unit: string };
  readonly level: string;
  readonly rule: { readonly id: string; readonly description: string; readonly reference: string };
  readonly raisedAt: string;
  readonly published: boolean;
  readonly kind: string;
  readonly cumulative: { readonly windowDays: number; readonly studyInstanceUids: readonly string[] } | null;
  readonly state: string;
  readonly skinCheckDueOn: string | null;
}

@ApiTags('alerts')
@Audited('read-alert')
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(@InjectRepository(DoseAlert, 'notification') private readonly alerts: Repository<DoseAlert>) {}

  @Get()
  @ApiOkResponse({
    description: 'Alerts within your site scope, newest first',
    schema: { type: 'object', properties: { alerts: { type: 'array', items: ALERT } }, required: ['alerts'] },
  })
  @ApiErrors({ ...GUARDED, 400: 'An unknown or repeated parameter, invalid limit or since' })
  @ApiOperation({ summary: 'Dose alerts, newest first' })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'studyInstanceUid', required: false })
  @ApiQuery({ name: 'since', required: false, description: 'ISO 8601 date-time' })
  @ApiQuery({ name: 'state', required: false, description: `follow-up state: ${ALERT_STATES.join(', ')}` })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query('site') site?: string,
    @Query('studyInstanceUid') studyInstanceUid?: string,
    @Query('since') since?: string,
    @Query('limit') limit = '100',
    @Query('state') state?: string,
    @Query() query: Record<string, unknown> = {},
  ): Promise<{ alerts: AlertView[] }> {
    assertKnownQuery(query, ['site', 'studyInstanceUid', 'since', 'limit', 'state']);
    if (state !== undefined && !(ALERT_STATES as readonly string[]).includes(state))
      throw new BadRequestException(`state must be one of ${ALERT_STATES.join(', ')}`);
    const take = Number(limit);
    if (!Number.isInteger(take) || take < 1 || take > 1000) throw new BadRequestException('limit must be an integer from 1 to 1000');
    if (since !== undefined && Number.isNaN(Date.parse(since))) throw new BadRequestException('since must be an ISO 8601 date-time');
    const sites = sitesToQuery(principal, site);
    const where: FindOptionsWhere<DoseAlert> = {
      ...(sites ? { site: In([...sites]) } : {}),
      ...(studyInstanceUid ? { studyInstanceUid } : {}),
      ...(state ? { state } : {}),
      ...(since ? { raisedAt: MoreThanOrEqual(new Date(since).toISOString()) } : {}),
    };
    const rows = await this.alerts.find({ where, order: { raisedAt: 'DESC' }, take });
    noteAuditedAlerts(rows);
    return { alerts: rows.map(toView) };
  }
}

/** The patients (by key), studies and sites of the alerts an audited request served or changed. */
export function noteAuditedAlerts(alerts: readonly DoseAlert[]): void {
  noteAudited({ patientKeys: alerts.map((a) => a.patientKey), studyInstanceUids: alerts.map((a) => a.studyInstanceUid), sites: alerts.map((a) => a.site) });
}

export function toView(a: DoseAlert): AlertView {
  return {
    alertId: a.id,
    site: a.site,
    studyInstanceUid: a.studyInstanceUid,
    patient: { id: a.patientId, issuer: a.patientIdIssuer },
    metric: a.metric,
    measured: { value: a.measuredValue, unit: a.unit },
    threshold: { value: a.thresholdValue, unit: a.unit },
    level: a.level,
    rule: { id: a.ruleId, description: a.ruleDescription, reference: a.ruleReference },
    raisedAt: a.raisedAt,
    published: a.publishedAt !== null,
    kind: a.kind,
    cumulative: a.cumulative,
    state: a.state,
    skinCheckDueOn: a.skinCheckDueOn,
  };
}

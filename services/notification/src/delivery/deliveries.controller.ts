import { BadRequestException, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type FindOptionsWhere, type Repository } from 'typeorm';
import type { DoseAlertV1 } from '@kerma/contracts';
import {
  AllowRoles,
  ApiErrors,
  assertKnownQuery,
  Audited,
  canSeeSite,
  CurrentPrincipal,
  GUARDED,
  noteAudited,
  sitesToQuery,
  type Principal,
} from '@kerma/platform';
import { AlertDelivery, DELIVERY_CHANNELS, DELIVERY_STATUSES, type DeliveryChannel, type DeliveryStatus } from './alert-delivery.entity';
import { ALERT_DELIVERIES, ALERT_DELIVERY } from './api-schemas';
import { DeliveryDispatcher } from './delivery-dispatcher';

/** A delivery as the API shows it: its state, not the alert it carries (that is on GET /api/v1/alerts). */
export interface DeliveryView {
  readonly id: string;
  readonly deliveryId: string;
  readonly alertId: string;
  readonly state: string;
  readonly eventType: string;
  readonly site: string;
  readonly channel: DeliveryChannel;
  readonly target: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

/** The delivery outbox of webhooks and e-mail: what was sent, what waits, what is dead-lettered, and replay. */
@ApiTags('webhooks')
@AllowRoles('site-admin')
@Controller('api/v1/alert-deliveries')
export class DeliveriesController {
  constructor(
    @InjectRepository(AlertDelivery, 'notification') private readonly deliveries: Repository<AlertDelivery>,
    private readonly dispatcher: DeliveryDispatcher,
  ) {}

  @Audited('read-alert')
  @Get()
  @ApiOkResponse({ description: 'Deliveries of the sites in scope, newest first', schema: ALERT_DELIVERIES })
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown or repeated parameter, invalid status, channel or limit',
    403: "Needs the site-admin role, or the site asked for is outside the caller's site scope",
  })
  @ApiOperation({ summary: 'Deliveries of the sites in scope, newest first' })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'channel', required: false, enum: DELIVERY_CHANNELS })
  @ApiQuery({ name: 'alertId', required: false })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown> = {},
    @Query('site') site?: string,
    @Query('status') status?: string,
    @Query('channel') channel?: string,
    @Query('alertId') alertId?: string,
    @Query('limit') limit = '100',
  ): Promise<{ deliveries: DeliveryView[] }> {
    assertKnownQuery(query, ['site', 'status', 'channel', 'alertId', 'limit']);
    if (status !== undefined && !DELIVERY_STATUSES.includes(status as DeliveryStatus))
      throw new BadRequestException(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    if (channel !== undefined && !DELIVERY_CHANNELS.includes(channel as DeliveryChannel))
      throw new BadRequestException(`channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
    const take = Number(limit);
    if (!Number.isInteger(take) || take < 1 || take > 1000) throw new BadRequestException('limit must be an integer from 1 to 1000');
    const sites = sitesToQuery(principal, site);
    const where: FindOptionsWhere<AlertDelivery> = {
      ...(sites ? { site: In([...sites]) } : {}),
      ...(status ? { status: status as DeliveryStatus } : {}),
      ...(channel ? { channel: channel as DeliveryChannel } : {}),
      ...(alertId ? { alertId } : {}),
    };
    const rows = await this.deliveries.find({ where, order: { createdAt: 'DESC' }, take });
    noteAuditedDeliveries(rows);
    return { deliveries: rows.map(viewOf) };
  }

  @Audited('change')
  @Post(':id/replay')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The delivery, pending again from its first attempt', schema: ALERT_DELIVERY })
  @ApiErrors({
    ...GUARDED,
    400: 'The id is not a UUID',
    403: 'Needs the site-admin role',
    404: 'No such delivery, or one of a site outside your scope',
    409: 'The delivery is pending already',
  })
  @ApiOperation({ summary: 'Send a dead-lettered or delivered delivery again from its first attempt (same delivery id, so receivers can still deduplicate)' })
  async replay(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<DeliveryView> {
    const delivery = await this.deliveries.findOneBy({ id });
    if (!delivery || !canSeeSite(principal, delivery.site)) throw new NotFoundException(`no alert delivery ${id}`);
    noteAuditedDeliveries([delivery]);
    if (delivery.status === 'pending')
      throw new ConflictException(`alert delivery ${id} is pending already (attempt ${delivery.attempts + 1} is due at ${delivery.nextAttemptAt})`);
    const reset = { status: 'pending' as const, attempts: 0, nextAttemptAt: new Date().toISOString(), leasedUntil: null, lastError: null, deliveredAt: null };
    await this.deliveries.update({ id }, reset);
    this.dispatcher.kick();
    return viewOf({ ...delivery, ...reset });
  }
}

/**
 * The patients (by key), studies and sites of the alerts the deliveries carry (a replay sends them out again).
 * The alert was validated when it was received, so its fields are read as stored.
 */
function noteAuditedDeliveries(deliveries: readonly AlertDelivery[]): void {
  const alerts = deliveries.map((d) => JSON.parse(d.alert) as Pick<DoseAlertV1, 'patient' | 'studyInstanceUid'>);
  noteAudited({
    patientKeys: alerts.map((a) => a.patient.key),
    studyInstanceUids: alerts.map((a) => a.studyInstanceUid),
    sites: deliveries.map((d) => d.site),
  });
}

function viewOf(d: AlertDelivery): DeliveryView {
  return {
    id: d.id,
    deliveryId: d.deliveryId,
    alertId: d.alertId,
    state: d.state,
    eventType: d.eventType,
    site: d.site,
    channel: d.channel,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  };
}

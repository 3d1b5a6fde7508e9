import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import type { z } from 'zod';
import {
  AllowRoles,
  ApiErrors,
  Audited,
  JSON_BODY_LIMIT,
  assertKnownQuery,
  canSeeSite,
  CurrentPrincipal,
  GUARDED,
  noteAudited,
  sitesToQuery,
  type Principal,
} from '@kerma/platform';
import { WEBHOOK_SUBSCRIBER, WEBHOOK_SUBSCRIBER_WITH_SECRET, WEBHOOK_SUBSCRIBERS } from '../api-schemas';
import { createSubscriptionSchema, rotateSecretSchema } from './webhook-subscription';
import { newWebhookSecret } from './webhook-secret';
import { eventTypesOf, WebhookSubscriber } from './webhook-subscriber.entity';

/** A subscriber as the API shows it: never its secrets. */
export interface WebhookSubscriberView {
  readonly id: string;
  readonly site: string;
  readonly url: string;
  readonly eventTypes: string[];
  readonly description: string | null;
  readonly createdAt: string;
  /** Until when the secret replaced by the last rotation still signs; null when none does. */
  readonly previousSecretValidUntil: string | null;
}

const ADMIN_ONLY = 'Needs the site-admin role';
const NOT_FOUND = 'No such subscriber, or one of a site outside your scope';

function parseBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data;
}

/**
 * Webhook subscribers of a site: site administrators register, rotate and remove them within their site scope.
 * Every change is audited; reading the subscribers serves no patient data.
 */
@ApiTags('webhooks')
@AllowRoles('site-admin')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(@InjectRepository(WebhookSubscriber, 'notification') private readonly subscribers: Repository<WebhookSubscriber>) {}

  @Audited('change')
  @Post()
  @ApiCreatedResponse({ description: 'The subscriber, with its signing secret (shown this once only)', schema: WEBHOOK_SUBSCRIBER_WITH_SECRET })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'The body is invalid (the message names the field)',
    403: "Needs the site-admin role, or the site is outside the caller's site scope",
  })
  @ApiOperation({ summary: 'Register a subscriber; the answer holds its signing secret, shown this once only' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['site', 'url', 'eventTypes'],
      properties: {
        site: { type: 'string' },
        url: { type: 'string' },
        eventTypes: { type: 'array', items: { type: 'string', example: 'dose-alert.open' } },
        description: { type: 'string' },
      },
    },
  })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<WebhookSubscriberView & { secret: string }> {
    const request = parseBody(createSubscriptionSchema, body);
    if (!canSeeSite(principal, request.site)) throw new ForbiddenException(`site "${request.site}" is outside your site scope`);
    const subscriber = this.subscribers.create({
      id: randomUUID(),
      site: request.site,
      url: request.url,
      eventTypes: [...new Set(request.eventTypes)].join(','),
      description: request.description ?? null,
      secret: newWebhookSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      createdAt: new Date().toISOString(),
    });
    await this.subscribers.insert(subscriber);
    return { ...viewOf(subscriber), secret: subscriber.secret };
  }

  @Get()
  @ApiOkResponse({ description: 'Subscribers of the sites in scope, oldest first', schema: WEBHOOK_SUBSCRIBERS })
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown or repeated parameter',
    403: "Needs the site-admin role, or the site asked for is outside the caller's site scope",
  })
  @ApiOperation({ summary: 'Subscribers of the sites in scope (without secrets)' })
  @ApiQuery({ name: 'site', required: false })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown> = {},
    @Query('site') site?: string,
  ): Promise<{ webhooks: WebhookSubscriberView[] }> {
    assertKnownQuery(query, ['site']);
    const sites = sitesToQuery(principal, site);
    const rows = await this.subscribers.find({ where: sites ? { site: In([...sites]) } : {}, order: { createdAt: 'ASC' } });
    return { webhooks: rows.map(viewOf) };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The subscriber', schema: WEBHOOK_SUBSCRIBER })
  @ApiErrors({ ...GUARDED, 400: 'The id is not a UUID', 403: ADMIN_ONLY, 404: NOT_FOUND })
  @ApiOperation({ summary: 'One subscriber (without secrets)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<WebhookSubscriberView> {
    return viewOf(await this.visible(principal, id));
  }

  @Audited('change')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrors({ ...GUARDED, 400: 'The id is not a UUID', 403: ADMIN_ONLY, 404: NOT_FOUND })
  @ApiOperation({ summary: 'Remove a subscriber; its pending deliveries are dead-lettered at their next attempt' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.visible(principal, id);
    await this.subscribers.delete({ id });
  }

  @Audited('change')
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The subscriber, with its new signing secret (shown this once only)', schema: WEBHOOK_SUBSCRIBER_WITH_SECRET })
  @ApiErrors({ ...GUARDED, ...JSON_BODY_LIMIT, 400: 'The id is not a UUID, or the body is invalid (gracePeriodHours 0–720)', 403: ADMIN_ONLY, 404: NOT_FOUND })
  @ApiOperation({ summary: 'New signing secret (shown this once); the replaced one keeps signing during the grace period' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { gracePeriodHours: { type: 'number', default: 24 } } } })
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
  ): Promise<WebhookSubscriberView & { secret: string }> {
    const { gracePeriodHours } = parseBody(rotateSecretSchema, body);
    const subscriber = await this.visible(principal, id);
    const expires = new Date(Date.now() + gracePeriodHours * 3_600_000).toISOString();
    const rotated = {
      secret: newWebhookSecret(),
      previousSecret: gracePeriodHours > 0 ? subscriber.secret : null,
      previousSecretExpiresAt: gracePeriodHours > 0 ? expires : null,
    };
    await this.subscribers.update({ id }, rotated);
    return { ...viewOf({ ...subscriber, ...rotated }), secret: rotated.secret };
  }

  /** Another site's subscriber is answered like an unknown one. */
  private async visible(principal: Principal, id: string): Promise<WebhookSubscriber> {
    const subscriber = await this.subscribers.findOneBy({ id });
    if (!subscriber || !canSeeSite(principal, subscriber.site)) throw new NotFoundException(`no webhook subscriber ${id}`);
    noteAudited({ sites: [subscriber.site] });
    return subscriber;
  }
}

function viewOf(s: WebhookSubscriber): WebhookSubscriberView {
  const previousValid = s.previousSecret !== null && s.previousSecretExpiresAt !== null && s.previousSecretExpiresAt > new Date().toISOString();
  return {
    id: s.id,
    site: s.site,
    url: s.url,
    eventTypes: eventTypesOf(s),
    description: s.description,
    createdAt: s.createdAt,
    previousSecretValidUntil: previousValid ? s.previousSecretExpiresAt : null,
  };
}

import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { In, type Repository } from 'typeorm';
import { z } from 'zod';
import { API_KEY_ROLES, ApiKeyV1, site as siteSchema } from '@kerma/contracts';
import { EventPublisher } from '@kerma/messaging';
import {
  AllowRoles,
  ApiErrors,
  ApiKeyRecord,
  ApiKeyStore,
  assertKnownQuery,
  Audited,
  canSeeSite,
  JSON_BODY_LIMIT,
  CurrentPrincipal,
  GUARDED,
  newApiKey,
  sitesToQuery,
  type Principal,
} from '@kerma/platform';
import { API_KEY, API_KEY_WITH_SECRET, API_KEYS } from './security-schemas';

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly site: string;
  readonly role: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly lastUsedAt: string | null;
}

const createSchema = z.object({ name: z.string().trim().min(1).max(200), site: siteSchema, role: z.enum(API_KEY_ROLES) }).strict();
const NOT_FOUND = 'No such key, or one of a site outside your scope';

/**
 * API keys for modalities and integrations that cannot do OpenID Connect. History owns them: a change
 * is published on kerma.api-key.v1 (every service with an HTTP API keeps its copy to verify keys) and
 * applied here at once, so this service's list is current when the answer leaves.
 */
@ApiTags('api-keys')
@AllowRoles('site-admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(
    @InjectRepository(ApiKeyRecord, 'history') private readonly keys: Repository<ApiKeyRecord>,
    private readonly store: ApiKeyStore,
    private readonly publisher: EventPublisher,
  ) {}

  @Post()
  @Audited('change')
  @ApiCreatedResponse({
    description: 'The key, with its secret form `kerma_<id>_<secret>` (shown this once only; only its SHA-256 is kept)',
    schema: API_KEY_WITH_SECRET,
  })
  @ApiErrors({
    ...GUARDED,
    400: 'The body is invalid (the message names the field)',
    403: "Needs the site-admin role, or the site is outside the caller's site scope",
    ...JSON_BODY_LIMIT,
    503: 'The key could not be published to the other services; nothing was created',
  })
  @ApiOperation({ summary: 'Create an API key for one site and one role; the answer holds the key, shown this once only' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'site', 'role'],
      properties: { name: { type: 'string' }, site: { type: 'string' }, role: { type: 'string', enum: [...API_KEY_ROLES] } },
    },
  })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<ApiKeyView & { key: string }> {
    const parsed = createSchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const { name, site, role } = parsed.data;
    if (!canSeeSite(principal, site)) throw new ForbiddenException(`site "${site}" is outside your site scope`);
    const fresh = newApiKey();
    const now = new Date().toISOString();
    const event: ApiKeyV1 = {
      eventId: randomUUID(),
      occurredAt: now,
      keyId: fresh.keyId,
      version: 1,
      name,
      site,
      role,
      secretSha256: fresh.secretSha256,
      createdAt: now,
      createdBy: principal.subject,
      revokedAt: null,
      revokedBy: null,
    };
    await this.publishAndApply(event);
    return { ...viewOf({ ...event, lastUsedAt: null }), key: fresh.key };
  }

  @Get()
  @ApiOkResponse({ description: 'Keys of the sites in scope, newest first (never their secrets)', schema: API_KEYS })
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown or repeated parameter',
    403: "Needs the site-admin role, or the site asked for is outside the caller's site scope",
  })
  @ApiOperation({ summary: 'API keys of the sites in scope, with their last use' })
  @ApiQuery({ name: 'site', required: false })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown> = {},
    @Query('site') site?: string,
  ): Promise<{ apiKeys: ApiKeyView[] }> {
    assertKnownQuery(query, ['site']);
    const sites = sitesToQuery(principal, site);
    const rows = await this.keys.find({ where: sites ? { site: In([...sites]) } : {}, order: { createdAt: 'DESC' } });
    return { apiKeys: rows.map((r) => viewOf({ ...r })) };
  }

  @Post(':id\\:revoke')
  @Audited('change')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The key, revoked (revoking again changes nothing)', schema: API_KEY })
  @ApiErrors({
    ...GUARDED,
    403: 'Needs the site-admin role',
    404: NOT_FOUND,
    503: 'The revocation could not be published to the other services; the key is unchanged, retry',
  })
  @ApiOperation({ summary: 'Revoke an API key: refused by every service from the moment each receives the revocation' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ApiKeyView> {
    const current = await this.keys.findOneBy({ keyId: id });
    if (!current || !canSeeSite(principal, current.site)) throw new NotFoundException(`no API key ${id}`);
    if (current.revokedAt !== null) return viewOf({ ...current });
    const now = new Date().toISOString();
    const event: ApiKeyV1 = {
      eventId: randomUUID(),
      occurredAt: now,
      keyId: current.keyId,
      version: current.version + 1,
      name: current.name,
      site: current.site,
      role: current.role as ApiKeyV1['role'],
      secretSha256: current.secretSha256,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      revokedAt: now,
      revokedBy: principal.subject,
    };
    await this.publishAndApply(event);
    return viewOf({ ...event, lastUsedAt: current.lastUsedAt });
  }

  /** Published first: a key the other services were not told about is neither created nor revoked here. */
  private async publishAndApply(event: ApiKeyV1): Promise<void> {
    try {
      await this.publisher.publish(ApiKeyV1, event);
    } catch (err) {
      throw new ServiceUnavailableException(`the API key change could not be published (${(err as Error).message}); nothing changed, retry`);
    }
    await this.store.apply(event);
  }
}

function viewOf(k: {
  keyId: string;
  name: string;
  site: string;
  role: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}): ApiKeyView {
  return {
    id: k.keyId,
    name: k.name,
    site: k.site,
    role: k.role,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    revokedAt: k.revokedAt,
    revokedBy: k.revokedBy,
    lastUsedAt: k.lastUsedAt,
  };
}

import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiContentResponse,
  ApiErrors,
  JSON_BODY_LIMIT,
  Audited,
  BINARY,
  canSeeSite,
  noteAudited,
  CurrentPrincipal,
  GUARDED,
  type Principal,
} from '@kerma/platform';
import { QUARANTINED_OBJECT } from '../api-schemas';
import { ArchiveStore } from '../archive/archive-store';
import type { QuarantinedObject, QuarantineStatus } from '../persistence/quarantined-object.entity';
import { QuarantineService, RESOLUTIONS, type Resolution } from './quarantine.service';

const STATUSES: readonly QuarantineStatus[] = ['pending', 'kept-original', 'replaced'];

/** Objects kept aside because they reused the SOP Instance UID of a different stored object. */
@ApiTags('ingest')
@Audited('read-study')
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(
    private readonly quarantine: QuarantineService,
    private readonly archive: ArchiveStore,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'Quarantined objects within your site scope',
    schema: { type: 'object', properties: { quarantined: { type: 'array', items: QUARANTINED_OBJECT } }, required: ['quarantined'] },
  })
  @ApiErrors({ ...GUARDED, 400: 'Unknown status' })
  @ApiOperation({ summary: 'Quarantined objects (both SHA-256, site, source, when), oldest first' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  async list(@CurrentPrincipal() principal: Principal, @Query('status') status?: string): Promise<{ quarantined: QuarantinedObject[] }> {
    if (status !== undefined && !STATUSES.includes(status as QuarantineStatus)) {
      throw new BadRequestException(`invalid query parameter "status" ("${status}"): expected ${STATUSES.join(', ')}`);
    }
    const all = await this.quarantine.list(status as QuarantineStatus | undefined);
    const visible = all.filter((q) => canSeeSite(principal, q.site));
    noteAudited({ studyInstanceUids: visible.map((q) => q.studyInstanceUid), sites: visible.map((q) => q.site) });
    return { quarantined: visible };
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The quarantined object', schema: QUARANTINED_OBJECT })
  @ApiErrors({ ...GUARDED, 400: 'id is not a UUID', 404: 'No such quarantined object in your site scope' })
  @ApiOperation({ summary: 'One quarantined object and, once resolved, the decision, when and by whom' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<QuarantinedObject> {
    return this.visible(id, principal);
  }

  @Get(':id/file')
  @ApiContentResponse(200, 'The quarantined bytes', 'application/dicom', BINARY)
  @ApiErrors({ ...GUARDED, 400: 'id is not a UUID', 404: 'No such quarantined object in your site scope' })
  @ApiOperation({ summary: 'The quarantined bytes (application/dicom), to compare with the stored original' })
  async file(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const record = await this.visible(id, principal);
    const bytes = await this.archive.get(record.sha256);
    return new StreamableFile(bytes, { type: 'application/dicom', length: bytes.length });
  }

  @Post(':id\\:resolve')
  @ApiOkResponse({ description: 'The resolved quarantined object', schema: QUARANTINED_OBJECT })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'Invalid action or by, id not a UUID, or the object can no longer be read',
    404: 'No such quarantined object in your site scope',
    409: 'Already resolved',
  })
  @HttpCode(200)
  @Audited('change')
  @ApiOperation({ summary: 'Resolve: keep the stored original, or replace it with the quarantined object (stored and announced again)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['action'],
      properties: { action: { enum: [...RESOLUTIONS] }, by: { type: 'string', description: 'Who decides (recorded with the decision)' } },
    },
  })
  async resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: { action?: unknown; by?: unknown } = {},
  ): Promise<QuarantinedObject> {
    const action = RESOLUTIONS.find((a) => a === body?.action);
    if (!action) throw new BadRequestException(`"action" must be ${RESOLUTIONS.join(' or ')}`);
    if (body.by !== undefined && (typeof body.by !== 'string' || body.by.length === 0 || body.by.length > 128)) {
      throw new BadRequestException('"by" must be a non-empty text of at most 128 characters');
    }
    await this.visible(id, principal);
    // With authentication, who decided is the token's (or API key's) subject, not what the request body claims.
    const by = principal.via !== 'none' ? principal.subject : ((body.by as string | undefined) ?? null);
    return this.quarantine.resolve(id, action as Resolution, by);
  }

  /** Another site's quarantined object is answered like an unknown one. */
  private async visible(id: string, principal: Principal): Promise<QuarantinedObject> {
    const record = await this.quarantine.get(id);
    if (!canSeeSite(principal, record.site)) throw new NotFoundException(`no quarantined object ${id}`);
    noteAudited({ studyInstanceUids: [record.studyInstanceUid], sites: [record.site] });
    return record;
  }
}

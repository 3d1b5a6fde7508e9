import { BadRequestException, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ApiContentResponse, ApiErrors, Audited, BINARY, canSeeSite, noteAudited, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { STORED_OBJECT } from '../api-schemas';
import { ArchiveStore } from '../archive/archive-store';
import { StoredObject } from '../persistence/stored-object.entity';

/** The original bytes of a stored object: how the parser (and an auditor) reads what arrived. */
@ApiTags('ingest')
@Audited('read-study')
@Controller('api/v1/instances')
export class RetrieveController {
  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly archive: ArchiveStore,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'The objects of the study within your site scope, oldest first',
    schema: { type: 'object', properties: { instances: { type: 'array', items: STORED_OBJECT } }, required: ['instances'] },
  })
  @ApiErrors({ ...GUARDED, 400: 'studyInstanceUid missing or repeated' })
  @ApiOperation({ summary: 'Metadata of the objects stored for one study (how each arrived, when, from which site)' })
  @ApiQuery({ name: 'studyInstanceUid', required: true })
  async ofStudy(@CurrentPrincipal() principal: Principal, @Query('studyInstanceUid') studyInstanceUid?: unknown): Promise<{ instances: PublicMetadata[] }> {
    if (typeof studyInstanceUid !== 'string' || studyInstanceUid === '') throw new BadRequestException('query parameter "studyInstanceUid" is required, once');
    const objects = await this.objects.find({ where: { studyInstanceUid }, order: { receivedAt: 'ASC' } });
    const visible = objects.filter((o) => canSeeSite(principal, o.site));
    noteAuditedObjects(visible);
    return { instances: visible.map(publicMetadata) };
  }

  @Get(':id/file')
  @ApiContentResponse(200, 'The bytes as received', 'application/dicom', BINARY)
  @ApiErrors({ ...GUARDED, 400: 'id is not a UUID', 404: 'No such object in your site scope' })
  @ApiOperation({ summary: 'Original DICOM bytes of a stored object (application/dicom)' })
  async file(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const object = await this.visible(id, principal);
    const bytes = await this.archive.get(object.sha256);
    return new StreamableFile(bytes, { type: 'application/dicom', length: bytes.length });
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The stored object', schema: STORED_OBJECT })
  @ApiErrors({ ...GUARDED, 400: 'id is not a UUID', 404: 'No such object in your site scope' })
  @ApiOperation({ summary: 'Metadata of a stored object' })
  async metadata(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<PublicMetadata> {
    return publicMetadata(await this.visible(id, principal));
  }

  /** Another site's object is answered like an unknown one. */
  private async visible(id: string, principal: Principal): Promise<StoredObject> {
    const object = await this.objects.findOneBy({ id });
    if (!object || !canSeeSite(principal, object.site)) throw new NotFoundException(`no stored object ${id}`);
    noteAuditedObjects([object]);
    return object;
  }
}

function noteAuditedObjects(objects: readonly StoredObject[]): void {
  noteAudited({ patientKeys: objects.map((o) => o.patientKey), studyInstanceUids: objects.map((o) => o.studyInstanceUid), sites: objects.map((o) => o.site) });
}

type PublicMetadata = Omit<StoredObject, 'patientId' | 'patientIdIssuer'>;

function publicMetadata(object: StoredObject): PublicMetadata {
  const { patientId: _id, patientIdIssuer: _issuer, ...rest } = object;
  return rest;
}

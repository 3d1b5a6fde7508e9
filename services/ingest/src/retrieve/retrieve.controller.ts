import { BadRequestException, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ArchiveStore } from '../archive/archive-store';
import { StoredObject } from '../persistence/stored-object.entity';

/** The original bytes of a stored object: how the parser (and an auditor) reads what arrived. */
@ApiTags('ingest')
@Controller('api/v1/instances')
export class RetrieveController {
  constructor(
    @InjectRepository(StoredObject, 'ingest') private readonly objects: Repository<StoredObject>,
    private readonly archive: ArchiveStore,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Metadata of the objects stored for one study (how each arrived, when, from which site)' })
  @ApiQuery({ name: 'studyInstanceUid', required: true })
  async ofStudy(@Query('studyInstanceUid') studyInstanceUid?: string): Promise<{ instances: PublicMetadata[] }> {
    if (typeof studyInstanceUid !== 'string' || studyInstanceUid === '') throw new BadRequestException('query parameter "studyInstanceUid" is required');
    const objects = await this.objects.find({ where: { studyInstanceUid }, order: { receivedAt: 'ASC' } });
    return { instances: objects.map(publicMetadata) };
  }

  @Get(':id/file')
  @ApiOperation({ summary: 'Original DICOM bytes of a stored object (application/dicom)' })
  async file(@Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const object = await this.objects.findOneBy({ id });
    if (!object) throw new NotFoundException(`no stored object ${id}`);
    const bytes = await this.archive.get(object.sha256);
    return new StreamableFile(bytes, { type: 'application/dicom', length: bytes.length });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Metadata of a stored object' })
  async metadata(@Param('id', ParseUUIDPipe) id: string): Promise<PublicMetadata> {
    const object = await this.objects.findOneBy({ id });
    if (!object) throw new NotFoundException(`no stored object ${id}`);
    return publicMetadata(object);
  }
}

type PublicMetadata = Omit<StoredObject, 'patientId' | 'patientIdIssuer'>;

function publicMetadata(object: StoredObject): PublicMetadata {
  const { patientId: _id, patientIdIssuer: _issuer, ...rest } = object;
  return rest;
}

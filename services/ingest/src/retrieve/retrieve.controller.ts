import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
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
  async metadata(@Param('id', ParseUUIDPipe) id: string): Promise<Omit<StoredObject, 'patientId' | 'patientIdIssuer'>> {
    const object = await this.objects.findOneBy({ id });
    if (!object) throw new NotFoundException(`no stored object ${id}`);
    const { patientId: _id, patientIdIssuer: _issuer, ...rest } = object;
    return rest;
  }
}

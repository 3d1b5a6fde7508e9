import { Controller, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { site as siteSchema } from '@kerma/contracts';
import { AllowRoles } from '@kerma/platform';
import { INGEST_OPTIONS, type IngestOptions } from '../ingest-options';
import { IntakeService, type IntakeResult, type IntakeSource } from '../intake/intake.service';
import { dicomObjectsOf, readBody, StowRequestError } from './request-body';
import { stowResponse } from './stow-response';

/** Sources a STOW-RS request may claim: a live sender, or `kerma import` replaying an archive. */
const STOW_SOURCES: readonly IntakeSource[] = ['stow', 'import'];

/** DICOMweb STOW-RS (PS3.18 §10.5) for dose reports. */
@ApiTags('ingest')
@AllowRoles('integrator', 'site-admin')
@Controller('dicomweb/studies')
export class StowController {
  constructor(
    private readonly intake: IntakeService,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Store dose reports (STOW-RS)' })
  @ApiConsumes('multipart/related; type="application/dicom"', 'application/dicom')
  @ApiQuery({ name: 'site', required: false, description: 'Site id recorded with the objects (default: KERMA_DEFAULT_SITE)' })
  @ApiQuery({ name: 'source', required: false, enum: STOW_SOURCES, description: 'How the objects arrived: stow (default) or import (archive import)' })
  async store(@Req() req: Request, @Res() res: Response, @Query('site') site?: string, @Query('source') source?: string): Promise<void> {
    await this.handle(req, res, site, source);
  }

  @Post(':studyInstanceUid')
  @ApiOperation({ summary: 'Store dose reports of one study (STOW-RS); objects of another study are refused' })
  @ApiConsumes('multipart/related; type="application/dicom"', 'application/dicom')
  async storeInStudy(
    @Req() req: Request,
    @Res() res: Response,
    @Param('studyInstanceUid') studyUid: string,
    @Query('site') site?: string,
    @Query('source') source?: string,
  ): Promise<void> {
    await this.handle(req, res, site, source, studyUid);
  }

  private async handle(req: Request, res: Response, requestedSite: string | undefined, requestedSource: string | undefined, studyUid?: string): Promise<void> {
    const site = requestedSite ?? this.options.defaultSite;
    if (!siteSchema.safeParse(site).success) {
      res.status(400).json({ error: `invalid site "${site}": letters, digits, . _ - only` });
      return;
    }
    const source = STOW_SOURCES.find((s) => s === (requestedSource ?? 'stow'));
    if (!source) {
      res.status(400).json({ error: `invalid query parameter "source" ("${String(requestedSource)}"): expected ${STOW_SOURCES.join(' or ')}` });
      return;
    }
    let objects: Uint8Array[];
    try {
      objects = dicomObjectsOf(req.headers['content-type'], await readBody(req, this.options.maxRequestBytes));
    } catch (err) {
      if (err instanceof StowRequestError) {
        res.status(err.status).json({ error: err.message });
        return;
      }
      throw err;
    }
    const results: IntakeResult[] = [];
    for (const bytes of objects) results.push(await this.intake.accept(bytes, source, site, { studyInstanceUid: studyUid }));
    const { status, body } = stowResponse(results, this.options.publicBaseUrl.replace(/\/$/, ''));
    res.status(status).type('application/dicom+json').send(JSON.stringify(body));
  }
}

import { Controller, Inject, type OnApplicationBootstrap, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { site as siteSchema } from '@kerma/contracts';
import {
  AllowRoles,
  ApiContentResponse,
  ApiErrors,
  Audited,
  canSeeSite,
  GUARDED,
  LOCAL_PRINCIPAL,
  noteAudited,
  type AuthenticatedRequest,
} from '@kerma/platform';
import { STORE_INSTANCES_RESPONSE, STOW_ERROR } from '../api-schemas';
import { ArchiveStore, type IncomingFile } from '../archive/archive-store';
import { INGEST_OPTIONS, UPLOAD_DEFAULTS, type IngestOptions } from '../ingest-options';
import { IntakeService, type IntakeResult, type IntakeSource } from '../intake/intake.service';
import { receivedFile } from '../intake/received-object';
import { receiveStowBody, stowFramingOf, StowRequestError } from './request-body';
import { UploadGate } from './upload-gate';
import { stowResponse } from './stow-response';

/** Sources a STOW-RS request may claim: a live sender, or `kerma import` replaying an archive. */
const STOW_SOURCES: readonly IntakeSource[] = ['stow', 'import'];

/**
 * DICOMweb STOW-RS (PS3.18 §10.5) for dose reports. Each request is one audit record (a change) naming the patient
 * keys and studies of the objects kept, never one per object: a bulk import stays one insert per request.
 */
@ApiTags('ingest')
@AllowRoles('integrator', 'site-admin')
@Audited('change')
@Controller('dicomweb/studies')
export class StowController implements OnApplicationBootstrap {
  private readonly gate: UploadGate;
  private readonly maxConcurrentLargeUploads: number;

  constructor(
    private readonly intake: IntakeService,
    private readonly archive: ArchiveStore,
    @Inject(INGEST_OPTIONS) private readonly options: IngestOptions,
  ) {
    this.maxConcurrentLargeUploads = options.maxConcurrentLargeUploads ?? UPLOAD_DEFAULTS.maxConcurrentLargeUploads;
    this.gate = new UploadGate(this.maxConcurrentLargeUploads, options.largeUploadBytes ?? UPLOAD_DEFAULTS.largeUploadBytes);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A day is far longer than any upload: what is older was left by a process that stopped mid-request.
    await this.archive.clearIncoming(24 * 60 * 60 * 1000);
  }

  @Post()
  @ApiContentResponse(200, 'Every object stored (or already stored)', 'application/dicom+json', STORE_INSTANCES_RESPONSE)
  @ApiContentResponse(202, 'Some objects stored, some refused (Failed SOP Sequence says why)', 'application/dicom+json', STORE_INSTANCES_RESPONSE)
  @ApiResponse({
    status: 409,
    description: 'No object could be stored (Failed SOP Sequence says why for each)',
    content: { 'application/dicom+json': { schema: STORE_INSTANCES_RESPONSE } },
  })
  @ApiResponse({ status: 400, description: 'Invalid site or source, or a malformed multipart body', schema: STOW_ERROR })
  @ApiResponse({ status: 413, description: 'The request is larger than MAX_REQUEST_BYTES', schema: STOW_ERROR })
  @ApiResponse({ status: 415, description: 'Neither multipart/related; type="application/dicom" nor application/dicom', schema: STOW_ERROR })
  @ApiResponse({ status: 503, description: 'Too many large uploads at once; retry after Retry-After', schema: STOW_ERROR })
  @ApiErrors(GUARDED)
  @ApiOperation({ summary: 'Store dose reports (STOW-RS)' })
  @ApiConsumes('multipart/related; type="application/dicom"', 'application/dicom')
  @ApiQuery({ name: 'site', required: false, description: 'Site id recorded with the objects (default: KERMA_DEFAULT_SITE)' })
  @ApiQuery({ name: 'source', required: false, enum: STOW_SOURCES, description: 'How the objects arrived: stow (default) or import (archive import)' })
  async store(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('site') site?: string,
    @Query('source') source?: string,
  ): Promise<StowAnswer> {
    return this.handle(req, res, site, source);
  }

  @Post(':studyInstanceUid')
  @ApiContentResponse(200, 'Every object stored (or already stored)', 'application/dicom+json', STORE_INSTANCES_RESPONSE)
  @ApiContentResponse(202, 'Some objects stored, some refused (Failed SOP Sequence says why)', 'application/dicom+json', STORE_INSTANCES_RESPONSE)
  @ApiResponse({
    status: 409,
    description: 'No object could be stored (Failed SOP Sequence says why for each)',
    content: { 'application/dicom+json': { schema: STORE_INSTANCES_RESPONSE } },
  })
  @ApiResponse({ status: 400, description: 'Invalid site or source, or a malformed multipart body', schema: STOW_ERROR })
  @ApiResponse({ status: 413, description: 'The request is larger than MAX_REQUEST_BYTES', schema: STOW_ERROR })
  @ApiResponse({ status: 415, description: 'Neither multipart/related; type="application/dicom" nor application/dicom', schema: STOW_ERROR })
  @ApiResponse({ status: 503, description: 'Too many large uploads at once; retry after Retry-After', schema: STOW_ERROR })
  @ApiErrors(GUARDED)
  @ApiOperation({ summary: 'Store dose reports of one study (STOW-RS); objects of another study are refused' })
  @ApiConsumes('multipart/related; type="application/dicom"', 'application/dicom')
  async storeInStudy(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Param('studyInstanceUid') studyUid: string,
    @Query('site') site?: string,
    @Query('source') source?: string,
  ): Promise<StowAnswer> {
    return this.handle(req, res, site, source, studyUid);
  }

  /** The answer is returned rather than sent, so the audit record is written before it leaves. */
  private async handle(
    req: Request,
    res: Response,
    requestedSite: string | undefined,
    requestedSource: string | undefined,
    studyUid?: string,
  ): Promise<StowAnswer> {
    const site = requestedSite ?? this.options.defaultSite;
    if (!siteSchema.safeParse(site).success) {
      res.status(400);
      return { error: `invalid site "${site}": letters, digits, . _ - only` };
    }
    if (!canSeeSite((req as AuthenticatedRequest).principal ?? LOCAL_PRINCIPAL, site)) {
      res.status(403);
      return { error: `site "${site}" is outside your site scope` };
    }
    const source = STOW_SOURCES.find((s) => s === (requestedSource ?? 'stow'));
    if (!source) {
      res.status(400);
      return { error: `invalid query parameter "source" ("${String(requestedSource)}"): expected ${STOW_SOURCES.join(' or ')}` };
    }
    const release = this.gate.admit(req.headers['content-length']);
    if (!release) {
      return refuse(req, res, 503, `${this.maxConcurrentLargeUploads} large uploads are being received; retry later (MAX_CONCURRENT_LARGE_UPLOADS)`, {
        'Retry-After': String(RETRY_AFTER_S),
      });
    }
    try {
      let files: IncomingFile[];
      try {
        files = await receiveStowBody(req, stowFramingOf(req.headers['content-type']), this.archive, this.options.maxRequestBytes);
      } catch (err) {
        if (err instanceof StowRequestError) return refuse(req, res, err.status, err.message);
        throw err;
      }
      // One object in memory at a time (while identified); every spooled file is kept or released.
      const results = await this.intake.acceptAll(
        files.map((file) => receivedFile(file, this.archive)),
        source,
        site,
        { studyInstanceUid: studyUid },
      );
      noteAuditedResults(results);
      const { status, body } = stowResponse(results, this.options.publicBaseUrl.replace(/\/$/, ''));
      res.status(status).type('application/dicom+json');
      return JSON.stringify(body);
    } finally {
      release();
    }
  }
}

/** Seconds a client refused for concurrency is asked to wait: long enough for a large upload to finish. */
const RETRY_AFTER_S = 10;

/** A DICOM JSON response (already serialised), or the reason a request was refused as a whole. */
type StowAnswer = string | { readonly error: string };

/** Patient keys, studies and sites of what the request left stored (a refused object keeps nothing). */
function noteAuditedResults(results: readonly IntakeResult[]): void {
  const kept = results.flatMap((r) => (r.status === 'stored' || r.status === 'duplicate' ? [r.object] : r.status === 'quarantined' ? [r.original] : []));
  noteAudited({ patientKeys: kept.map((o) => o.patientKey), studyInstanceUids: kept.map((o) => o.studyInstanceUid), sites: kept.map((o) => o.site) });
}

/**
 * Answers an error before the whole body was read. The rest of the body is discarded so the client,
 * still sending, reads the answer instead of a reset connection; the connection is then closed.
 */
function refuse(req: Request, res: Response, status: number, error: string, headers: Record<string, string> = {}): StowAnswer {
  res.set({ ...headers, Connection: 'close' }).status(status);
  if (!req.readableEnded) req.resume();
  return { error };
}

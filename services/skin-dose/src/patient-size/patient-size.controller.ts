import { BadRequestException, ConflictException, Controller, HttpCode, Logger, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowRoles, ApiErrors, CurrentPrincipal, GUARDED, type Principal, Audited } from '@kerma/platform';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';
import { PatientSizesService, type PendingSize, type ReceivedSize } from './patient-sizes.service';
import { pendingSite } from './pending-site';
import { parseSizeCsv, SizeCsvError } from './size-csv';
import { FhirSizeError, sizesFromFhir } from './fhir-observation';
import { patientIdDigest } from '../study-parsed/stored-study-input';
import { readText, requireMediaType } from './request-text';
import { latestPerStudy } from './latest-per-study';
import { CSV_IMPORTED, FHIR_ACCEPTED } from './patient-size-api-schemas';

const SENDERS = ['integrator', 'physicist', 'site-admin'] as const;

/**
 * Patient height and weight from the RIS (CSV) or FHIR R4 Observations. A study whose skin dose was
 * computed is recomputed at once with the new size (the replaced result is kept as a result version);
 * the result names the source that sized the phantom. A CSV row for a study not received yet is kept
 * pending (for KERMA_PENDING_SIZE_DAYS) and used by the study's first computation. FHIR sizes are
 * posted to a study's URL and need the study (404 otherwise): a FHIR sender can retry.
 */
@ApiTags('patient-size')
@Controller('api/v1')
export class PatientSizeController {
  private readonly log = new Logger(PatientSizeController.name);

  constructor(
    private readonly sizes: PatientSizesService,
    private readonly studies: SkinDoseStudiesService,
  ) {}

  @Post('patient-sizes')
  @Audited('change')
  @AllowRoles(...SENDERS)
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    description:
      'Header row required: accession_number and/or study_instance_uid, and height_cm | height_m, weight_kg | weight_lb, optionally site (comma or semicolon separated)',
    schema: { type: 'string' },
  })
  @ApiOkResponse({
    description: 'Rows applied, rows kept pending for a study not received yet, rows refused (line number and reason); studies recomputed',
    schema: CSV_IMPORTED,
  })
  @ApiErrors({ ...GUARDED, 400: 'No header row, or a header without a key or size column', 413: 'Body too large', 415: 'Not text/csv' })
  @ApiOperation({ summary: 'Import patient heights and weights from a RIS CSV export, keyed by accession number or Study Instance UID' })
  async importCsv(@CurrentPrincipal() principal: Principal, @Req() req: Request) {
    requireMediaType(req, ['text/csv']);
    let parsed;
    try {
      parsed = parseSizeCsv(await readText(req));
    } catch (err) {
      if (err instanceof SizeCsvError) throw new BadRequestException(err.message);
      throw err;
    }
    const rejected = [...parsed.rejected];
    const received: ReceivedSize[] = [];
    const waiting: (PendingSize & { line: number })[] = [];
    for (const row of parsed.rows) {
      const matches = (await this.studies.findVisible(row.key, principal)).filter((study) => row.site === null || study.site === row.site);
      for (const study of matches)
        received.push({
          studyInstanceUid: study.studyInstanceUid,
          heightM: row.heightM,
          massKg: row.massKg,
          source: 'ris-csv',
          reference: `CSV line ${row.line}`,
        });
      if (matches.length > 0) continue;
      const site = pendingSite(row.site, principal);
      if ('site' in site)
        waiting.push({
          line: row.line,
          key: row.key,
          site: site.site,
          heightM: row.heightM,
          massKg: row.massKg,
          source: 'ris-csv',
          reference: `CSV line ${row.line}`,
        });
      else
        rejected.push({
          line: row.line,
          reason: `no study with ${row.key.kind === 'accession-number' ? 'accession number' : 'Study Instance UID'} ${row.key.value} in your site scope yet: ${site.refused}`,
        });
    }
    const recomputed = await this.apply(received, principal);
    const expiresAt = waiting.length > 0 ? await this.sizes.keepPending(waiting, principal.subject) : null;
    return {
      accepted: parsed.rows.length - (rejected.length - parsed.rejected.length) - waiting.length,
      pending: waiting.map((w) => ({ line: w.line, site: w.site, expiresAt })),
      rejected: rejected.sort((a, b) => a.line - b.line),
      recomputed,
    };
  }

  @Post('studies/:studyInstanceUid/patient-size')
  @Audited('change')
  @AllowRoles(...SENDERS)
  @HttpCode(200)
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiBody({
    description: 'A FHIR R4 Observation (LOINC 8302-2 body height in cm or m, 29463-7 body weight in kg or [lb_av]) or a Bundle of them',
    schema: { type: 'object' },
  })
  @ApiOkResponse({ description: 'The sizes kept; the new result when the study had one', schema: FHIR_ACCEPTED })
  @ApiErrors({
    ...GUARDED,
    400: 'Not an Observation/Bundle of them, another code, another unit, or an implausible value (each reason given)',
    404: 'Unknown study in your site scope',
    409: "The Observation's subject identifier is another patient than the study's",
    413: 'Body too large',
    415: 'Not application/fhir+json or application/json',
  })
  @ApiOperation({ summary: "Patient height and weight for a study as FHIR R4 Observations; the study's skin dose is recomputed when it was computed" })
  async fhir(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') uid: string, @Req() req: Request) {
    const type = requireMediaType(req, ['application/fhir+json', 'application/json']);
    const study = (await this.studies.findVisible({ kind: 'study-instance-uid', value: uid }, principal))[0];
    if (!study) throw new NotFoundException(`no skin dose input for study ${uid}`);
    const body = type === 'application/json' ? (req.body as unknown) : parseJson(await readText(req));
    let sizes;
    try {
      sizes = sizesFromFhir(body);
    } catch (err) {
      if (err instanceof FhirSizeError) throw new BadRequestException(err.message);
      throw err;
    }
    const other = sizes.find(
      (s) => s.patientId !== null && study.patient.idDigest != null && patientIdDigest(study.site, s.patientId) !== study.patient.idDigest,
    );
    if (other) throw new ConflictException(`${other.reference} is for another patient than study ${uid}`);
    const recomputed = await this.apply(
      sizes.map((s) => ({ studyInstanceUid: uid, heightM: s.heightM, massKg: s.massKg, source: 'fhir' as const, reference: s.reference })),
      principal,
    );
    const current = await this.studies.get(uid);
    return {
      studyInstanceUid: uid,
      accepted: sizes.map((s) => ({ reference: s.reference, heightM: s.heightM, massKg: s.massKg })),
      recomputed: recomputed.length > 0,
      resultVersion: current.result ? current.resultVersion : null,
      result: current.result,
    };
  }

  /** Stores the sizes, then recomputes each study that already had a skin dose; returns the UIDs recomputed. */
  private async apply(received: readonly ReceivedSize[], principal: Principal): Promise<string[]> {
    if (received.length === 0) return [];
    await this.sizes.store(latestPerStudy(received), principal.subject);
    this.log.log({
      msg: 'patient sizes received',
      source: received[0].source,
      studies: new Set(received.map((r) => r.studyInstanceUid)).size,
      by: principal.subject,
    });
    const recomputed: string[] = [];
    for (const uid of [...new Set(received.map((r) => r.studyInstanceUid))]) {
      const study = await this.studies.get(uid);
      if (!study.result) continue;
      await this.studies.recompute(uid);
      recomputed.push(uid);
    }
    return recomputed;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BadRequestException(`the body is not JSON: ${(err as Error).message}`);
  }
}

import { Controller, Get, NotFoundException, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { renderSkinDoseMapPng } from '@kerma/dosimetry';
import { StudyRecord } from '../persistence/study-record.entity';
import { ApiContentResponse, ApiErrors, assertKnownQuery, Audited, BINARY, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { PATIENT_SKIN_DOSE } from '../api-schemas';
import { issuerWhere, onePatient, parseIssuer, parseWindowDays, siteWhere } from '../patients/patient-identity';
import { SkinDoseMapsService } from './skin-dose-maps.service';
import { patientSkinDose, patientSkinDoseView, studiesInWindow } from './patient-skin-dose';

const ISSUER_DOC = 'Issuer of Patient ID; empty or "(none)" for ids without issuer; absent: the id under any issuer (409 when it has several)';
const WINDOW_DOC = 'Days back from now whose studies are added up (default 60, NCRP 168 / SIR follow-up; 1–36500)';

@ApiTags('patients')
@Audited('read-patient')
@Controller('api/v1/patients')
export class PatientSkinDoseController {
  constructor(
    @InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>,
    private readonly maps: SkinDoseMapsService,
  ) {}

  @Get(':patientId/skin-dose')
  @ApiOkResponse({ description: 'Cumulative skin dose within your site scope', schema: PATIENT_SKIN_DOSE })
  @ApiErrors({ ...GUARDED, 400: true, 404: 'No study of this patient id in your site scope', 409: 'The id exists under several issuers: choose one with ?issuer=' })
  @ApiOperation({ summary: "A patient's cumulative skin dose: the study maps added on one body surface, peak and where, Σ PSD, interval, contributing studies" })
  @ApiQuery({ name: 'issuer', required: false, description: ISSUER_DOC })
  @ApiQuery({ name: 'windowDays', required: false, description: WINDOW_DOC })
  async get(@CurrentPrincipal() principal: Principal, @Param('patientId') patientId: string, @Query() params: Record<string, unknown>, @Query('issuer') issuer?: string, @Query('windowDays') windowDays?: string) {
    assertKnownQuery(params, ['issuer', 'windowDays']);
    const { patient, window, inWindow, cumulative, query } = await this.compute(principal, patientId, issuer, windowDays);
    const mapUrl = `/api/v1/patients/${encodeURIComponent(patientId)}/skin-dose/map.png${query}`;
    return { patient, ...patientSkinDoseView(inWindow, window, cumulative, mapUrl) };
  }

  @Get(':patientId/skin-dose/map.png')
  @ApiContentResponse(200, 'The cumulative map as PNG', 'image/png', BINARY)
  @ApiErrors({ ...GUARDED, 400: true, 404: 'No study of this patient id, or no study skin dose map in the window', 409: 'The id exists under several issuers: choose one with ?issuer=' })
  @ApiOperation({ summary: 'The cumulative skin dose map on the patient phantom: clinical colour bands, cumulative peak circled (same conventions as study maps)' })
  @ApiProduces('image/png')
  @ApiQuery({ name: 'issuer', required: false, description: ISSUER_DOC })
  @ApiQuery({ name: 'windowDays', required: false, description: WINDOW_DOC })
  async map(@CurrentPrincipal() principal: Principal, @Param('patientId') patientId: string, @Query() query: Record<string, unknown>, @Query('issuer') issuer?: string, @Query('windowDays') windowDays?: string): Promise<StreamableFile> {
    assertKnownQuery(query, ['issuer', 'windowDays']);
    const { cumulative } = await this.compute(principal, patientId, issuer, windowDays);
    if (!cumulative.doseMap) throw new NotFoundException('this patient has no study skin dose map in the window');
    const png = renderSkinDoseMapPng({ doseMap: cumulative.doseMap, psdGy: cumulative.peakOfSummedMapGy ?? 0, psdLocation: cumulative.psdLocation });
    return new StreamableFile(Buffer.from(png), { type: 'image/png', length: png.byteLength });
  }

  /** Within the caller's site scope: another site's studies of the same id are neither counted nor disclosed. */
  private async compute(principal: Principal, patientId: string, issuer: string | undefined, windowDays: string | undefined) {
    const days = parseWindowDays(windowDays);
    const which = parseIssuer(issuer);
    const records = await this.records.find({ where: { patientId, ...issuerWhere(which), ...siteWhere(principal, undefined) } });
    noteAuditedRecords(records);
    const { issuers } = onePatient(which, records);
    const { window, inWindow } = studiesInWindow(records, days, new Date());
    const cumulative = patientSkinDose(inWindow, await this.maps.ofStudies(inWindow.map((r) => r.studyInstanceUid)));
    const params = new URLSearchParams();
    if (issuer !== undefined) params.set('issuer', issuer);
    params.set('windowDays', String(days));
    return { patient: { id: patientId, issuers }, window, inWindow, cumulative, query: `?${params.toString()}` };
  }
}

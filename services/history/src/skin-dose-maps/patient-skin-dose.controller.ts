import { Controller, Get, NotFoundException, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { cumulativeMapFigure, renderSkinDoseMapSvg } from '@kerma/dosimetry';
import { PersonRecordsService } from '../patient-links/person-records.service';
import { ApiContentResponse, ApiErrors, assertKnownQuery, Audited, BINARY, CurrentPrincipal, GUARDED, MapPngRenderer, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { PATIENT_SKIN_DOSE } from '../api-schemas';
import { parseIssuer, parseWindowDays, scopeSites } from '../patients/patient-identity';
import { SkinDoseMapsService } from './skin-dose-maps.service';
import { patientSkinDose, patientSkinDoseView, studiesInWindow } from './patient-skin-dose';

const ISSUER_DOC = 'Issuer of Patient ID; empty or "(none)" for ids without issuer; absent: the id under any issuer (409 when it has several)';
const WINDOW_DOC = 'Days back from now whose studies are added up (default 60, NCRP 168 / SIR follow-up; 1–36500)';

const MAP_ERRORS = {
  ...GUARDED,
  400: true,
  404: 'No study of this patient id, or no study skin dose map in the window',
  409: 'The id exists under several issuers: choose one with ?issuer=',
} as const;
const MAP_CONTENT =
  'the study maps in the window added on the patient phantom, labelled cumulative with the window and the contributing studies (count, dates, PSDs); same conventions as study maps (viridis absolute scale with the 2/3/5/10 Gy thresholds, isodose lines, cumulative peak with its interval marked, orientation labels, 10 cm scale); never patient names or ids';
const SVG_TEXT = { type: 'string', description: 'SVG 1.1 document' } as const;

@ApiTags('patients')
@Audited('read-patient')
@Controller('api/v1/patients')
export class PatientSkinDoseController {
  constructor(
    private readonly person: PersonRecordsService,
    private readonly maps: SkinDoseMapsService,
    private readonly renderer: MapPngRenderer,
  ) {}

  @Get(':patientId/skin-dose')
  @ApiOkResponse({ description: 'Cumulative skin dose within your site scope', schema: PATIENT_SKIN_DOSE })
  @ApiErrors({
    ...GUARDED,
    400: true,
    404: 'No study of this patient id in your site scope',
    409: 'The id exists under several issuers: choose one with ?issuer=',
  })
  @ApiOperation({
    summary: "A patient's cumulative skin dose: the study maps added on one body surface, peak and where, Σ PSD, interval, contributing studies",
  })
  @ApiQuery({ name: 'issuer', required: false, description: ISSUER_DOC })
  @ApiQuery({ name: 'windowDays', required: false, description: WINDOW_DOC })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('patientId') patientId: string,
    @Query() params: Record<string, unknown>,
    @Query('issuer') issuer?: string,
    @Query('windowDays') windowDays?: string,
  ) {
    assertKnownQuery(params, ['issuer', 'windowDays']);
    const { patient, window, inWindow, cumulative, query } = await this.compute(principal, patientId, issuer, windowDays);
    const mapUrl = `/api/v1/patients/${encodeURIComponent(patientId)}/skin-dose/map.png${query}`;
    return { patient, ...patientSkinDoseView(inWindow, window, cumulative, mapUrl) };
  }

  @Get(':patientId/skin-dose/map.png')
  @ApiContentResponse(200, 'The cumulative map as PNG', 'image/png', BINARY)
  @ApiErrors({ ...MAP_ERRORS })
  @ApiOperation({ summary: `The cumulative skin dose map as PNG: ${MAP_CONTENT}` })
  @ApiProduces('image/png')
  @ApiQuery({ name: 'issuer', required: false, description: ISSUER_DOC })
  @ApiQuery({ name: 'windowDays', required: false, description: WINDOW_DOC })
  async mapPng(
    @CurrentPrincipal() principal: Principal,
    @Param('patientId') patientId: string,
    @Query() query: Record<string, unknown>,
    @Query('issuer') issuer?: string,
    @Query('windowDays') windowDays?: string,
  ): Promise<StreamableFile> {
    assertKnownQuery(query, ['issuer', 'windowDays']);
    const png = this.renderer.png(await this.mapSvg(principal, patientId, issuer, windowDays));
    return new StreamableFile(Buffer.from(png), { type: 'image/png', length: png.byteLength });
  }

  @Get(':patientId/skin-dose/map.svg')
  @ApiContentResponse(200, 'The cumulative map as SVG (text as text)', 'image/svg+xml', SVG_TEXT)
  @ApiErrors({ ...MAP_ERRORS })
  @ApiOperation({ summary: `The cumulative skin dose map as SVG: ${MAP_CONTENT}` })
  @ApiProduces('image/svg+xml')
  @ApiQuery({ name: 'issuer', required: false, description: ISSUER_DOC })
  @ApiQuery({ name: 'windowDays', required: false, description: WINDOW_DOC })
  async mapSvgFile(
    @CurrentPrincipal() principal: Principal,
    @Param('patientId') patientId: string,
    @Query() query: Record<string, unknown>,
    @Query('issuer') issuer?: string,
    @Query('windowDays') windowDays?: string,
  ): Promise<StreamableFile> {
    assertKnownQuery(query, ['issuer', 'windowDays']);
    const svg = Buffer.from(await this.mapSvg(principal, patientId, issuer, windowDays), 'utf8');
    return new StreamableFile(svg, { type: 'image/svg+xml; charset=utf-8', length: svg.byteLength });
  }

  private async mapSvg(principal: Principal, patientId: string, issuer: string | undefined, windowDays: string | undefined): Promise<string> {
    const { window, cumulative } = await this.compute(principal, patientId, issuer, windowDays);
    if (!cumulative.doseMap) throw new NotFoundException('this patient has no study skin dose map in the window');
    return renderSkinDoseMapSvg(cumulativeMapFigure(cumulative, window));
  }

  /** Within the caller's site scope: another site's studies of the same id are neither counted nor disclosed. */
  private async compute(principal: Principal, patientId: string, issuer: string | undefined, windowDays: string | undefined) {
    const days = parseWindowDays(windowDays);
    const which = parseIssuer(issuer);
    const { records, issuers, linkedIdentities } = await this.person.of(patientId, which, scopeSites(principal, undefined));
    noteAuditedRecords(records);
    const { window, inWindow } = studiesInWindow(records, days, new Date());
    const cumulative = patientSkinDose(inWindow, await this.maps.ofStudies(inWindow.map((r) => r.studyInstanceUid)));
    const params = new URLSearchParams();
    if (issuer !== undefined) params.set('issuer', issuer);
    params.set('windowDays', String(days));
    return { patient: { id: patientId, issuers, linkedIdentities }, window, inWindow, cumulative, query: `?${params.toString()}` };
  }
}

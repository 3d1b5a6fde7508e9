import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FindOptionsWhere, Repository } from 'typeorm';
import { StudyRecord } from '../persistence/study-record.entity';
import { doseHistory } from './dose-history';
import { ApiErrors, assertKnownQuery, Audited, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { DOSE_HISTORY } from '../api-schemas';
import { issuerWhere, onePatient, parseIssuer, parseWindowDays, siteWhere } from './patient-identity';

@ApiTags('patients')
@Audited('read-patient')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(@InjectRepository(StudyRecord, 'history') private readonly records: Repository<StudyRecord>) {}

  @Get(':patientId/dose-history')
  @ApiOkResponse({ description: 'Cumulative dose of the patient within your site scope', schema: DOSE_HISTORY })
  @ApiErrors({ ...GUARDED, 400: true, 404: 'No study of this patient id in your site scope', 409: 'The id exists under several issuers: choose one with ?issuer=' })
  @ApiOperation({ summary: "A patient's procedures across sites, with cumulative Ka,r, KAP, fluoroscopy time and Σ PSD" })
  @ApiQuery({ name: 'issuer', required: false, description: 'Issuer of Patient ID; empty or "(none)" for ids without issuer; absent: the id under any issuer (409 when it has several)' })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'windowDays', required: false, description: 'Recent window for the sums (default 60)' })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('patientId') patientId: string,
    @Query('issuer') issuer?: string,
    @Query('site') site?: unknown,
    @Query('windowDays') windowDays?: string,
    @Query() query: Record<string, unknown> = {},
  ) {
    assertKnownQuery(query, ['issuer', 'site', 'windowDays']);
    const days = parseWindowDays(windowDays);
    const which = parseIssuer(issuer);
    const where: FindOptionsWhere<StudyRecord> = { patientId, ...issuerWhere(which), ...siteWhere(principal, site) };
    const records = await this.records.find({ where });
    noteAuditedRecords(records);
    const { issuers } = onePatient(which, records);
    return { patient: { id: patientId, issuers }, ...doseHistory(records, days, new Date()) };
  }
}

import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PersonRecordsService } from '../patient-links/person-records.service';
import { doseHistory } from './dose-history';
import { ApiErrors, assertKnownQuery, Audited, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { DOSE_HISTORY } from '../api-schemas';
import { parseIssuer, parseWindowDays, scopeSites } from './patient-identity';

@ApiTags('patients')
@Audited('read-patient')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(private readonly person: PersonRecordsService) {}

  @Get(':patientId/dose-history')
  @ApiOkResponse({ description: 'Cumulative dose of the patient within your site scope', schema: DOSE_HISTORY })
  @ApiErrors({
    ...GUARDED,
    400: true,
    404: 'No study of this patient id in your site scope',
    409: 'The id exists under several issuers: choose one with ?issuer=',
  })
  @ApiOperation({ summary: "A patient's procedures across sites and linked identities, with cumulative Ka,r, KAP, fluoroscopy time and Σ PSD" })
  @ApiQuery({
    name: 'issuer',
    required: false,
    description: 'Issuer of Patient ID; empty or "(none)" for ids without issuer; absent: the id under any issuer (409 when it has several)',
  })
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
    const { records, issuers, linkedIdentities } = await this.person.of(patientId, which, scopeSites(principal, site));
    noteAuditedRecords(records);
    return { patient: { id: patientId, issuers, linkedIdentities }, ...doseHistory(records, days, new Date()) };
  }
}

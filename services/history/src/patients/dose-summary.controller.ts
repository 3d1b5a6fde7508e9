import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, assertKnownQuery, Audited, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { DOSE_SUMMARY } from '../api-schemas';
import { PersonRecordsService } from '../patient-links/person-records.service';
import { CumulativeSkinDoseCache } from '../skin-dose-maps/cumulative-cache.service';
import { studiesInWindow } from '../skin-dose-maps/patient-skin-dose';
import { doseSummary } from './dose-summary';
import { parseIssuer, parseWindowDays, scopeSites } from './patient-identity';

@ApiTags('patients')
@Audited('read-patient')
@Controller('api/v1/patients')
export class DoseSummaryController {
  constructor(
    private readonly person: PersonRecordsService,
    private readonly cumulative: CumulativeSkinDoseCache,
  ) {}

  @Get(':patientId/dose-summary')
  @ApiOkResponse({ description: 'The dose summary of the patient within your site scope', schema: DOSE_SUMMARY })
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown or repeated parameter, invalid issuer or windowDays',
    404: 'No study of this patient id in your site scope',
    409: 'The id exists under several issuers: choose one with ?issuer=',
  })
  @ApiOperation({ summary: 'Pre-procedure look-up: cumulative PSD of the window and where, Σ Ka,r, last high-dose study, open follow-ups' })
  @ApiQuery({
    name: 'issuer',
    required: false,
    description: 'Issuer of Patient ID; empty or "(none)" for ids without issuer; absent: the id under any issuer (409 when it has several)',
  })
  @ApiQuery({ name: 'windowDays', required: false, description: 'Days back from now (default 60, NCRP 168 / SIR follow-up)' })
  async summary(
    @CurrentPrincipal() principal: Principal,
    @Param('patientId') patientId: string,
    @Query() params: Record<string, unknown>,
    @Query('issuer') issuer?: string,
    @Query('windowDays') windowDays?: string,
  ) {
    assertKnownQuery(params, ['issuer', 'windowDays']);
    const days = parseWindowDays(windowDays);
    const which = parseIssuer(issuer);
    // Within the caller's site scope: another site's studies of the same id are neither counted nor disclosed.
    const { records, issuers, linkedIdentities } = await this.person.of(patientId, which, scopeSites(principal, undefined));
    noteAuditedRecords(records);
    const { window, inWindow } = studiesInWindow(records, days, new Date());
    const cumulative = await this.cumulative.of(inWindow);
    return { patient: { id: patientId, issuers, linkedIdentities }, window, ...doseSummary(records, inWindow, cumulative) };
  }
}

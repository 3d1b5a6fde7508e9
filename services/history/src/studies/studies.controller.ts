import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Audited, canSeeSite, CurrentPrincipal, GUARDED, sitesToQuery, type Principal } from '@kerma/platform';
import { noteAuditedRecords } from '../security/audit-notes';
import { STUDY_PAGE, STUDY_VERSIONS, STUDY_VIEW } from '../api-schemas';
import { PersonRecordsService } from '../patient-links/person-records.service';
import { StudyRecordsService } from './study-records.service';
import { encodeCursor, MAX_LIMIT, DEFAULT_LIMIT, MODALITY_KINDS, parseStudySearch } from './study-search';
import { studySummary, studyVersionsView, studyView, type StudySummary, type StudyVersionsView, type StudyView } from './study-view';

@ApiTags('studies')
@Audited('read-study')
@Controller('api/v1/studies')
export class StudiesController {
  constructor(
    private readonly studies: StudyRecordsService,
    private readonly person: PersonRecordsService,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'One page of studies, newest first', schema: STUDY_PAGE })
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter, or a cursor this endpoint did not issue' })
  @ApiOperation({ summary: 'Find studies, newest first (by study date-time; undated studies last), one page at a time' })
  @ApiQuery({ name: 'site', required: false, description: 'One site; absent: every site of your scope' })
  @ApiQuery({ name: 'modality', required: false, description: `DICOM modality, matched through the procedure kind: ${Object.keys(MODALITY_KINDS).join(', ')}` })
  @ApiQuery({ name: 'kind', required: false, description: 'projection-xray, ct, mammography or radiography' })
  @ApiQuery({ name: 'from', required: false, description: 'Study date-time at or after, local: YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]' })
  @ApiQuery({ name: 'to', required: false, description: 'Study date-time at or before, local; a date includes the whole day' })
  @ApiQuery({ name: 'device', required: false, description: 'Station name or model name, exactly as the device reports it' })
  @ApiQuery({
    name: 'patientId',
    required: false,
    description: 'Patient ID (any issuer; each study names its issuer), with the studies of the identities linked to it',
  })
  @ApiQuery({ name: 'status', required: false, description: 'pending, complete or failed' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page, unchanged' })
  @ApiQuery({ name: 'limit', required: false, description: `Studies per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})` })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown> = {},
  ): Promise<{ studies: StudySummary[]; nextCursor: string | null }> {
    const search = parseStudySearch(query);
    const sites = sitesToQuery(principal, search.site);
    // A patient's studies include those of the identities linked to it (within the same sites).
    const linked = search.patientId === null ? [] : await this.person.linkedTo(await this.studies.identitiesOf(search.patientId, sites), sites);
    const { records, next } = await this.studies.search(search, sites, linked);
    noteAuditedRecords(records);
    return { studies: records.map(studySummary), nextCursor: next ? encodeCursor(next) : null };
  }

  @Get(':studyInstanceUid')
  @ApiOkResponse({ description: 'The study', schema: STUDY_VIEW })
  @ApiErrors({ ...GUARDED, 404: 'No such study in your site scope' })
  @ApiOperation({ summary: 'A study: processing status per stage, totals, peak skin dose, alerts, or the failure reason' })
  async get(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') studyInstanceUid: string): Promise<StudyView> {
    const record = await this.studies.find(studyInstanceUid);
    // Another site's study is answered exactly like an unknown one: its existence is not disclosed either.
    if (!record || !canSeeSite(principal, record.site)) throw new NotFoundException(`no study ${studyInstanceUid} is known`);
    noteAuditedRecords([record]);
    return studyView(record);
  }

  @Get(':studyInstanceUid/versions')
  @ApiOkResponse({ description: 'The current figures and the replaced ones, oldest first', schema: STUDY_VERSIONS })
  @ApiErrors({ ...GUARDED, 404: 'No such study in your site scope' })
  @ApiOperation({
    summary:
      'Versions of a study: the dose figures each new revision (report, reprocess) or skin-dose recomputation replaced, with parser and skin-dose versions',
  })
  async versions(@CurrentPrincipal() principal: Principal, @Param('studyInstanceUid') studyInstanceUid: string): Promise<StudyVersionsView> {
    const record = await this.studies.find(studyInstanceUid);
    if (!record || !canSeeSite(principal, record.site)) throw new NotFoundException(`no study ${studyInstanceUid} is known`);
    noteAuditedRecords([record]);
    return studyVersionsView(record, await this.studies.versions(studyInstanceUid));
  }
}

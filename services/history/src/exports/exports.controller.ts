import { BadRequestException, Controller, Get, Inject, Logger, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PassThrough } from 'node:stream';
import type { DrlTable } from '@kerma/dose-figures';
import {
  Audited,
  AllowRoles,
  ApiContentResponse,
  ApiErrors,
  BINARY,
  CurrentPrincipal,
  GUARDED,
  sitesToQuery,
  type Principal,
  type Role,
} from '@kerma/platform';
import { DRL_TABLE } from '../drl/drl.controller';
import { DrlFiguresService } from '../drl/drl-figures.service';
import { parseDrlQuery } from '../drl/drl-query';
import { drlReport } from '../drl/drl-report';
import { StudyRecordsService } from '../studies/study-records.service';
import { MAX_LIMIT, parseStudySearch, type StudySearch } from '../studies/study-search';
import { DRL_EXPORT_HEADERS, drlExportRows } from './drl-export';
import { EXPORT_MEDIA_TYPES, writeTable, type Cell, type ExportFormat, type ExportTable } from './export-table';
import { studyExportHeaders, studyExportRows } from './study-export';

/** Roles whose exports carry the patient id (a viewer's or auditor's export identifies studies only). */
const PATIENT_ID_ROLES: readonly Role[] = ['physicist', 'site-admin'];

const STUDY_FILTERS = ['site', 'modality', 'kind', 'from', 'to', 'device', 'patientId', 'status'];
const CSV_TEXT = { type: 'string', description: 'RFC 4180 CSV, UTF-8 with a byte-order mark' };

@ApiTags('exports')
@Controller()
export class ExportsController {
  private readonly log = new Logger('Exports');

  constructor(
    private readonly studies: StudyRecordsService,
    private readonly figures: DrlFiguresService,
    @Inject(DRL_TABLE) private readonly table: DrlTable,
  ) {}

  @Get('api/v1/exports/studies.csv')
  @Audited('read-study')
  @ApiContentResponse(200, 'One row per study and per CT acquisition, with the dose figures', EXPORT_MEDIA_TYPES.csv, CSV_TEXT)
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter' })
  @ApiOperation({ summary: 'The study list of a period as CSV (filters of GET /api/v1/studies; no paging), streamed' })
  @StudyFilterDocs()
  studiesCsv(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown> = {}): StreamableFile {
    return this.studiesExport('csv', principal, query);
  }

  @Get('api/v1/exports/studies.xlsx')
  @Audited('read-study')
  @ApiContentResponse(200, 'One row per study and per CT acquisition, with the dose figures', EXPORT_MEDIA_TYPES.xlsx, BINARY)
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter' })
  @ApiOperation({ summary: 'The study list of a period as an XLSX workbook, streamed' })
  @StudyFilterDocs()
  studiesXlsx(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown> = {}): StreamableFile {
    return this.studiesExport('xlsx', principal, query);
  }

  @Get('api/v1/analytics/drl.csv')
  @AllowRoles('physicist', 'site-admin')
  @ApiContentResponse(200, 'The DRL report: one row per group and matching national DRL', EXPORT_MEDIA_TYPES.csv, CSV_TEXT)
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter' })
  @ApiOperation({ summary: 'DRL analytics as CSV (parameters of GET /api/v1/analytics/drl)' })
  drlCsv(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown> = {}): Promise<StreamableFile> {
    return this.drlExport('csv', principal, query);
  }

  @Get('api/v1/analytics/drl.xlsx')
  @AllowRoles('physicist', 'site-admin')
  @ApiContentResponse(200, 'The DRL report: one row per group and matching national DRL', EXPORT_MEDIA_TYPES.xlsx, BINARY)
  @ApiErrors({ ...GUARDED, 400: 'An unknown, repeated or invalid parameter' })
  @ApiOperation({ summary: 'DRL analytics as an XLSX workbook (parameters of GET /api/v1/analytics/drl)' })
  drlXlsx(@CurrentPrincipal() principal: Principal, @Query() query: Record<string, unknown> = {}): Promise<StreamableFile> {
    return this.drlExport('xlsx', principal, query);
  }

  private studiesExport(format: ExportFormat, principal: Principal, query: Record<string, unknown>): StreamableFile {
    for (const paging of ['cursor', 'limit'])
      if (paging in query) throw new BadRequestException(`${paging} is not a parameter of an export: it holds the whole period`);
    const search = parseStudySearch(query);
    const withPatientId = principal.roles.some((r) => PATIENT_ID_ROLES.includes(r));
    const sites = sitesToQuery(principal, search.site);
    const rows = this.studyRows(search, sites, withPatientId);
    return this.stream(format, { sheetName: 'Studies', headers: studyExportHeaders(withPatientId), rows }, 'kerma-studies');
  }

  private async *studyRows(search: StudySearch, sites: readonly string[] | null, withPatientId: boolean): AsyncIterable<readonly Cell[]> {
    let page: StudySearch = { ...search, limit: MAX_LIMIT, after: null };
    for (;;) {
      const { records, next } = await this.studies.search(page, sites);
      for (const r of records) yield* studyExportRows(r, withPatientId);
      if (!next) return;
      page = { ...page, after: next };
    }
  }

  private async drlExport(format: ExportFormat, principal: Principal, query: Record<string, unknown>): Promise<StreamableFile> {
    const q = parseDrlQuery(query);
    const report = drlReport(q, this.table, await this.figures.statistics(q, sitesToQuery(principal, q.site)));
    async function* rows(): AsyncIterable<readonly Cell[]> {
      yield* drlExportRows(report);
    }
    return this.stream(format, { sheetName: 'DRL', headers: DRL_EXPORT_HEADERS, rows: rows() }, 'kerma-drl');
  }

  /** Rows are written as they are read; a failure half-way ends the download with an error, logged. */
  private stream(format: ExportFormat, table: ExportTable, name: string): StreamableFile {
    const out = new PassThrough();
    writeTable(format, table, out).catch((err: Error) => {
      this.log.error({ msg: 'export failed part-way', format, error: err.message });
      out.destroy(err);
    });
    return new StreamableFile(out, { type: EXPORT_MEDIA_TYPES[format], disposition: `attachment; filename="${name}.${format}"` });
  }
}

function StudyFilterDocs(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const name of STUDY_FILTERS) ApiQuery({ name, required: false, description: `As GET /api/v1/studies ?${name}` })(target, key, descriptor);
  };
}

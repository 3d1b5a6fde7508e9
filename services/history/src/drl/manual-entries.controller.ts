import { BadRequestException, Controller, HttpCode, PayloadTooLargeException, Post, Query, Req, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Audited, AllowRoles, ApiErrors, assertKnownQuery, CurrentPrincipal, GUARDED, schema as s, sitesToQuery, type Principal } from '@kerma/platform';
import { DrlFiguresService } from './drl-figures.service';
import { MANUAL_ENTRY_COLUMNS, ManualEntryError, parseManualEntryCsv } from './manual-entry-csv';

/** A manual-entry file is a survey's worth of rows typed by hand, not a bulk load. */
const MAX_CSV_BYTES = 5 * 1024 * 1024;

async function readText(req: Request): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) throw new PayloadTooLargeException(`a manual-entry CSV is at most ${MAX_CSV_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.includes('\uFFFD')) throw new BadRequestException('the CSV is not UTF-8 text');
  return text;
}

@ApiTags('analytics')
@Controller('api/v1/dose-figures')
export class ManualEntriesController {
  constructor(private readonly figures: DrlFiguresService) {}

  @Post('manual-entries')
  @Audited('change')
  @HttpCode(200)
  @AllowRoles('physicist', 'site-admin')
  @ApiOperation({ summary: 'Import dose figures typed in for units without RDSR or network (CSV); they count in DRL analytics with provenance manual-entry' })
  @ApiQuery({ name: 'site', required: false, description: 'The site the figures belong to; required unless your scope is one site' })
  @ApiBody({
    description: `text/csv with a header naming columns among: ${MANUAL_ENTRY_COLUMNS.join(', ')} (date, device, procedure and one metric at least)`,
    schema: { type: 'string' },
  })
  @ApiOkResponse({ description: 'Every row imported', schema: s.object({ site: s.string(), rows: s.integer(), figures: s.integer() }) })
  @ApiErrors({
    ...GUARDED,
    400: 'A bad row (every problem listed by line number; nothing is imported) or an unknown parameter',
    413: 'Over 5 MiB',
    415: 'Not text/csv',
  })
  async import(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Query() query: Record<string, unknown> = {},
  ): Promise<{ site: string; rows: number; figures: number }> {
    assertKnownQuery(query, ['site']);
    if (!/^text\/csv\b/i.test(req.headers['content-type'] ?? '')) throw new UnsupportedMediaTypeException('send the file as text/csv');
    const requested = typeof query.site === 'string' && query.site !== '' ? query.site : undefined;
    const scope = sitesToQuery(principal, requested);
    const site = requested ?? (scope?.length === 1 ? scope[0] : undefined);
    if (!site) throw new BadRequestException('site is required: your scope holds more than one site');
    let rows;
    try {
      rows = parseManualEntryCsv(await readText(req), site);
    } catch (err) {
      if (err instanceof ManualEntryError) throw new BadRequestException({ message: err.message, problems: err.problems });
      throw err;
    }
    await this.figures.upsertManual(rows);
    return { site, rows: new Set(rows.map((r) => r.studyInstanceUid)).size, figures: rows.length };
  }
}

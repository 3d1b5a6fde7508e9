import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository } from 'typeorm';
import { AUDIT_ACTIONS, type AuditV1 } from '@kerma/contracts';
import {
  AllowRoles,
  ApiErrors,
  assertKnownQuery,
  Audited,
  AuditRecord,
  CurrentPrincipal,
  eventOf,
  GUARDED,
  sitesToQuery,
  type Principal,
} from '@kerma/platform';
import { AUDIT_PAGE } from './security-schemas';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const QUERY = ['from', 'to', 'subject', 'patientKey', 'action', 'site', 'cursor', 'limit'] as const;

type AuditEntry = Omit<AuditV1, 'eventId' | 'occurredAt'> & { id: string };

/**
 * The audit trail of every service (received on kerma.audit.v1), newest first, for auditors of the
 * sites concerned. A record of a group-wide request that names no single site is shown to group-wide
 * auditors only.
 */
@ApiTags('audit')
@AllowRoles('auditor')
@Controller('api/v1/audit')
export class AuditController {
  constructor(@InjectRepository(AuditRecord, 'history') private readonly records: Repository<AuditRecord>) {}

  @Get()
  @Audited('read-audit')
  @ApiOkResponse({ description: 'One page of audit records, newest first', schema: AUDIT_PAGE })
  @ApiErrors({
    ...GUARDED,
    400: 'An unknown, repeated or invalid parameter',
    403: "Needs the auditor role, or the site asked for is outside the caller's site scope",
  })
  @ApiOperation({ summary: 'Who read which patient data and who changed what, from which address, with which outcome' })
  @ApiQuery({ name: 'from', required: false, description: 'ISO 8601 date-time, inclusive' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO 8601 date-time, exclusive' })
  @ApiQuery({ name: 'subject', required: false, description: 'OIDC subject, or api-key:<id>' })
  @ApiQuery({ name: 'patientKey', required: false, description: 'Pseudonymous patient key (64 hex digits)' })
  @ApiQuery({ name: 'action', required: false, description: AUDIT_ACTIONS.join(', ') })
  @ApiQuery({ name: 'site', required: false })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page, unchanged' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})` })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown> = {},
  ): Promise<{ records: AuditEntry[]; nextCursor: string | null }> {
    assertKnownQuery(query, QUERY);
    const q = query as Partial<Record<(typeof QUERY)[number], string>>;
    const sites = sitesToQuery(principal, q.site);
    const limit = parseLimit(q.limit);
    const builder = this.records
      .createQueryBuilder('r')
      .orderBy('r.at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(limit + 1);
    if (sites) builder.andWhere('r.site IN (:...sites)', { sites: sites.length > 0 ? [...sites] : ['\u0000'] });
    if (q.from !== undefined) builder.andWhere('r.at >= :from', { from: isoTime('from', q.from) });
    if (q.to !== undefined) builder.andWhere('r.at < :to', { to: isoTime('to', q.to) });
    if (q.subject !== undefined) builder.andWhere('r.subject = :subject', { subject: q.subject });
    if (q.action !== undefined) builder.andWhere('r.action = :action', { action: oneOf('action', q.action, AUDIT_ACTIONS) });
    if (q.patientKey !== undefined) builder.andWhere('r.patient_keys LIKE :patientKey', { patientKey: `%${hexKey(q.patientKey)}%` });
    if (q.cursor !== undefined) {
      const { at, id } = decodeCursor(q.cursor);
      builder.andWhere(
        new Brackets((w) => w.where('r.at < :cursorAt', { cursorAt: at }).orWhere('r.at = :cursorAt AND r.id < :cursorId', { cursorAt: at, cursorId: id })),
      );
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { records: page.map(entryOf), nextCursor: rows.length > limit && last ? Buffer.from(`${last.at}|${last.id}`).toString('base64url') : null };
  }
}

function entryOf(record: AuditRecord): AuditEntry {
  const { eventId, occurredAt: _occurredAt, ...rest } = eventOf(record);
  return { id: eventId, ...rest };
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new BadRequestException(`limit: expected a whole number 1–${MAX_LIMIT}`);
  return n;
}

function isoTime(name: string, text: string): string {
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text) || Number.isNaN(ms))
    throw new BadRequestException(`${name}: expected an ISO 8601 date-time, e.g. 2026-12-01T08:00:00Z`);
  return new Date(ms).toISOString();
}

function hexKey(text: string): string {
  if (!/^[0-9a-f]{64}$/.test(text)) throw new BadRequestException('patientKey: expected 64 lowercase hex digits');
  return text;
}

function oneOf<T extends string>(name: string, text: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(text)) throw new BadRequestException(`${name}: expected one of ${values.join(', ')}`);
  return text as T;
}

function decodeCursor(text: string): { at: string; id: string } {
  const [at, id] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) throw new BadRequestException('cursor: not one this endpoint issued');
  return { at, id };
}

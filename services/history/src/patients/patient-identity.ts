import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { In, IsNull, type FindOptionsWhere } from 'typeorm';
import { sitesToQuery, type Principal } from '@kerma/platform';
import type { StudyRecord } from '../persistence/study-record.entity';

/**
 * Which issuer of the patient id a query means. `?issuer=X`: that issuer. `?issuer=` (empty) or
 * `?issuer=(none)`: ids reported without an issuer. No `issuer` parameter: whatever issuers the id
 * has; when it has several, the query is refused (409, naming them): the same id under two issuers is
 * two persons until someone links them, and their doses are never added up silently.
 */
export type IssuerQuery = { readonly kind: 'any' } | { readonly kind: 'none' } | { readonly kind: 'issuer'; readonly issuer: string };

export const NO_ISSUER = '(none)';

export function parseIssuer(raw: string | undefined): IssuerQuery {
  if (raw === undefined) return { kind: 'any' };
  const value = raw.trim();
  if (value === '' || value === NO_ISSUER) return { kind: 'none' };
  if (value.length > 64) throw new BadRequestException('issuer is at most 64 characters');
  return { kind: 'issuer', issuer: value };
}

export function issuerWhere(q: IssuerQuery): FindOptionsWhere<StudyRecord> {
  if (q.kind === 'none') return { patientIdIssuer: IsNull() };
  if (q.kind === 'issuer') return { patientIdIssuer: q.issuer };
  return {};
}

const label = (issuer: string | null): string => issuer ?? NO_ISSUER;

/**
 * The sites whose studies a patient query may return: the caller's site scope, narrowed by `?site=`
 * (null: every site). A repeated or array-valued `site` is refused rather than ignored (it would
 * silently widen the query).
 */
export function scopeSites(principal: Principal, site: unknown): readonly string[] | null {
  if (site !== undefined && typeof site !== 'string') throw new BadRequestException('site must be given once, as a plain value');
  return sitesToQuery(principal, site === undefined || site === '' ? undefined : site);
}

export function siteWhere(principal: Principal, site: unknown): FindOptionsWhere<StudyRecord> {
  const sites = scopeSites(principal, site);
  return sites ? { site: In([...sites]) } : {};
}

/** The studies of one person, or a specific error: none (404) or several issuers without a choice (409). */
export function onePatient(q: IssuerQuery, records: readonly StudyRecord[]): { issuers: (string | null)[] } {
  const asked = q.kind === 'issuer' ? ` (issuer ${q.issuer})` : q.kind === 'none' ? ' (without issuer)' : '';
  if (records.length === 0) throw new NotFoundException(`no studies for this patient id${asked}`);
  const issuers = [...new Set(records.map((r) => r.patientIdIssuer))];
  if (q.kind === 'any' && issuers.length > 1) {
    const options = issuers.map((i) => (i === null ? `?issuer=${NO_ISSUER} (or ?issuer=)` : `?issuer=${i}`)).join(', ');
    throw new ConflictException(`this patient id exists under several issuers (${issuers.map(label).join(', ')}): choose one with ${options}`);
  }
  return { issuers };
}

/** Days back from now (1–36,500), default 60 (NCRP 168 / SIR follow-up of skin dose). */
export function parseWindowDays(raw: string | undefined, fallback = 60): number {
  if (raw === undefined || raw === '') return fallback;
  const days = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(days) || days < 1 || days > 36_500)
    throw new BadRequestException(`windowDays must be an integer from 1 to 36500 (got "${raw}")`);
  return days;
}

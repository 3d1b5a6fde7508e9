import { BadRequestException } from '@nestjs/common';
import { procedureSchema } from '@kerma/contracts';
import { assertKnownQuery } from '@kerma/platform';
import { OVERALL_STATUSES, type OverallStatus } from './study-listing';

type Kind = (typeof procedureSchema.shape.kind.options)[number];
const KINDS: readonly Kind[] = procedureSchema.shape.kind.options;

/**
 * DICOM modalities and the procedure kinds their studies have. The kind is read from the report's
 * content (a dose SR's own modality is "SR"), so a modality selects its family: DX, CR and PX are all
 * radiography; XA and RF are both fluoroscopy-guided projection X-ray; NM and PT studies have
 * radiopharmaceutical dose reports.
 */
export const MODALITY_KINDS: Readonly<Record<string, readonly Kind[]>> = {
  CT: ['ct'],
  MG: ['mammography'],
  DX: ['radiography'],
  CR: ['radiography'],
  PX: ['radiography'],
  XA: ['projection-xray'],
  RF: ['projection-xray'],
  NM: ['nuclear-medicine'],
  PT: ['nuclear-medicine'],
};

export const STUDY_SEARCH_PARAMETERS = ['site', 'modality', 'kind', 'from', 'to', 'device', 'patientId', 'status', 'cursor', 'limit'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Where the previous page ended: the last study's sort key and UID. */
export interface StudyCursor {
  readonly sortKey: string;
  readonly studyInstanceUid: string;
}

export interface StudySearch {
  readonly site: string | undefined;
  /** Null: any kind. Empty: the filters exclude each other (modality and kind disagree). */
  readonly kinds: readonly Kind[] | null;
  readonly fromSortKey: string | null;
  readonly toSortKey: string | null;
  readonly device: string | null;
  readonly patientId: string | null;
  readonly status: OverallStatus | null;
  readonly after: StudyCursor | null;
  readonly limit: number;
}

const DATE_OR_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * A `from`/`to` bound as a sort key (studies/study-listing.ts). Study date-times are local as written
 * by the device, so bounds are local too: a time zone is refused rather than silently ignored. The
 * parts left out are the start of the period for `from` and its end for `to` (`to=2026-03-31` includes that whole day).
 */
export function boundSortKey(name: 'from' | 'to', raw: string): string {
  const m = DATE_OR_DATE_TIME.exec(raw);
  const [, y, mo, d, h, mi, s, frac] = m ?? [];
  const valid =
    m && +mo! >= 1 && +mo! <= 12 && +d! >= 1 && +d! <= 31 && (h === undefined || +h <= 23) && (mi === undefined || +mi <= 59) && (s === undefined || +s <= 59);
  if (!valid)
    throw new BadRequestException(`${name} must be a local date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm[:ss[.ffffff]] without time zone (got "${raw}")`);
  const fill = name === 'from' ? '0' : '9';
  return `${y}${mo}${d}${h ?? ''}${mi ?? ''}${s ?? ''}${frac ?? ''}`.padEnd(20, fill);
}

export function encodeCursor(cursor: StudyCursor): string {
  return Buffer.from(JSON.stringify([cursor.sortKey, cursor.studyInstanceUid]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string): StudyCursor {
  const refuse = () => new BadRequestException('cursor is not one this endpoint issued: pass nextCursor from the previous page unchanged');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw refuse();
  const [sortKey, studyInstanceUid] = parsed as unknown[];
  if (typeof sortKey !== 'string' || !/^(\d{20})?$/.test(sortKey) || typeof studyInstanceUid !== 'string' || !/^[0-9.]{1,64}$/.test(studyInstanceUid))
    throw refuse();
  return { sortKey, studyInstanceUid };
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new BadRequestException(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function text(name: string, raw: string): string {
  if (raw.length > 64) throw new BadRequestException(`${name} is at most 64 characters`);
  return raw;
}

/**
 * The query of `GET /api/v1/studies`, validated strictly: unknown or repeated parameters, values
 * outside their set, malformed dates and cursors are refused naming the parameter. Empty values mean
 * "no filter". Error messages never repeat a patient id.
 */
export function parseStudySearch(query: Record<string, unknown>): StudySearch {
  assertKnownQuery(query, STUDY_SEARCH_PARAMETERS);
  const get = (name: (typeof STUDY_SEARCH_PARAMETERS)[number]): string | undefined => {
    const value = query[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once, as a plain value`);
    return value;
  };
  const modality = get('modality');
  const kind = get('kind');
  let kinds: readonly Kind[] | null = null;
  if (modality !== undefined) kinds = MODALITY_KINDS[oneOf('modality', modality.toUpperCase(), Object.keys(MODALITY_KINDS))]!;
  if (kind !== undefined) {
    const k = oneOf('kind', kind, KINDS);
    kinds = kinds === null ? [k] : kinds.filter((x) => x === k);
  }
  const from = get('from');
  const to = get('to');
  const fromSortKey = from === undefined ? null : boundSortKey('from', from);
  const toSortKey = to === undefined ? null : boundSortKey('to', to);
  if (fromSortKey !== null && toSortKey !== null && fromSortKey > toSortKey) throw new BadRequestException(`from (${from}) is after to (${to})`);
  const limitRaw = get('limit');
  const limit = limitRaw === undefined ? DEFAULT_LIMIT : Number(limitRaw);
  if (limitRaw !== undefined && (!/^\d+$/.test(limitRaw) || limit < 1 || limit > MAX_LIMIT))
    throw new BadRequestException(`limit must be an integer from 1 to ${MAX_LIMIT} (got "${limitRaw}")`);
  const patientId = get('patientId');
  if (patientId !== undefined && patientId.length > 64) throw new BadRequestException('patientId is at most 64 characters');
  const device = get('device');
  const status = get('status');
  const cursor = get('cursor');
  return {
    site: get('site'),
    kinds,
    fromSortKey,
    toSortKey,
    device: device === undefined ? null : text('device', device),
    patientId: patientId ?? null,
    status: status === undefined ? null : oneOf('status', status, OVERALL_STATUSES),
    after: cursor === undefined ? null : decodeCursor(cursor),
    limit,
  };
}

import { BadRequestException } from '@nestjs/common';
import { DRL_METRIC_IDS, type DrlMetricId } from '@kerma/dose-figures';
import { assertKnownQuery } from '@kerma/platform';
import { boundSortKey } from '../studies/study-search';

export const DRL_QUERY_PARAMETERS = ['from', 'to', 'site', 'device', 'procedure', 'bodyRegion', 'metric', 'minWeightKg', 'maxWeightKg'] as const;

/** The filters of a DRL report. Null: no filter. */
export interface DrlQuery {
  readonly site: string | undefined;
  readonly from: string | null;
  readonly to: string | null;
  readonly fromSortKey: string | null;
  readonly toSortKey: string | null;
  readonly device: string | null;
  readonly procedure: string | null;
  readonly bodyRegion: string | null;
  readonly metric: DrlMetricId | null;
  /** With a weight bound, studies whose weight is unknown are left out (said in the report). */
  readonly minWeightKg: number | null;
  readonly maxWeightKg: number | null;
}

const WEIGHT = /^\d{1,3}(\.\d+)?$/;

/** `GET /api/v1/analytics/drl` query, strict: unknown, repeated or malformed parameters are refused by name. */
export function parseDrlQuery(query: Record<string, unknown>): DrlQuery {
  assertKnownQuery(query, DRL_QUERY_PARAMETERS);
  const get = (name: (typeof DRL_QUERY_PARAMETERS)[number]): string | null => {
    const value = query[name];
    if (value === undefined || value === '') return null;
    if (typeof value !== 'string') throw new BadRequestException(`${name} must be given once, as a plain value`);
    if (value.length > 128) throw new BadRequestException(`${name} is at most 128 characters`);
    return value;
  };
  const weight = (name: 'minWeightKg' | 'maxWeightKg'): number | null => {
    const raw = get(name);
    if (raw === null) return null;
    if (!WEIGHT.test(raw)) throw new BadRequestException(`${name} must be a weight in kg, a number from 0 to 999 (got "${raw}")`);
    return Number(raw);
  };
  const from = get('from');
  const to = get('to');
  const fromSortKey = from === null ? null : boundSortKey('from', from);
  const toSortKey = to === null ? null : boundSortKey('to', to);
  if (fromSortKey !== null && toSortKey !== null && fromSortKey > toSortKey) throw new BadRequestException(`from (${from}) is after to (${to})`);
  const metric = get('metric');
  if (metric !== null && !DRL_METRIC_IDS.includes(metric as DrlMetricId))
    throw new BadRequestException(`metric must be one of ${DRL_METRIC_IDS.join(', ')} (got "${metric}")`);
  const minWeightKg = weight('minWeightKg');
  const maxWeightKg = weight('maxWeightKg');
  if (minWeightKg !== null && maxWeightKg !== null && minWeightKg > maxWeightKg)
    throw new BadRequestException(`minWeightKg (${minWeightKg}) is above maxWeightKg (${maxWeightKg})`);
  return {
    site: get('site') ?? undefined,
    from,
    to,
    fromSortKey,
    toSortKey,
    device: get('device'),
    procedure: get('procedure'),
    bodyRegion: get('bodyRegion'),
    metric: metric as DrlMetricId | null,
    minWeightKg,
    maxWeightKg,
  };
}

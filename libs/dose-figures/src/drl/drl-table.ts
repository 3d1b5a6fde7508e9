import { z } from 'zod';
import { DRL_METRIC_IDS, drlMetric } from './drl-metrics';

/**
 * A table of national diagnostic reference levels. Each value names its source, the unit it is
 * given in (checked against the metric's unit: a DRL in the wrong unit would compare silently
 * wrong) and which examination it is for. Kerma matches a group to an entry when the group's
 * procedure or body region contains one of the entry's `match` strings (case-insensitive).
 */
/** Where a level was read: enough to find the page again (authors and year are optional for older table files). */
const source = z.object({
  title: z.string().min(1),
  authors: z.string().min(1).optional(),
  publisher: z.string().min(1),
  year: z.number().int().min(1990).max(2100).optional(),
  url: z.string().url(),
  table: z.string().min(1),
});

const entry = z.object({
  id: z.string().min(1),
  examination: z.string().min(1),
  clinicalIndication: z.string().nullable(),
  population: z.enum(['adult', 'paediatric']),
  metric: z.string().refine((m) => DRL_METRIC_IDS.includes(m as never), { message: `metric must be one of ${DRL_METRIC_IDS.join(', ')}` }),
  value: z.number().positive(),
  unit: z.string().min(1),
  /** What the value is per, as the source says (per sequence, per complete examination, per view…). */
  per: z.string().min(1),
  yearAdopted: z.number().int().min(1990).max(2100),
  source: z.string().min(1),
  match: z.array(z.string().min(1)).min(1),
});

const table = z.object({ name: z.string().min(1), sources: z.record(source), levels: z.array(entry).min(1) }).superRefine((t, ctx) => {
  t.levels.forEach((l, i) => {
    const metric = drlMetric(l.metric);
    if (metric && metric.unit !== l.unit)
      ctx.addIssue({ code: 'custom', path: ['levels', i, 'unit'], message: `${l.id}: ${l.metric} is in ${metric.unit}, not ${l.unit}` });
    if (!(l.source in t.sources)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'source'], message: `${l.id}: source ${l.source} is not in sources` });
  });
  const ids = t.levels.map((l) => l.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) ctx.addIssue({ code: 'custom', path: ['levels'], message: `level id ${repeated} is repeated` });
});

export type DrlTable = z.infer<typeof table>;
export type DrlLevel = DrlTable['levels'][number];

/** Validates a DRL table, naming every problem with its place (`origin` says which file). */
export function parseDrlTable(json: unknown, origin: string): DrlTable {
  const parsed = table.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(table)'}: ${i.message}`);
  throw new Error(`DRL table ${origin} is invalid: ${problems.join('; ')}`);
}

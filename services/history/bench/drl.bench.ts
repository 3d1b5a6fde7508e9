/**
 * DRL analytics over a million studies in PostgreSQL (not a test: prints figures). Creates a scratch
 * database with the history migrations, generates STUDIES studies' figures server-side
 * (INSERT … SELECT over generate_series, 20 000 studies per statement: deterministic values, 40 % CT
 * with DLP and CTDIvol, 45 % fluoroscopy with KAP, Ka,r and fluoroscopy time, 10 % mammography with two
 * AGDs, 5 % nuclear medicine with an administered activity; 4 sites, 12 devices per site, 8 examinations
 * (3 for NM, named by description and radiopharmaceutical, no body region), one year, weights 35–125 kg
 * with 10 % unknown),
 * then times the query of GET /api/v1/analytics/drl (DrlFiguresService) per metric and for every metric at
 * once, and prints PostgreSQL's plan summary and the machine's load average. Run from the repository root:
 *   KERMA_PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register services/history/bench/drl.bench.ts [studies]
 */
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { DRL_METRIC_IDS } from '@kerma/dose-figures';
import { dataSourceOptions } from '@kerma/platform';
import { createTestDatabase } from '@kerma/testing';
import { DrlFiguresService } from '../src/drl/drl-figures.service';
import { parseDrlQuery } from '../src/drl/drl-query';
import { StudyDoseFigure } from '../src/drl/study-dose-figure.entity';
import { HISTORY_IDLE_CONNECTION_MS } from '../src/history.module';
import { HISTORY_ENTITIES } from '../src/persistence/entities';
import { HISTORY_MIGRATIONS } from '../src/persistence/migrations';

const STUDIES = Number(process.argv[2] ?? 1_000_000);
const BATCH = 20_000;
const RUNS = 3;
const IDLE_PAUSE_MS = 15_000;

/** Figures of studies [first, last] with a hash of the study number as the random source (reproducible). */
const GENERATE = `
WITH s AS (
  SELECT n,
    CASE WHEN n % 20 < 8 THEN 'ct' WHEN n % 20 < 17 THEN 'fluoro' WHEN n % 20 < 19 THEN 'mg' ELSE 'nm' END AS kind,
    ('x' || substr(md5(n::text), 1, 8))::bit(32)::bigint / 4294967296.0 AS r1,
    ('x' || substr(md5(n::text), 9, 8))::bit(32)::bigint / 4294967296.0 AS r2
  FROM generate_series($1::int, $2::int) AS n
), m AS (
  SELECT s.*, x.metric, x.ordinal, x.value FROM s CROSS JOIN LATERAL (VALUES
    ('dlp', 0, CASE WHEN kind = 'ct' THEN 200 + 1200 * r1 * r1 END),
    ('ctdivol', 0, CASE WHEN kind = 'ct' THEN 4 + 60 * r2 END),
    ('kap', 0, CASE WHEN kind = 'fluoro' THEN 1 + 150 * r1 * r1 END),
    ('kar', 0, CASE WHEN kind = 'fluoro' THEN 0.05 + 3 * r1 * r2 END),
    ('fluoro-time', 0, CASE WHEN kind = 'fluoro' THEN 10 + 1800 * r2 * r2 END),
    ('agd', 0, CASE WHEN kind = 'mg' THEN 0.8 + 2 * r1 END),
    ('agd', 1, CASE WHEN kind = 'mg' THEN 0.8 + 2 * r2 END),
    ('activity', 0, CASE WHEN kind = 'nm' THEN 150 + 650 * r1 END)
  ) AS x(metric, ordinal, value) WHERE x.value IS NOT NULL
)
INSERT INTO study_dose_figure (study_instance_uid, metric, ordinal, value, site, device, procedure, body_region, study_sort_key, weight_kg, provenance)
SELECT '2.25.' || n, metric, ordinal, value, 'site-' || (n % 4), 'ROOM-' || (n % 4) || '-' || ((n / 4) % 12),
  CASE WHEN kind = 'nm' THEN (ARRAY['Bone scan · Tc-99m medronate', 'PET-CT FDG · Fluorodeoxyglucose F^18^', 'Myocardial perfusion · Tc-99m tetrofosmin'])[1 + (n / 48) % 3]
    ELSE (ARRAY['CT Head', 'CT Chest', 'CT Abdomen Pelvis', 'CTPA', 'Coronary angiography', 'PCI', 'Barium swallow', 'Screening mammography'])[1 + (n / 48) % 8] END,
  CASE WHEN kind = 'nm' THEN NULL ELSE (ARRAY['Head', 'Chest', 'Abdomen', 'Chest', 'Heart', 'Heart', 'Oesophagus', 'Breast'])[1 + (n / 48) % 8] END,
  to_char(timestamp '2025-01-01' + (n % 365) * interval '1 day' + (n % 86400) * interval '1 second', 'YYYYMMDDHH24MISS') || '000000',
  CASE WHEN n % 10 = 7 THEN NULL ELSE round((35 + 90 * r2)::numeric, 1)::double precision END, 'rdsr'
FROM m`;

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

async function main(): Promise<void> {
  const admin = process.env.KERMA_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await createTestDatabase(admin, 'kerma_bench_drl');
  const ds = new DataSource(
    dataSourceOptions({
      service: 'history',
      target: { kind: 'postgres', url: db.url },
      entities: [...HISTORY_ENTITIES],
      migrations: [...HISTORY_MIGRATIONS],
      idleConnectionMs: HISTORY_IDLE_CONNECTION_MS,
    }),
  );
  try {
    await ds.initialize();
    const t0 = process.hrtime.bigint();
    for (let first = 1; first <= STUDIES; first += BATCH) await ds.query(GENERATE, [first, Math.min(STUDIES, first + BATCH - 1)]);
    const loadMs = ms(t0);
    const t1 = process.hrtime.bigint();
    await ds.query('VACUUM ANALYZE study_dose_figure');
    const [{ rows, size }] = (await ds.query(
      `SELECT count(*)::int AS rows, pg_size_pretty(pg_total_relation_size('study_dose_figure')) AS size FROM study_dose_figure`,
    )) as { rows: number; size: string }[];
    console.log(
      `${STUDIES} studies → ${rows} figure rows (${size} with indexes) in ${(loadMs / 1000).toFixed(1)} s, VACUUM ANALYZE ${(ms(t1) / 1000).toFixed(1)} s`,
    );
    const service = new DrlFiguresService(ds.getRepository(StudyDoseFigure));
    const cases: [string, Record<string, string>, string[] | null][] = [
      ...DRL_METRIC_IDS.map((metric): [string, Record<string, string>, null] => [
        `${metric}, whole year, every site`,
        { metric, from: '2025-01-01', to: '2025-12-31' },
        null,
      ]),
      ['dlp, one quarter, one site', { metric: 'dlp', from: '2025-04-01', to: '2025-06-30' }, ['site-1']],
      ['dlp, one quarter, one site, 50–90 kg', { metric: 'dlp', from: '2025-04-01', to: '2025-06-30', minWeightKg: '50', maxWeightKg: '90' }, ['site-1']],
      ['every metric, whole year, every site', { from: '2025-01-01', to: '2025-12-31' }, null],
    ];
    console.log('query                                      groups  values   run 1 ms  run 2 ms  run 3 ms');
    for (const [name, query, sites] of cases) {
      const q = parseDrlQuery(query);
      const times: number[] = [];
      let groups = 0;
      let values = 0;
      for (let run = 0; run < RUNS; run++) {
        const t = process.hrtime.bigint();
        const result = await service.statistics(q, sites);
        times.push(ms(t));
        groups = result.length;
        values = result.reduce((n, g) => n + g.count, 0);
      }
      console.log(`${name.padEnd(42)} ${String(groups).padStart(6)} ${String(values).padStart(8)} ${times.map((t) => t.toFixed(0).padStart(9)).join(' ')}`);
    }
    // A physicist's next report comes after a pause: longer than the driver's default 10 s of idle connections.
    await new Promise((resolve) => setTimeout(resolve, IDLE_PAUSE_MS));
    const afterPause = process.hrtime.bigint();
    await service.statistics(parseDrlQuery(cases[cases.length - 1][1]), null);
    console.log(`every metric again after ${IDLE_PAUSE_MS / 1000} s without a report: ${ms(afterPause).toFixed(0)} ms`);
    for (const [name, query, sites] of [cases[0], cases[DRL_METRIC_IDS.length]]) {
      const [sql, parameters] = service.percentileQuery(parseDrlQuery(query), sites, ds.getRepository(StudyDoseFigure));
      await ds.query(`SET work_mem = '64MB'`);
      const plan = (await ds.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${sql}`, parameters)) as { 'QUERY PLAN': string }[];
      console.log(
        `\nEXPLAIN ANALYZE — ${name}:\n${plan
          .map((p) => p['QUERY PLAN'])
          .filter((l) => /Scan|Sort|Aggregate|Execution|Planning|Index Cond|Heap Blocks|Batches/.test(l))
          .join('\n')}`,
      );
    }
    console.log(
      `\nload average during the run: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

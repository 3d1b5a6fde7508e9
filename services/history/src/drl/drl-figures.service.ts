import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository, type SelectQueryBuilder } from 'typeorm';
import { DRL_METRIC_IDS, type DoseStatistics } from '@kerma/dose-figures';
import type { DrlQuery } from './drl-query';
import { groupStatistics, type DrlGroupRow } from './drl-report';
import { StudyRecord } from '../persistence/study-record.entity';
import { StudyDoseFigure } from './study-dose-figure.entity';

const SORT_MEMORY = '64MB';
/**
 * Metric queries of one report run side by side, each on a pooled connection (of the pool's 10). On the idle 2-core
 * machine an every-metric report over a million studies took, warm, 1.0–1.2 s with 7, 4 or 2 at a time alike (the
 * cores, not the connections, are the limit); 4 leaves most of the pool to other requests and uses a larger database
 * server's cores (docs/performance.md).
 */
const METRIC_QUERIES_AT_ONCE = 4;

/** Keeps the narrow figure table and computes the groups' percentiles where the data is. */
@Injectable()
export class DrlFiguresService {
  constructor(@InjectRepository(StudyDoseFigure, 'history') private readonly figures: Repository<StudyDoseFigure>) {}

  /**
   * The study's report figures become exactly `rows`, if `studyRevision` is still the study's newest.
   * The study record is locked meanwhile (PostgreSQL; SQLite has one writer at a time), so a newer
   * revision applied concurrently either waits for these rows and replaces them, or is seen and wins.
   */
  async replaceForStudy(studyInstanceUid: string, studyRevision: number, rows: readonly StudyDoseFigure[]): Promise<void> {
    await this.figures.manager.transaction(async (tx) => {
      const current = tx
        .getRepository(StudyRecord)
        .createQueryBuilder('s')
        .select('s.studyRevision', 'revision')
        .where('s.studyInstanceUid = :studyInstanceUid', { studyInstanceUid });
      if (tx.connection.options.type === 'postgres') current.setLock('pessimistic_write');
      const found = await current.getRawOne<{ revision: number }>();
      if (!found || Number(found.revision) !== studyRevision) return;
      await tx.delete(StudyDoseFigure, { studyInstanceUid, provenance: 'rdsr' });
      if (rows.length) await tx.insert(StudyDoseFigure, [...rows]);
    });
  }

  /** Manual entries: the same file sent again replaces its own rows (their ids come from the file and line). */
  async upsertManual(rows: readonly StudyDoseFigure[]): Promise<void> {
    await this.figures.manager.transaction(async (tx) => {
      const uids = [...new Set(rows.map((r) => r.studyInstanceUid))];
      for (let i = 0; i < uids.length; i += 500) await tx.delete(StudyDoseFigure, { studyInstanceUid: In(uids.slice(i, i + 500)), provenance: 'manual-entry' });
      for (let i = 0; i < rows.length; i += 500) await tx.insert(StudyDoseFigure, rows.slice(i, i + 500));
    });
  }

  /**
   * Count, median and p75 per group. PostgreSQL computes them with percentile_cont (linear
   * interpolation, the definition of libs/dose-figures percentiles); SQLite has no percentile
   * function, so the single process reads the matching values and computes them in JS.
   */
  async statistics(query: DrlQuery, sites: readonly string[] | null): Promise<(DrlGroupRow & DoseStatistics)[]> {
    if (sites !== null && sites.length === 0) return [];
    if (this.figures.manager.connection.options.type === 'postgres') return this.percentilesInPostgres(query, sites);
    const rows = await this.filtered(query, sites, this.figures)
      .select(['f.device AS device', 'f.procedure AS procedure', 'f.body_region AS bodyRegion', 'f.metric AS metric', 'f.value AS value'])
      .getRawMany<DrlGroupRow & { value: number }>();
    return groupStatistics(rows);
  }

  /**
   * One query per metric, METRIC_QUERIES_AT_ONCE at a time on their own connections. Each gathers its groups'
   * values with a hash aggregate (array_agg) and computes percentile_cont over each group's array: only the
   * groups' own values (about a thousand each) are sorted, never the period's millions of rows by their text
   * group keys, which is what made one GROUP BY over every metric take 6–11 s (docs/drl.md). Same function,
   * same figures (type 7).
   */
  private async percentilesInPostgres(query: DrlQuery, sites: readonly string[] | null): Promise<(DrlGroupRow & DoseStatistics)[]> {
    const metrics = query.metric === null ? DRL_METRIC_IDS : [query.metric];
    const results: (DrlGroupRow & DoseStatistics)[][] = [];
    for (let i = 0; i < metrics.length; i += METRIC_QUERIES_AT_ONCE)
      results.push(...(await Promise.all(metrics.slice(i, i + METRIC_QUERIES_AT_ONCE).map((metric) => this.metricPercentiles({ ...query, metric }, sites)))));
    return results.flat();
  }

  private metricPercentiles(query: DrlQuery, sites: readonly string[] | null): Promise<(DrlGroupRow & DoseStatistics)[]> {
    return this.figures.manager.transaction(async (tx) => {
      // A year of one metric's values (half a million) in the hash aggregate's arrays: 4 MB would spill to disk.
      await tx.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
      const [sql, parameters] = this.percentileQuery(query, sites, tx.getRepository(StudyDoseFigure));
      const rows = (await tx.query(sql, parameters)) as (DrlGroupRow & DoseStatistics)[];
      return rows.map((r) => ({ ...r, median: r.median === null ? null : Number(r.median), p75: r.p75 === null ? null : Number(r.p75) }));
    });
  }

  /** The SQL of one metric's groups with count, median and p75 (public for the benchmark's EXPLAIN). */
  percentileQuery(query: DrlQuery, sites: readonly string[] | null, repository: Repository<StudyDoseFigure> = this.figures): [string, unknown[]] {
    const [groups, parameters] = this.filtered(query, sites, repository)
      .select(['f.device AS device', 'f.procedure AS procedure', 'f.body_region AS "bodyRegion"', 'f.metric AS metric'])
      .addSelect('COUNT(*)::integer', 'count')
      .addSelect('array_agg(f.value)', 'vals')
      .groupBy('f.metric, f.device, f.procedure, f.body_region')
      .getQueryAndParameters();
    const sql = `SELECT g.device, g.procedure, g."bodyRegion", g.metric, g.count, p.median, p.p75 FROM (${groups}) g
      CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v) AS median, percentile_cont(0.75) WITHIN GROUP (ORDER BY v) AS p75 FROM unnest(g.vals) AS v) p`;
    return [sql, parameters];
  }

  private filtered(q: DrlQuery, sites: readonly string[] | null, repository: Repository<StudyDoseFigure>): SelectQueryBuilder<StudyDoseFigure> {
    const qb = repository.createQueryBuilder('f');
    if (sites !== null) qb.andWhere('f.site IN (:...sites)', { sites });
    if (q.metric !== null) qb.andWhere('f.metric = :metric', { metric: q.metric });
    if (q.fromSortKey !== null || q.toSortKey !== null) qb.andWhere("f.study_sort_key <> ''");
    if (q.fromSortKey !== null) qb.andWhere('f.study_sort_key >= :from', { from: q.fromSortKey });
    if (q.toSortKey !== null) qb.andWhere('f.study_sort_key <= :to', { to: q.toSortKey });
    if (q.device !== null) qb.andWhere('f.device = :device', { device: q.device });
    if (q.procedure !== null) qb.andWhere('f.procedure = :procedure', { procedure: q.procedure });
    if (q.bodyRegion !== null) qb.andWhere('f.body_region = :bodyRegion', { bodyRegion: q.bodyRegion });
    if (q.minWeightKg !== null) qb.andWhere('f.weight_kg >= :minWeightKg', { minWeightKg: q.minWeightKg });
    if (q.maxWeightKg !== null) qb.andWhere('f.weight_kg <= :maxWeightKg', { maxWeightKg: q.maxWeightKg });
    return qb;
  }
}

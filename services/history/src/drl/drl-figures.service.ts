import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { DoseStatistics } from '@kerma/dose-figures';
import type { DrlQuery } from './drl-query';
import { groupStatistics, type DrlGroupRow } from './drl-report';
import { StudyRecord } from '../persistence/study-record.entity';
import { StudyDoseFigure } from './study-dose-figure.entity';

const SORT_MEMORY = '64MB';

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

  private percentilesInPostgres(query: DrlQuery, sites: readonly string[] | null): Promise<(DrlGroupRow & DoseStatistics)[]> {
    return this.figures.manager.transaction(async (tx) => {
      // Sorting a year of one metric's values (half a million) spills to disk with the default 4 MB.
      await tx.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
      const rows = await this.filtered(query, sites, tx.getRepository(StudyDoseFigure))
        .select(['f.device AS device', 'f.procedure AS procedure', 'f.body_region AS "bodyRegion"', 'f.metric AS metric'])
        .addSelect('COUNT(*)::integer', 'count')
        .addSelect('percentile_cont(0.5) WITHIN GROUP (ORDER BY f.value)', 'median')
        .addSelect('percentile_cont(0.75) WITHIN GROUP (ORDER BY f.value)', 'p75')
        .groupBy('f.metric, f.device, f.procedure, f.body_region')
        .getRawMany<DrlGroupRow & DoseStatistics>();
      return rows.map((r) => ({ ...r, median: r.median === null ? null : Number(r.median), p75: r.p75 === null ? null : Number(r.p75) }));
    });
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

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells the planner how few DRL groups there are. Without it PostgreSQL multiplies the columns' distinct
 * counts (≈ 22 000 groups estimated for 384 real ones over a million studies), sorts a year of one metric's
 * values by their text keys instead of hash-gathering them, and an every-metric report took 3.2–3.7 s on an
 * idle 2-core machine; with it, 1.0–1.3 s (docs/performance.md).
 */
export class DrlGroupStatistics1796200000000 implements MigrationInterface {
  name = 'DrlGroupStatistics1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE STATISTICS "study_dose_figure_groups" (ndistinct) ON "metric", "device", "procedure", "body_region" FROM "study_dose_figure"`,
    );
    await queryRunner.query(`ANALYZE "study_dose_figure"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP STATISTICS "study_dose_figure_groups"`);
  }
}

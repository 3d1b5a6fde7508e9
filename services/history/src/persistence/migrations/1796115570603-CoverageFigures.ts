import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CoverageFigures1796115570603 implements MigrationInterface {
  name = 'CoverageFigures1796115570603';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" ADD "kind" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "ct" text`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "mammography" text`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "skin_dose_applicability" text`);
    // Widened in place (the generator drops and re-adds the column, which would lose every study's state).
    await queryRunner.query(`ALTER TABLE "study_record" ALTER COLUMN "skin_dose_state" TYPE character varying(16)`);
    await queryRunner.query(`CREATE INDEX "IDX_a7163ac0f0bd4e23c2d1d2adfa" ON "study_record" ("kind") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a7163ac0f0bd4e23c2d1d2adfa"`);
    // 'not-applicable' does not fit the old width; such studies go back to waiting for a skin dose.
    await queryRunner.query(`UPDATE "study_record" SET "skin_dose_state" = 'pending' WHERE "skin_dose_state" = 'not-applicable'`);
    await queryRunner.query(`ALTER TABLE "study_record" ALTER COLUMN "skin_dose_state" TYPE character varying(8)`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "skin_dose_applicability"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "mammography"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "ct"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "kind"`);
  }
}

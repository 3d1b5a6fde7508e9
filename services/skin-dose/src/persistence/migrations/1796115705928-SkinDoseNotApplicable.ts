import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SkinDoseNotApplicable1796115705928 implements MigrationInterface {
  name = 'SkinDoseNotApplicable1796115705928';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "skin_dose_study" ADD "not_applicable" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "skin_dose_study" DROP COLUMN "not_applicable"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DoseObjects1796126538148 implements MigrationInterface {
  name = 'DoseObjects1796126538148';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" ADD "nuclear_medicine" text`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "dose_source" character varying(16)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "dose_source"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "nuclear_medicine"`);
  }
}

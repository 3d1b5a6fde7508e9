import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStudyVersion1795772417879 implements MigrationInterface {
  name = 'AddStudyVersion1795772417879';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" ADD "version" integer NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "version"`);
  }
}

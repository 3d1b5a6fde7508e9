import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Reprocess1796116496137 implements MigrationInterface {
  name = 'Reprocess1796116496137';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "parsed_report" ADD "reprocessed" integer NOT NULL DEFAULT '0'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "parsed_report" DROP COLUMN "reprocessed"`);
  }
}

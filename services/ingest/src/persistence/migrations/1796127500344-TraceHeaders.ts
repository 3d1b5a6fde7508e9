import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TraceHeaders1796127500344 implements MigrationInterface {
  name = 'TraceHeaders1796127500344';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_object" ADD "trace_headers" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_object" DROP COLUMN "trace_headers"`);
  }
}

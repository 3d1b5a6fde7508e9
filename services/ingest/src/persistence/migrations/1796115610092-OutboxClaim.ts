import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaim1796115610092 implements MigrationInterface {
  name = 'OutboxClaim1796115610092';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_object" ADD "claimed_until" character varying(32)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_object" DROP COLUMN "claimed_until"`);
  }
}

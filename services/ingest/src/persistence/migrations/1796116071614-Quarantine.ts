import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Quarantine1796116071614 implements MigrationInterface {
  name = 'Quarantine1796116071614';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "quarantined_object" ("id" character varying(36) NOT NULL, "sop_instance_uid" character varying(64) NOT NULL, "sop_class_uid" character varying(64) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "source" character varying(16) NOT NULL, "sha256" character varying(64) NOT NULL, "size_bytes" integer NOT NULL, "original_object_id" character varying(36) NOT NULL, "original_sha256" character varying(64) NOT NULL, "received_at" character varying(32) NOT NULL, "status" character varying(16) NOT NULL, "resolved_at" character varying(32), "resolved_by" character varying(128), CONSTRAINT "PK_fcdba256de8af87aa9d7c51f3cc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fee07fb7216e06325cf0d1a30c" ON "quarantined_object" ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c18f6f8d3ccf50fbb48ac7d4b7" ON "quarantined_object" ("sop_instance_uid", "sha256") `);
    await queryRunner.query(`ALTER TABLE "stored_object" ADD "reprocess" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "stored_object" DROP COLUMN "reprocess"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c18f6f8d3ccf50fbb48ac7d4b7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fee07fb7216e06325cf0d1a30c"`);
    await queryRunner.query(`DROP TABLE "quarantined_object"`);
  }
}

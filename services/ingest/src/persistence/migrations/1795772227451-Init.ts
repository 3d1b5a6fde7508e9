import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795772227451 implements MigrationInterface {
  name = 'Init1795772227451';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "stored_object" ("id" character varying(36) NOT NULL, "sop_instance_uid" character varying(64) NOT NULL, "sop_class_uid" character varying(64) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "patient_key" character varying(64) NOT NULL, "patient_id" character varying(64), "patient_id_issuer" character varying(64), "sha256" character varying(64) NOT NULL, "size_bytes" integer NOT NULL, "source" character varying(16) NOT NULL, "received_at" character varying(32) NOT NULL, "published_at" character varying(32), "event_id" character varying(36) NOT NULL, CONSTRAINT "PK_930e078c7897a2bfaa89bd5a6ca" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d1ae20705e900307fa85b7a089" ON "stored_object" ("sop_instance_uid") `);
    await queryRunner.query(`CREATE INDEX "IDX_45e6778ff232cfbdd2a278a6a0" ON "stored_object" ("study_instance_uid") `);
    await queryRunner.query(`CREATE INDEX "IDX_dc39003651bbec9cd9eb8f81f3" ON "stored_object" ("published_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_dc39003651bbec9cd9eb8f81f3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45e6778ff232cfbdd2a278a6a0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d1ae20705e900307fa85b7a089"`);
    await queryRunner.query(`DROP TABLE "stored_object"`);
  }
}

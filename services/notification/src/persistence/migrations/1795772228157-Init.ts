import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795772228157 implements MigrationInterface {
  name = 'Init1795772228157';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dose_alert" ("id" character varying(36) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "metric" character varying(32) NOT NULL, "level" character varying(32) NOT NULL, "site" character varying(64) NOT NULL, "patient_key" character varying(64) NOT NULL, "patient_id" character varying(64), "patient_id_issuer" character varying(64), "measured_value" double precision NOT NULL, "threshold_value" double precision NOT NULL, "unit" character varying(16) NOT NULL, "rule_id" character varying(64) NOT NULL, "rule_description" character varying(256) NOT NULL, "rule_reference" character varying(256) NOT NULL, "raised_at" character varying(32) NOT NULL, "published_at" character varying(32), CONSTRAINT "PK_2b508d622e8e312c69ebd2150d8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d2de20a6b228fc33224c0484b5" ON "dose_alert" ("site") `);
    await queryRunner.query(`CREATE INDEX "IDX_65ce211bf0c929d9a9ad58898a" ON "dose_alert" ("raised_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_81d55e585561ab5a24cbc61275" ON "dose_alert" ("study_instance_uid", "metric", "level") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_81d55e585561ab5a24cbc61275"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_65ce211bf0c929d9a9ad58898a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d2de20a6b228fc33224c0484b5"`);
    await queryRunner.query(`DROP TABLE "dose_alert"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DrlFigures1796130268330 implements MigrationInterface {
  name = 'DrlFigures1796130268330';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_dose_figure" ("study_instance_uid" character varying(64) NOT NULL, "metric" character varying(16) NOT NULL, "ordinal" integer NOT NULL, "value" double precision NOT NULL, "site" character varying(64) NOT NULL, "device" character varying(64), "procedure" character varying(128), "body_region" character varying(128), "study_sort_key" character varying(20) NOT NULL, "weight_kg" double precision, "provenance" character varying(16) NOT NULL, CONSTRAINT "PK_bd5a0535536edc400fb00035049" PRIMARY KEY ("study_instance_uid", "metric", "ordinal"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_031ce097ffc6d2b2b5dd1867d9" ON "study_dose_figure" ("metric", "site", "study_sort_key") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_d5a1413258c110f24a73c251f0" ON "study_dose_figure" ("metric", "study_sort_key", "site", "device", "procedure", "body_region", "weight_kg", "value") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_d5a1413258c110f24a73c251f0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_031ce097ffc6d2b2b5dd1867d9"`);
    await queryRunner.query(`DROP TABLE "study_dose_figure"`);
  }
}

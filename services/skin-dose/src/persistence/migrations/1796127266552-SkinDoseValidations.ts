import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SkinDoseValidations1796127266552 implements MigrationInterface {
  name = 'SkinDoseValidations1796127266552';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "skin_dose_validation" ("id" character varying(36) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "created_by" character varying(256) NOT NULL, "created_at" character varying(32) NOT NULL, "calculation_computed_at" character varying(32) NOT NULL, "algorithm_version" character varying(64) NOT NULL, "report" text NOT NULL, "picture_png" text NOT NULL, CONSTRAINT "PK_de0f024cb6230fafa1b0de1914c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7e1a76248223ea407b333ab00c" ON "skin_dose_validation" ("study_instance_uid") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_7e1a76248223ea407b333ab00c"`);
    await queryRunner.query(`DROP TABLE "skin_dose_validation"`);
  }
}

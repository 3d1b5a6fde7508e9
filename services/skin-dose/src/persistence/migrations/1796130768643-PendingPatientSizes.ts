import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PendingPatientSizes1796130768643 implements MigrationInterface {
  name = 'PendingPatientSizes1796130768643';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "skin_dose_pending_patient_size" ("id" character varying(36) NOT NULL, "key_kind" character varying(24) NOT NULL, "key_value" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "height_m" double precision, "mass_kg" double precision, "source" character varying(16) NOT NULL, "reference" character varying(256) NOT NULL, "received_at" character varying(32) NOT NULL, "received_by" character varying(128) NOT NULL, "expires_at" character varying(32) NOT NULL, CONSTRAINT "PK_00e0662b68d6efef9dc318c72d3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_skin_dose_pending_patient_size_key" ON "skin_dose_pending_patient_size" ("key_kind", "key_value") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_skin_dose_pending_patient_size_key"`);
    await queryRunner.query(`DROP TABLE "skin_dose_pending_patient_size"`);
  }
}

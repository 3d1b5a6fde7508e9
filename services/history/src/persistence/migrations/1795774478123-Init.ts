import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795774478123 implements MigrationInterface {
  name = 'Init1795774478123';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_record" ("study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "patient_key" character varying(64) NOT NULL, "patient_id" character varying(64), "patient_id_issuer" character varying(64), "study_date_time" character varying(32), "device" text, "sop_instance_uids" text NOT NULL, "study_revision" integer NOT NULL, "received_state" character varying(8) NOT NULL, "received_at" character varying(32), "parsed_state" character varying(8) NOT NULL, "parsed_at" character varying(32), "totals" text, "skin_dose_state" character varying(8) NOT NULL, "skin_dose" text, "alerts" text NOT NULL, "failures" text NOT NULL, "updated_at" character varying(32) NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_9e00df17118ff346ac62e1d4553" PRIMARY KEY ("study_instance_uid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7bc764952921f43dba8cfb5e0e" ON "study_record" ("site") `);
    await queryRunner.query(`CREATE INDEX "IDX_a76581e7542970eb0bacb2a174" ON "study_record" ("patient_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_b70dc6de08109fc06a84f334fb" ON "study_record" ("patient_id", "patient_id_issuer") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_b70dc6de08109fc06a84f334fb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a76581e7542970eb0bacb2a174"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7bc764952921f43dba8cfb5e0e"`);
    await queryRunner.query(`DROP TABLE "study_record"`);
  }
}

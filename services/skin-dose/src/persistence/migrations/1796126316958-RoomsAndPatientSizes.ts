import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RoomsAndPatientSizes1796126316958 implements MigrationInterface {
  name = 'RoomsAndPatientSizes1796126316958';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "skin_dose_result_version" ("study_instance_uid" character varying(64) NOT NULL, "result_version" integer NOT NULL, "computed_at" character varying(32) NOT NULL, "result" text NOT NULL, CONSTRAINT "PK_bdb2885d01bd0a8deb70c24508d" PRIMARY KEY ("study_instance_uid", "result_version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "skin_dose_room" ("room_id" character varying(160) NOT NULL, "identified_by" character varying(32) NOT NULL, "manufacturer" character varying(128), "model_name" character varying(128), "station_name" character varying(128), "serial_number" character varying(128), "sites" text NOT NULL, "profile_id" character varying(64) NOT NULL, "profile_version" character varying(16) NOT NULL, "profile_selected_by" character varying(32) NOT NULL, "commissioned_version" integer, "first_seen_at" character varying(32) NOT NULL, "last_seen_at" character varying(32) NOT NULL, CONSTRAINT "PK_89a552ddbde524e8feca91cbf3b" PRIMARY KEY ("room_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "skin_dose_room_profile" ("room_id" character varying(160) NOT NULL, "version" integer NOT NULL, "profile" text NOT NULL, "commissioned_by" character varying(128) NOT NULL, "commissioned_at" character varying(32) NOT NULL, "note" text, CONSTRAINT "PK_040c15aeef073bd161633d5399a" PRIMARY KEY ("room_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "skin_dose_patient_size" ("id" character varying(36) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "height_m" double precision, "mass_kg" double precision, "source" character varying(16) NOT NULL, "reference" character varying(256) NOT NULL, "received_at" character varying(32) NOT NULL, "received_by" character varying(128) NOT NULL, CONSTRAINT "PK_564464e72c7da44dd6aa37574c2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_skin_dose_patient_size_study" ON "skin_dose_patient_size" ("study_instance_uid") `);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" ADD "accession_number" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" ADD "room_id" character varying(160)`);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" ADD "result_version" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`CREATE INDEX "IDX_skin_dose_study_accession" ON "skin_dose_study" ("accession_number") `);
    await queryRunner.query(`CREATE INDEX "IDX_skin_dose_study_room" ON "skin_dose_study" ("room_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_skin_dose_study_room"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_skin_dose_study_accession"`);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" DROP COLUMN "result_version"`);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" DROP COLUMN "room_id"`);
    await queryRunner.query(`ALTER TABLE "skin_dose_study" DROP COLUMN "accession_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_skin_dose_patient_size_study"`);
    await queryRunner.query(`DROP TABLE "skin_dose_patient_size"`);
    await queryRunner.query(`DROP TABLE "skin_dose_room_profile"`);
    await queryRunner.query(`DROP TABLE "skin_dose_room"`);
    await queryRunner.query(`DROP TABLE "skin_dose_result_version"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowUp1796118797046 implements MigrationInterface {
  name = 'FollowUp1796118797046';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_81d55e585561ab5a24cbc61275"`);
    await queryRunner.query(
      `CREATE TABLE "dose_alert_transition" ("alert_id" character varying(36) NOT NULL, "seq" integer NOT NULL, "state" character varying(24) NOT NULL, "at" character varying(32) NOT NULL, "by" character varying(128) NOT NULL, "note" character varying(2000), "skin_check_due_on" character varying(10), "outcome" text, "published_at" character varying(32), CONSTRAINT "PK_16d1f9dae81908acb90ace882b0" PRIMARY KEY ("alert_id", "seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_32d2c563986dfaf57ff9a9bcf0" ON "dose_alert_transition" ("published_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_eab550132593fa781b1365f98e" ON "dose_alert_transition" ("alert_id", "state") `);
    await queryRunner.query(
      `CREATE TABLE "patient_study" ("study_instance_uid" character varying(64) NOT NULL, "patient_key" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "study_time" character varying(32) NOT NULL, "parsed_revision" integer, "subject" text, "dose_rp_total_gy" double precision, "skin_dose_revision" integer, "skin_dose_calculated_at" character varying(32), "skin_dose_status" character varying(16), "psd_gy" double precision, "expanded_uncertainty_percent_k2" double precision, "surface" text, "width_cells" integer, "height_cells" integer, "dose_grid" text, "reported_height_m" double precision, "reported_mass_kg" double precision, CONSTRAINT "PK_708481deb0db6efafcb4431b9d9" PRIMARY KEY ("study_instance_uid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_337a7447dc3ead340f2bfb921e" ON "patient_study" ("patient_key") `);
    await queryRunner.query(
      `CREATE TABLE "alert_rule_set_version" ("version" integer NOT NULL, "rules" text NOT NULL, "source" character varying(8) NOT NULL, "changed_by" character varying(128) NOT NULL, "changed_at" character varying(32) NOT NULL, "note" character varying(2000), CONSTRAINT "PK_76ad98a7b4b0355d544e32dfaa1" PRIMARY KEY ("version"))`,
    );
    await queryRunner.query(`ALTER TABLE "dose_alert" ADD "kind" character varying(16) NOT NULL DEFAULT 'study'`);
    await queryRunner.query(`ALTER TABLE "dose_alert" ADD "cumulative" text`);
    await queryRunner.query(`ALTER TABLE "dose_alert" ADD "state" character varying(24) NOT NULL DEFAULT 'open'`);
    await queryRunner.query(`ALTER TABLE "dose_alert" ADD "state_seq" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "dose_alert" ADD "skin_check_due_on" character varying(10)`);
    await queryRunner.query(`CREATE INDEX "IDX_26fd7883526a0efa6517b84723" ON "dose_alert" ("patient_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_3f84d9379f842a77660a3ab7c3" ON "dose_alert" ("state") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a27b95d5552eafc4cd94f96d5f" ON "dose_alert" ("study_instance_uid", "kind", "metric", "level") `);
    // Alerts raised before the follow-up get their open state in the audit trail (published when they were).
    await queryRunner.query(
      `INSERT INTO "dose_alert_transition" ("alert_id", "seq", "state", "at", "by", "note", "published_at") SELECT "id", 1, 'open', "raised_at", 'kerma', "rule_description", "published_at" FROM "dose_alert"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_a27b95d5552eafc4cd94f96d5f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3f84d9379f842a77660a3ab7c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_26fd7883526a0efa6517b84723"`);
    await queryRunner.query(`ALTER TABLE "dose_alert" DROP COLUMN "skin_check_due_on"`);
    await queryRunner.query(`ALTER TABLE "dose_alert" DROP COLUMN "state_seq"`);
    await queryRunner.query(`ALTER TABLE "dose_alert" DROP COLUMN "state"`);
    await queryRunner.query(`ALTER TABLE "dose_alert" DROP COLUMN "cumulative"`);
    await queryRunner.query(`ALTER TABLE "dose_alert" DROP COLUMN "kind"`);
    await queryRunner.query(`DROP TABLE "alert_rule_set_version"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_337a7447dc3ead340f2bfb921e"`);
    await queryRunner.query(`DROP TABLE "patient_study"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eab550132593fa781b1365f98e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_32d2c563986dfaf57ff9a9bcf0"`);
    await queryRunner.query(`DROP TABLE "dose_alert_transition"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_81d55e585561ab5a24cbc61275" ON "dose_alert" ("study_instance_uid", "metric", "level") `);
  }
}

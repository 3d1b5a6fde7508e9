import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795774477975 implements MigrationInterface {
  name = 'Init1795774477975';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "skin_dose_study" ("study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "patient" text NOT NULL, "sop_instance_uids" text NOT NULL, "study_revision" integer NOT NULL, "procedure" text NOT NULL, "input_received_at" character varying(32) NOT NULL, "result" text, "dose_map" text, "computed_at" character varying(32), CONSTRAINT "PK_4742758cdbd777c782f73c7e9c4" PRIMARY KEY ("study_instance_uid"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "skin_dose_study"`);
  }
}

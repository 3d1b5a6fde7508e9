import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795772227618 implements MigrationInterface {
  name = 'Init1795772227618';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "parsed_report" ("sop_instance_uid" character varying(64) NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "object_id" character varying(36) NOT NULL, "event_uids" text NOT NULL, "procedure" text NOT NULL, "superseded_by" character varying(64), "parsed_at" character varying(32) NOT NULL, "published_at" character varying(32), CONSTRAINT "PK_83f5afcbc5f566858cc2801ef77" PRIMARY KEY ("sop_instance_uid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d577d25ad0d9e9257a172ef725" ON "parsed_report" ("study_instance_uid") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_d577d25ad0d9e9257a172ef725"`);
    await queryRunner.query(`DROP TABLE "parsed_report"`);
  }
}

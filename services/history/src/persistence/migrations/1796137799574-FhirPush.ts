import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FhirPush1796137799574 implements MigrationInterface {
  name = 'FhirPush1796137799574';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "fhir_push" ("study_instance_uid" character varying(64) NOT NULL, "site" character varying(64) NOT NULL, "status" character varying(16) NOT NULL, "generation" integer NOT NULL, "attempts" integer NOT NULL, "next_attempt_at" character varying(32) NOT NULL, "leased_until" character varying(32), "last_error" character varying(512), "queued_at" character varying(32) NOT NULL, "pushed_at" character varying(32), CONSTRAINT "PK_fe568dc39f9a9d43acf0e55ab59" PRIMARY KEY ("study_instance_uid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1dc4b2c96644619b6d0ee1050c" ON "fhir_push" ("status", "next_attempt_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_1dc4b2c96644619b6d0ee1050c"`);
    await queryRunner.query(`DROP TABLE "fhir_push"`);
  }
}

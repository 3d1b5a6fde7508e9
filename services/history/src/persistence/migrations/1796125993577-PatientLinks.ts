import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PatientLinks1796125993577 implements MigrationInterface {
  name = 'PatientLinks1796125993577';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "patient_link" ("id" character varying(36) NOT NULL, "pair_key" character varying(64) NOT NULL, "a_site" character varying(64) NOT NULL, "a_issuer" character varying(64), "a_patient_id" character varying(64) NOT NULL, "b_site" character varying(64) NOT NULL, "b_issuer" character varying(64), "b_patient_id" character varying(64) NOT NULL, "active" boolean NOT NULL, "linked_at" character varying(32) NOT NULL, "linked_by" character varying(128) NOT NULL, "link_reason" character varying(2000) NOT NULL, "linked_from" character varying(64), "link_published_at" character varying(32), "unlinked_at" character varying(32), "unlinked_by" character varying(128), "unlink_reason" character varying(2000), "unlinked_from" character varying(64), "unlink_published_at" character varying(32), CONSTRAINT "PK_43984c19e4194a991694fe28d97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_527f4fc4aaef1457b55dd36653" ON "patient_link" ("pair_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf065d452280c863b0d2958f2f" ON "patient_link" ("active") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bf065d452280c863b0d2958f2f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_527f4fc4aaef1457b55dd36653"`);
    await queryRunner.query(`DROP TABLE "patient_link"`);
  }
}

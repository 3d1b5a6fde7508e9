import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PatientLinks1796126190295 implements MigrationInterface {
  name = 'PatientLinks1796126190295';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "patient_link" ("link_id" character varying(36) NOT NULL, "a_key" character varying(64) NOT NULL, "a_site" character varying(64) NOT NULL, "a_issuer" character varying(64), "a_patient_id" character varying(64) NOT NULL, "b_key" character varying(64) NOT NULL, "b_site" character varying(64) NOT NULL, "b_issuer" character varying(64), "b_patient_id" character varying(64) NOT NULL, "active" boolean NOT NULL, "linked_at" character varying(32) NOT NULL, "unlinked_at" character varying(32), CONSTRAINT "PK_1e00cdd47bf93bd2f00cb5ce5cf" PRIMARY KEY ("link_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ba14fdd10a01c800674f2b8c2e" ON "patient_link" ("a_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_66cd34c2eca8918f2355186419" ON "patient_link" ("b_key") `);
    await queryRunner.query(`CREATE INDEX "IDX_bf065d452280c863b0d2958f2f" ON "patient_link" ("active") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bf065d452280c863b0d2958f2f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_66cd34c2eca8918f2355186419"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba14fdd10a01c800674f2b8c2e"`);
    await queryRunner.query(`DROP TABLE "patient_link"`);
  }
}

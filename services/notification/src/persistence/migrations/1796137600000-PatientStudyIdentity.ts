import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification keeps the patient (id, issuer, key) of each study from study.parsed, since
 * skin-dose.calculated.v2 carries the key only. Studies seen before take it from an alert of the same
 * key (the key is a hash of site, issuer and id, so every alert of it names the same identity).
 */
export class PatientStudyIdentity1796137600000 implements MigrationInterface {
  name = 'PatientStudyIdentity1796137600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient_study" ADD "patient" text`);
    await queryRunner.query(
      `UPDATE "patient_study" ps SET "patient" = json_build_object('id', a."patient_id", 'issuer', a."patient_id_issuer", 'key', a."patient_key")::text
       FROM (SELECT DISTINCT ON ("patient_key") "patient_key", "patient_id", "patient_id_issuer" FROM "dose_alert" ORDER BY "patient_key", "raised_at") a
       WHERE a."patient_key" = ps."patient_key"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient_study" DROP COLUMN "patient"`);
  }
}

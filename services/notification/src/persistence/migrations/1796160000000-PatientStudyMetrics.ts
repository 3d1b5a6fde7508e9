import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * study.parsed.v2 no longer names the patient: a study's own figures are kept until its identity
 * (kerma.patient-identity.v1) arrives and the study rules judge them. Rows parsed before keep null.
 */
export class PatientStudyMetrics1796160000000 implements MigrationInterface {
  name = 'PatientStudyMetrics1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient_study" ADD "study_metrics" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient_study" DROP COLUMN "study_metrics"`);
  }
}

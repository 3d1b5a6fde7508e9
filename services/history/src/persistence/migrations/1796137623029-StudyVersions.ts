import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Replaced dose figures of a study (study_record_version) and the parser version of the current ones. */
export class StudyVersions1796137623029 implements MigrationInterface {
  name = 'StudyVersions1796137623029';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_record_version" ("study_instance_uid" character varying(64) NOT NULL, "record_version" integer NOT NULL, "replaced_at" character varying(32) NOT NULL, "reason" character varying(16) NOT NULL, "changed" text NOT NULL, "figures" text NOT NULL, CONSTRAINT "PK_9415ed319d508ab63a64742ea8a" PRIMARY KEY ("study_instance_uid", "record_version"))`,
    );
    await queryRunner.query(`ALTER TABLE "study_record" ADD "parser_version" character varying(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "parser_version"`);
    await queryRunner.query(`DROP TABLE "study_record_version"`);
  }
}

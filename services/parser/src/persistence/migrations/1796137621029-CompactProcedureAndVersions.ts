import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressPlainJson, convertColumn, decompressJson, isCompressedJson } from '@kerma/platform';

/** Stored procedures and event UIDs become compressed JSON; earlier readings of a reprocessed report are kept (parsed_report_version). */
export class CompactProcedureAndVersions1796137621029 implements MigrationInterface {
  name = 'CompactProcedureAndVersions1796137621029';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Also one of the SQLite data migrations, where synchronization makes the schema (only the rows are converted here).
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(
        `CREATE TABLE "parsed_report_version" ("sop_instance_uid" character varying(64) NOT NULL, "reprocessed" integer NOT NULL, "study_instance_uid" character varying(64) NOT NULL, "procedure" text, "parser_version" character varying(64), "study_revision" integer, "parsed_at" character varying(32) NOT NULL, "replaced_at" character varying(32) NOT NULL, CONSTRAINT "PK_b395aa006d8352c8df02ba8ebf5" PRIMARY KEY ("sop_instance_uid", "reprocessed"))`,
      );
      await queryRunner.query(`CREATE INDEX "IDX_260f0c4230b8dbab9d819a9a3b" ON "parsed_report_version" ("study_instance_uid") `);
      await queryRunner.query(`ALTER TABLE "parsed_report" ADD "parser_version" character varying(64)`);
      await queryRunner.query(`ALTER TABLE "parsed_report" ADD "study_revision" integer`);
    }
    await convertColumn(queryRunner, 'parsed_report', ['sop_instance_uid'], 'procedure', compressPlainJson);
    await convertColumn(queryRunner, 'parsed_report', ['sop_instance_uid'], 'event_uids', compressPlainJson);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const plain = (v: string) => (isCompressedJson(v) ? JSON.stringify(decompressJson(v)) : null);
    await convertColumn(queryRunner, 'parsed_report', ['sop_instance_uid'], 'procedure', plain);
    await convertColumn(queryRunner, 'parsed_report', ['sop_instance_uid'], 'event_uids', plain);
    await queryRunner.query(`ALTER TABLE "parsed_report" DROP COLUMN "study_revision"`);
    await queryRunner.query(`ALTER TABLE "parsed_report" DROP COLUMN "parser_version"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_260f0c4230b8dbab9d819a9a3b"`);
    await queryRunner.query(`DROP TABLE "parsed_report_version"`);
  }
}

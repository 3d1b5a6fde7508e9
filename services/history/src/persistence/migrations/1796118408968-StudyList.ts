import type { MigrationInterface, QueryRunner } from 'typeorm';

export class StudyList1796118408968 implements MigrationInterface {
  name = 'StudyList1796118408968';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "study_record" ADD "study_sort_key" character varying(20) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "station_name" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "model_name" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "study_record" ADD "overall_status" character varying(16) NOT NULL DEFAULT 'pending'`);
    // Existing studies get the values refreshListingColumns (studies/study-listing.ts) would give them.
    await queryRunner.query(
      `UPDATE "study_record" SET ` +
        `"study_sort_key" = CASE WHEN "study_date_time" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?)?$' ` +
        `THEN rpad(regexp_replace("study_date_time", '[^0-9]', '', 'g'), 20, '0') ELSE '' END, ` +
        `"station_name" = left("device"::json->>'stationName', 64), ` +
        `"model_name" = left("device"::json->>'modelName', 64), ` +
        `"overall_status" = CASE WHEN json_array_length("failures"::json) > 0 OR 'failed' IN ("received_state", "parsed_state", "skin_dose_state") THEN 'failed' ` +
        `WHEN "received_state" = 'done' AND "parsed_state" = 'done' AND "skin_dose_state" IN ('done', 'not-applicable') THEN 'complete' ELSE 'pending' END`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6c2af73af61cff61b32434a4dd" ON "study_record" ("station_name") `);
    await queryRunner.query(`CREATE INDEX "IDX_b508b64997ac8ec34d647db98f" ON "study_record" ("model_name") `);
    await queryRunner.query(`CREATE INDEX "IDX_8e95f61421243a0ac620b62632" ON "study_record" ("overall_status") `);
    await queryRunner.query(`CREATE INDEX "IDX_88432a8001af8eceab5a30c7eb" ON "study_record" ("site", "study_sort_key", "study_instance_uid") `);
    await queryRunner.query(`CREATE INDEX "IDX_761c4c1a79a56e2af210f17862" ON "study_record" ("study_sort_key", "study_instance_uid") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_761c4c1a79a56e2af210f17862"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_88432a8001af8eceab5a30c7eb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e95f61421243a0ac620b62632"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b508b64997ac8ec34d647db98f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6c2af73af61cff61b32434a4dd"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "overall_status"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "model_name"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "station_name"`);
    await queryRunner.query(`ALTER TABLE "study_record" DROP COLUMN "study_sort_key"`);
  }
}

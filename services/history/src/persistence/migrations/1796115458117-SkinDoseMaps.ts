import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SkinDoseMaps1796115458117 implements MigrationInterface {
  name = 'SkinDoseMaps1796115458117';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "study_skin_dose_map" ("study_instance_uid" character varying(64) NOT NULL, "study_revision" integer NOT NULL, "calculated_at" character varying(32) NOT NULL, "surface" text, "width_cells" integer, "height_cells" integer, "dose_grid" text, CONSTRAINT "PK_896a1866cb6ef1ef0884b7c34c4" PRIMARY KEY ("study_instance_uid"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "study_skin_dose_map"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { compressPlainJson, convertColumn, decompressJson, isCompressedJson } from '@kerma/platform';
import { compressStoredDoseMap, expandStoredDoseMap } from '../dose-map-column';

/**
 * The stored procedure and the results (current and replaced) become compressed JSON and the map's grid gzip
 * (persistence/dose-map-column.ts); the schema does not change (same text columns).
 */
export class CompactStudyInput1796137622029 implements MigrationInterface {
  name = 'CompactStudyInput1796137622029';

  async up(queryRunner: QueryRunner): Promise<void> {
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'procedure', compressPlainJson);
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'result', compressPlainJson);
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'dose_map', compressStoredDoseMap);
    await convertColumn(queryRunner, 'skin_dose_result_version', ['study_instance_uid', 'result_version'], 'result', compressPlainJson);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const plain = (v: string) => (isCompressedJson(v) ? JSON.stringify(decompressJson(v)) : null);
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'procedure', plain);
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'result', plain);
    await convertColumn(queryRunner, 'skin_dose_study', ['study_instance_uid'], 'dose_map', expandStoredDoseMap);
    await convertColumn(queryRunner, 'skin_dose_result_version', ['study_instance_uid', 'result_version'], 'result', plain);
  }
}

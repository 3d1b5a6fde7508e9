import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Procedure } from '@kerma/rdsr';
import { compressJson, convertColumn, decompressJson, isCompressedJson } from '@kerma/platform';
import { storedProcedure } from '../stored-procedure';

/** A stored procedure (compressed or, before compaction, plain JSON) without birth date and name; null: nothing to strip. */
function stripped(stored: string): string | null {
  const procedure = isCompressedJson(stored) ? decompressJson<Procedure>(stored) : (JSON.parse(stored) as Procedure);
  const kept = storedProcedure(procedure);
  return kept === procedure ? null : compressJson(kept);
}

/**
 * The parser keeps no birth date or name (docs/phi.md): reports parsed before lose them, in the current
 * readings and in the earlier readings of reprocessed reports. Runs on PostgreSQL and SQLite alike.
 */
export class StoredProcedureWithoutBirthDate1796160000000 implements MigrationInterface {
  name = 'StoredProcedureWithoutBirthDate1796160000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await convertColumn(queryRunner, 'parsed_report', ['sop_instance_uid'], 'procedure', stripped);
    await convertColumn(queryRunner, 'parsed_report_version', ['sop_instance_uid', 'reprocessed'], 'procedure', stripped);
  }

  async down(): Promise<void> {
    // The birth dates are gone by design; the older code reads the rows as reports without one.
  }
}

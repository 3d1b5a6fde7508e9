import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { serializeDoseMap, type SerializedDoseMap } from '@kerma/dosimetry';
import { PARSER_ENTITIES, PARSER_MIGRATIONS, PARSER_SQLITE_MIGRATIONS } from '@kerma/parser';
import { dataSourceOptions, type DatabaseTarget } from '@kerma/platform';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS, SKIN_DOSE_SQLITE_MIGRATIONS } from '@kerma/skin-dose';
import { createTestDatabase, describeIntegration, generateRdsr, integrationPgAdminUrl, procedureSpec } from '@kerma/testing';

/**
 * Rows stored before compression (plain JSON procedure, results and float32 maps) are converted by the
 * migrations — on PostgreSQL by the schema migrations, on SQLite by the data migrations run at start — and
 * read back through the entities exactly as they were stored.
 */
function procedureOf(seed: number, events: number): Procedure {
  const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed, events })));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

const procedure = procedureOf(5101, 12);
/** The parser's rows lose the birth date (and name) on the way (StoredProcedureWithoutBirthDate); the rest reads back as stored. */
const parserProcedure: Procedure = { ...procedure, patient: { ...procedure.patient, birthDate: null, name: null } };
const result = { psdGy: 1.25, algorithmVersion: 'kerma-skin-dose 1.2.0', assumptions: [{ code: 'x', message: 'y'.repeat(400) }] };
const replacedResult = { ...result, psdGy: 1.1 };
const doseMap: SerializedDoseMap = serializeDoseMap({
  widthCells: 40,
  heightCells: 30,
  cellSizeMm: 10,
  layout: 'cylinder-unrolled',
  doseGy: new Float32Array(1200).map((_, i) => (i % 40 < 3 ? NaN : i % 7 === 0 ? 0 : 0.5 + (i % 40) / 100)),
});

async function insertOldRows(run: (sql: string, params: unknown[]) => Promise<unknown>, p: (i: number) => string): Promise<void> {
  const values = (n: number) => Array.from({ length: n }, (_, i) => p(i + 1)).join(', ');
  await run(
    `INSERT INTO parsed_report (sop_instance_uid, study_instance_uid, site, object_id, event_uids, procedure, superseded_by, parsed_at, published_at, reprocessed) VALUES (${values(10)})`,
    [
      procedure.study.sopInstanceUid,
      procedure.study.studyInstanceUid,
      's',
      '00000000-0000-4000-8000-000000000001',
      JSON.stringify(['1.2.3.1', '1.2.3.2']),
      JSON.stringify(procedure),
      null,
      '2026-01-01T00:00:00Z',
      null,
      0,
    ],
  );
}

async function insertOldSkinDoseRows(run: (sql: string, params: unknown[]) => Promise<unknown>, p: (i: number) => string): Promise<void> {
  const values = (n: number) => Array.from({ length: n }, (_, i) => p(i + 1)).join(', ');
  await run(
    `INSERT INTO skin_dose_study (study_instance_uid, site, patient, sop_instance_uids, study_revision, procedure, input_received_at, result, not_applicable, dose_map, computed_at, result_version) VALUES (${values(12)})`,
    [
      procedure.study.studyInstanceUid,
      's',
      JSON.stringify({ key: 'k', id: null, issuer: null }),
      JSON.stringify([procedure.study.sopInstanceUid]),
      1,
      JSON.stringify(procedure),
      '2026-01-01T00:00:00Z',
      JSON.stringify(result),
      null,
      JSON.stringify(doseMap),
      '2026-01-01T00:00:01Z',
      2,
    ],
  );
  await run(`INSERT INTO skin_dose_result_version (study_instance_uid, result_version, computed_at, result) VALUES (${values(4)})`, [
    procedure.study.studyInstanceUid,
    1,
    '2026-01-01T00:00:00Z',
    JSON.stringify(replacedResult),
  ]);
}

/** The converted rows: compressed in the columns, identical through the entities. */
async function expectConverted(ds: DataSource): Promise<void> {
  const [parsedRaw] = await ds.query('SELECT procedure FROM parsed_report');
  expect(parsedRaw.procedure.startsWith('{')).toBe(false);
  expect(parsedRaw.procedure.length).toBeLessThan(JSON.stringify(procedure).length / 5);
  const parsed = await ds.getRepository<{ procedure: Procedure; eventUids: string[]; parserVersion: string | null }>('ParsedReport').find();
  expect(procedure.patient.birthDate).not.toBeNull();
  expect(parsed.map((r) => [r.procedure, r.eventUids, r.parserVersion])).toEqual([[parserProcedure, ['1.2.3.1', '1.2.3.2'], null]]);
}

async function expectSkinDoseConverted(ds: DataSource): Promise<void> {
  const [raw] = await ds.query('SELECT procedure, result, dose_map FROM skin_dose_study');
  expect(raw.procedure.startsWith('{')).toBe(false);
  expect(raw.result.startsWith('{')).toBe(false);
  expect(JSON.parse(raw.dose_map).encoding).toBe('float32-le-gzip-base64');
  const [study] = await ds.getRepository<{ procedure: Procedure; result: unknown; doseMap: SerializedDoseMap }>('SkinDoseStudy').find();
  expect(study.procedure).toEqual(procedure);
  expect(study.result).toEqual(result);
  expect(study.doseMap).toEqual(doseMap);
  const versions = await ds.getRepository<{ result: unknown }>('SkinDoseResultVersion').find();
  expect(versions.map((v) => v.result)).toEqual([replacedResult]);
}

describe('compact storage data migrations on SQLite (the single process): rows of an existing file are converted at start', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kerma-compact-sqlite-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['parser', PARSER_ENTITIES, PARSER_SQLITE_MIGRATIONS, insertOldRows, expectConverted],
    ['skin-dose', SKIN_DOSE_ENTITIES, SKIN_DOSE_SQLITE_MIGRATIONS, insertOldSkinDoseRows, expectSkinDoseConverted],
  ] as const)('%s', async (service, entities, sqliteMigrations, insert, check) => {
    const target: DatabaseTarget = { kind: 'sqlite', path: join(dir, `${service}.sqlite`) };
    // A file as the previous release left it: the schema synchronized, rows in plain JSON, no migrations table.
    const before = new DataSource(dataSourceOptions({ service, target, entities: [...entities], migrations: [] }));
    await before.initialize();
    await insert(
      (sql, params) => before.query(sql, params),
      () => '?',
    );
    await before.destroy();

    const after = new DataSource(dataSourceOptions({ service, target, entities: [...entities], migrations: [], sqliteMigrations }));
    await after.initialize();
    try {
      await check(after);
      // A second start finds them done.
      expect(await after.query(`SELECT name FROM ${service.replace('-', '_')}_migrations`)).toHaveLength(sqliteMigrations.length);
    } finally {
      await after.destroy();
    }
  });
});

describeIntegration(['postgres'])('compact storage migrations on PostgreSQL: existing rows converted, and back on revert', () => {
  it.each([
    ['parser', PARSER_ENTITIES, PARSER_MIGRATIONS, 'CompactProcedureAndVersions', insertOldRows, expectConverted],
    ['skin-dose', SKIN_DOSE_ENTITIES, SKIN_DOSE_MIGRATIONS, 'CompactStudyInput', insertOldSkinDoseRows, expectSkinDoseConverted],
  ] as const)('%s', async (service, entities, migrations, compacting, insert, check) => {
    const db = await createTestDatabase(integrationPgAdminUrl(), `kerma_migr_compact_${service.replace('-', '_')}`);
    const open = (list: readonly Function[]) =>
      new DataSource(dataSourceOptions({ service, target: { kind: 'postgres', url: db.url }, entities: [...entities], migrations: [...list] }));
    const at = migrations.findIndex((m) => m.name.startsWith(compacting));
    expect(at).toBeGreaterThan(0);
    const before = open(migrations.slice(0, at));
    try {
      await before.initialize();
      await insert(
        (sql, params) => before.query(sql, params),
        (i) => `$${i}`,
      );
    } finally {
      if (before.isInitialized) await before.destroy();
    }
    const after = open(migrations);
    try {
      await after.initialize();
      await check(after);
      // Reverting restores the plain JSON the previous release reads.
      for (let i = at; i < migrations.length; i++) await after.undoLastMigration();
      const runner: QueryRunner = after.createQueryRunner();
      try {
        const table = service === 'parser' ? 'parsed_report' : 'skin_dose_study';
        const [row] = await runner.query(`SELECT * FROM ${table}`);
        expect(JSON.parse(row.procedure)).toEqual(service === 'parser' ? parserProcedure : procedure);
        if (service === 'parser') expect(JSON.parse(row.event_uids)).toEqual(['1.2.3.1', '1.2.3.2']);
        if (service === 'skin-dose') {
          const [old] = await runner.query('SELECT result, dose_map FROM skin_dose_study');
          expect(JSON.parse(old.result)).toEqual(result);
          expect(JSON.parse(old.dose_map)).toEqual(doseMap);
          const [replaced] = await runner.query('SELECT result FROM skin_dose_result_version');
          expect(JSON.parse(replaced.result)).toEqual(replacedResult);
        }
      } finally {
        await runner.release();
      }
    } finally {
      if (after.isInitialized) await after.destroy();
      await db.drop();
    }
  });
});

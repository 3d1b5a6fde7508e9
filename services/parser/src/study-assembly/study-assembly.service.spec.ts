import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, decompressJson } from '@kerma/platform';
import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { buildHeaderDoseImageSpec, generateHeaderDoseImage, generateRdsr, procedureSpec } from '@kerma/testing';
import { ParsedReport } from '../persistence/parsed-report.entity';
import { PARSER_ENTITIES } from '../persistence/entities';
import { ParsedReportVersion } from '../persistence/parsed-report-version.entity';
import { PARSER_VERSION } from '@kerma/rdsr';
import { StoredProcedureWithoutBirthDate1796160000000 } from '../persistence/migrations/1796160000000-StoredProcedureWithoutBirthDate';
import { StudyAssemblyService } from './study-assembly.service';

/** What the parser keeps of a report it read: no birth date, no name (the age at the study stays). */
const withoutBirthDate = (p: Procedure): Procedure => ({ ...p, patient: { ...p.patient, birthDate: null, name: null } });

function procedureOf(seed: number, events: number): Procedure {
  const outcome = parseDoseReport(generateRdsr(procedureSpec({ seed, events })));
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.procedure;
}

/** The parser's tables in a SQLite file of a temporary folder, for the tests of one describe block. */
function temporaryParserDatabase(): { readonly ds: DataSource } {
  let dir = '';
  let ds: DataSource | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kerma-parser-'));
    ds = new DataSource(
      dataSourceOptions({ service: 'parser', target: { kind: 'sqlite', path: join(dir, 'parser.sqlite') }, entities: PARSER_ENTITIES, migrations: [] }),
    );
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get ds() {
      if (!ds) throw new Error('the database is opened before the tests, in beforeAll');
      return ds;
    },
  };
}

describe('StudyAssemblyService: a reprocessed report', () => {
  const db = temporaryParserDatabase();
  let studies: StudyAssemblyService;
  beforeAll(() => {
    studies = new StudyAssemblyService(db.ds.getRepository(ParsedReport));
  });

  it('is read anew and makes a new revision that is announced; a plain re-delivery stays an announced duplicate', async () => {
    const first = procedureOf(3101, 3);
    const uids = [first.study.sopInstanceUid];
    const added = await studies.add(first, 'site-a', '00000000-0000-4000-8000-000000000001');
    expect(added).toMatchObject({ relation: { kind: 'new-study' }, revision: 1, alreadyAnnounced: false });
    await studies.markAnnounced(uids);

    expect(await studies.add(first, 'site-a', '00000000-0000-4000-8000-000000000001')).toMatchObject({
      relation: { kind: 'duplicate' },
      revision: 1,
      alreadyAnnounced: true,
    });

    const replaced = procedureOf(3101, 5); // same report UIDs, other content (e.g. replaced from quarantine)
    const reprocessed = await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001', true);
    expect(reprocessed).toMatchObject({ revision: 2, alreadyAnnounced: false, sopInstanceUids: uids });
    expect(reprocessed.procedure.events).toHaveLength(5);
    await studies.markAnnounced(uids);

    expect(await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001')).toMatchObject({ revision: 2, alreadyAnnounced: true });
    expect((await studies.add(replaced, 'site-a', '00000000-0000-4000-8000-000000000001', true)).revision).toBe(3);

    // Each earlier reading is kept with the revision it made; the current one is what the study is made of.
    const current = await db.ds.getRepository(ParsedReport).findOneByOrFail({ sopInstanceUid: uids[0] });
    expect(current).toMatchObject({ reprocessed: 2, studyRevision: 3, parserVersion: PARSER_VERSION });
    expect(current.procedure.events).toHaveLength(5);
    const earlier = await db.ds.getRepository(ParsedReportVersion).find({ where: { sopInstanceUid: uids[0] }, order: { reprocessed: 'ASC' } });
    // The second reading equals the third: kept once, in the newer one.
    expect(earlier.map((v) => [v.reprocessed, v.studyRevision, v.parserVersion, v.procedure?.events.length ?? null])).toEqual([
      [0, 1, PARSER_VERSION, 3],
      [1, 2, PARSER_VERSION, null],
    ]);
    expect(earlier[0].procedure).toEqual(withoutBirthDate(first));
    // Stored compressed: a fraction of the JSON.
    const [raw] = await db.ds.query('SELECT procedure FROM parsed_report WHERE sop_instance_uid = ?', [uids[0]]);
    expect(raw.procedure.length).toBeLessThan(JSON.stringify(replaced).length / 5);
  });
});

describe('StudyAssemblyService: what is kept of the patient', () => {
  const db = temporaryParserDatabase();

  it('stores no birth date: the age at the study, derived from it when the report was read, stays', async () => {
    const read = procedureOf(3301, 2);
    expect(read.patient.birthDate).not.toBeNull();
    expect(read.patient.ageYears).toMatchObject({ provenance: 'derived', note: expect.stringContaining("Patient's Birth Date and Study Date") });
    const state = await new StudyAssemblyService(db.ds.getRepository(ParsedReport)).add(read, 'site-a', '00000000-0000-4000-8000-000000000301');
    expect(state.procedure.patient).toMatchObject({ birthDate: null, name: null, ageYears: read.patient.ageYears, id: read.patient.id });
    const stored = await db.ds.getRepository(ParsedReport).findOneByOrFail({ sopInstanceUid: read.study.sopInstanceUid });
    expect(stored.procedure).toEqual(withoutBirthDate(read));
    const [raw] = await db.ds.query('SELECT procedure FROM parsed_report WHERE sop_instance_uid = ?', [read.study.sopInstanceUid]);
    expect(decompressJson<Procedure>(raw.procedure).patient.birthDate).toBeNull();
  });

  it('the data migration strips the birth date of reports and earlier readings stored before', async () => {
    const old = procedureOf(3302, 2);
    const uid = old.study.sopInstanceUid;
    // Rows as the previous release wrote them (through the entities: compressed, birth date included).
    await db.ds.getRepository(ParsedReport).insert({
      sopInstanceUid: uid,
      studyInstanceUid: old.study.studyInstanceUid,
      site: 'site-a',
      objectId: '00000000-0000-4000-8000-000000000302',
      eventUids: ['1.2.3'],
      procedure: old,
      parserVersion: null,
      studyRevision: 2,
      supersededBy: null,
      reprocessed: 1,
      parsedAt: '2026-01-01T00:00:00Z',
      publishedAt: null,
    });
    await db.ds.getRepository(ParsedReportVersion).insert({
      sopInstanceUid: uid,
      reprocessed: 0,
      studyInstanceUid: old.study.studyInstanceUid,
      procedure: old,
      parserVersion: null,
      studyRevision: 1,
      parsedAt: '2026-01-01T00:00:00Z',
      replacedAt: '2026-01-01T00:00:01Z',
    });
    const runner = db.ds.createQueryRunner();
    try {
      await new StoredProcedureWithoutBirthDate1796160000000().up(runner);
    } finally {
      await runner.release();
    }
    expect((await db.ds.getRepository(ParsedReport).findOneByOrFail({ sopInstanceUid: uid })).procedure).toEqual(withoutBirthDate(old));
    expect((await db.ds.getRepository(ParsedReportVersion).findOneByOrFail({ sopInstanceUid: uid })).procedure).toEqual(withoutBirthDate(old));
  });
});

describe('StudyAssemblyService: image headers and a dose report of one study', () => {
  const db = temporaryParserDatabase();
  let studies: StudyAssemblyService;
  beforeAll(() => {
    studies = new StudyAssemblyService(db.ds.getRepository(ParsedReport));
  });

  const header = (seed: number, studyInstanceUid: string, index: number): Procedure => {
    const outcome = parseDoseReport(generateHeaderDoseImage(buildHeaderDoseImageSpec({ seed, modality: 'DX', index, studyInstanceUid })));
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.procedure;
  };

  it.each([
    ['headers first, then the dose report', 'headers-first'],
    ['the dose report first, then headers', 'report-first'],
  ] as const)('%s: the study is the dose report alone, the headers kept but not counted', async (_, order) => {
    const report = procedureOf(order === 'headers-first' ? 3201 : 3202, 3);
    const uid = report.study.studyInstanceUid;
    const images = [0, 1].map((i) => header(order === 'headers-first' ? 3201 : 3202, uid, i));
    const sequence = order === 'headers-first' ? [...images, report] : [report, ...images];
    let last;
    for (const [i, p] of sequence.entries()) last = await studies.add(p, 'site-a', `00000000-0000-4000-8000-00000000010${i}`);
    expect(last!.procedure.source).toBe('rdsr');
    expect(last!.procedure.events.map((e) => e.uid)).toEqual(report.events.map((e) => e.uid));
    expect(last!.procedure.eventSums).toEqual(report.eventSums);
    expect(last!.sopInstanceUids).toHaveLength(3);
    expect(last!.revision).toBe(3);
    expect(last!.procedure.warnings).toContain('2 objects read from image-header kept but not counted: the study has a dose report');
  });

  it('headers alone make one procedure of the study, revised with each image', async () => {
    const uid = '1.2.826.0.1.3680043.10.999.3203';
    const first = await studies.add(header(3203, uid, 0), 'site-a', '00000000-0000-4000-8000-000000000201');
    const second = await studies.add(header(3203, uid, 1), 'site-a', '00000000-0000-4000-8000-000000000202');
    expect(first).toMatchObject({ revision: 1, relation: { kind: 'new-study' } });
    expect(second).toMatchObject({ revision: 2, relation: { kind: 'continuation' } });
    expect(second.procedure.events).toHaveLength(2);
    expect(second.procedure.source).toBe('image-header');
  });
});

import { DataSource } from 'typeorm';
import { encodeCursor, HISTORY_ENTITIES, HISTORY_MIGRATIONS, parseStudySearch, StudyRecord, StudyRecordsService } from '@kerma/history';
import { dataSourceOptions } from '@kerma/platform';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl } from '@kerma/testing';

/** Studies stored before the study list existed get its columns from the migration, as new ones get them from the service. */
describeIntegration(['postgres'])('history migration StudyList: backfill of existing studies', () => {
  it('fills the sort key, station and model names and the overall status, which the list query then uses', async () => {
    const db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_migr_study_list');
    const open = (migrations: Function[]) =>
      new DataSource(dataSourceOptions({ service: 'history', target: { kind: 'postgres', url: db.url }, entities: [...HISTORY_ENTITIES], migrations }));
    // The schema as it was just before StudyList (later migrations come after it in the list).
    const studyList = HISTORY_MIGRATIONS.findIndex((m) => m.name.startsWith('StudyList'));
    expect(studyList).toBeGreaterThan(0);
    const before = open(HISTORY_MIGRATIONS.slice(0, studyList));
    try {
      await before.initialize();
      const insert = (uid: string, dateTime: string | null, device: string | null, states: [string, string, string], failures: string) =>
        before.query(
          `INSERT INTO study_record (study_instance_uid, site, patient_key, patient_id, patient_id_issuer, study_date_time, device, sop_instance_uids, study_revision, received_state, received_at, parsed_state, parsed_at, kind, totals, ct, mammography, skin_dose_applicability, skin_dose_state, skin_dose, alerts, failures, updated_at, version)
           VALUES ($1, 's', 'k', NULL, NULL, $2, $3, '[]', 1, $4, NULL, $5, NULL, NULL, NULL, NULL, NULL, NULL, $6, NULL, '[]', $7, '2026-01-01T00:00:00Z', 1)`,
          [uid, dateTime, device, ...states, failures],
        );
      await insert(
        '1.1',
        '2026-03-01T10:11:12.5',
        JSON.stringify({ manufacturer: 'M', modelName: 'Model X', stationName: 'ROOM1' }),
        ['done', 'done', 'not-applicable'],
        '[]',
      );
      await insert('1.2', '2026-03-01', null, ['done', 'done', 'pending'], '[]');
      await insert('1.3', null, JSON.stringify({ manufacturer: null, modelName: null, stationName: null }), ['done', 'failed', 'pending'], '[]');
      await insert('1.4', 'garbled', null, ['done', 'done', 'done'], JSON.stringify([{ stage: 'notification' }]));
    } finally {
      if (before.isInitialized) await before.destroy();
    }
    const after = open(HISTORY_MIGRATIONS);
    try {
      await after.initialize();
      const rows = await after.query(
        'SELECT study_instance_uid AS uid, study_sort_key AS key, station_name AS station, model_name AS model, overall_status AS status FROM study_record ORDER BY study_instance_uid',
      );
      expect(rows).toEqual([
        { uid: '1.1', key: '20260301101112500000', station: 'ROOM1', model: 'Model X', status: 'complete' },
        { uid: '1.2', key: '20260301000000000000', station: null, model: null, status: 'pending' },
        { uid: '1.3', key: '', station: null, model: null, status: 'failed' },
        { uid: '1.4', key: '', station: null, model: null, status: 'failed' },
      ]);
      // The list query itself on PostgreSQL: keyset pages, newest first, undated last, and filters.
      const service = new StudyRecordsService(after.getRepository(StudyRecord));
      const first = await service.search(parseStudySearch({ limit: '2' }), null);
      expect(first.records.map((r) => r.studyInstanceUid)).toEqual(['1.1', '1.2']);
      const second = await service.search(parseStudySearch({ limit: '2', cursor: encodeCursor(first.next!) }), ['s']);
      expect(second.records.map((r) => r.studyInstanceUid)).toEqual(['1.4', '1.3']);
      expect(second.next).toBeNull();
      const uidsOf = async (query: Record<string, string>) => (await service.search(parseStudySearch(query), null)).records.map((r) => r.studyInstanceUid);
      expect(await uidsOf({ device: 'ROOM1' })).toEqual(['1.1']);
      expect(await uidsOf({ device: 'Model X', status: 'complete' })).toEqual(['1.1']);
      expect(await uidsOf({ from: '2026-03-01', to: '2026-03-01T10:00' })).toEqual(['1.2']);
      expect(await uidsOf({ status: 'failed' })).toEqual(['1.4', '1.3']);
      expect(await service.search(parseStudySearch({}), ['other-site'])).toEqual({ records: [], next: null });
    } finally {
      if (after.isInitialized) await after.destroy();
      await db.drop();
    }
  });
});

import { DataSource } from 'typeorm';
import { DrlFiguresService, HISTORY_ENTITIES, HISTORY_MIGRATIONS, parseDrlQuery, parseManualEntryCsv, StudyDoseFigure } from '@kerma/history';
import { dataSourceOptions } from '@kerma/platform';
import { createTestDatabase, describeIntegration, integrationPgAdminUrl } from '@kerma/testing';

/**
 * Deterministic figures: three CT rooms, two examinations, skewed values, some unknown weights; and nuclear-medicine
 * activities in two rooms and two examinations named by description and radiopharmaceutical, with no body region.
 */
function figures(): StudyDoseFigure[] {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ct = Array.from({ length: 997 }, (_, i) => ({
    studyInstanceUid: `1.2.3.${i}`,
    metric: i % 2 === 0 ? 'dlp' : 'ctdivol',
    ordinal: 0,
    value: Math.round((i % 2 === 0 ? 300 + 900 * next() ** 2 : 5 + 60 * next()) * 1000) / 1000,
    site: i % 5 === 0 ? 'site-b' : 'site-a',
    device: ['CT1', 'CT2', null][i % 3],
    procedure: i % 7 < 4 ? 'CT Head' : 'CT Chest',
    bodyRegion: i % 7 < 4 ? 'Head' : 'Chest',
    studySortKey: `202603${String(1 + (i % 28)).padStart(2, '0')}100000000000`,
    weightKg: i % 4 === 0 ? null : 40 + (i % 60),
    provenance: 'rdsr' as const,
  }));
  const nm = Array.from({ length: 301 }, (_, i) => ({
    studyInstanceUid: `1.2.4.${i}`,
    metric: 'activity',
    ordinal: 0,
    value: Math.round((i % 3 === 0 ? 150 + 300 * next() : 500 + 300 * next() ** 2) * 10) / 10,
    site: i % 4 === 0 ? 'site-b' : 'site-a',
    device: ['NM1', 'NM2'][i % 2],
    procedure: i % 3 === 0 ? 'PET-CT FDG · Fluorodeoxyglucose F^18^' : 'Bone scan · Tc-99m medronate',
    bodyRegion: null,
    studySortKey: `202603${String(1 + (i % 28)).padStart(2, '0')}110000000000`,
    weightKg: i % 5 === 0 ? null : 45 + (i % 50),
    provenance: 'rdsr' as const,
  }));
  return [...ct, ...nm];
}

describeIntegration(['postgres'])('DRL percentiles: percentile_cont on PostgreSQL equals the JS computation of the single process', () => {
  it('gives the same groups, counts, medians and p75 for every filter', async () => {
    const db = await createTestDatabase(integrationPgAdminUrl(), 'kerma_drl_percentiles');
    const pg = new DataSource(
      dataSourceOptions({
        service: 'history',
        target: { kind: 'postgres', url: db.url },
        entities: [...HISTORY_ENTITIES],
        migrations: [...HISTORY_MIGRATIONS],
      }),
    );
    const sqlite = new DataSource(
      dataSourceOptions({ service: 'history', target: { kind: 'sqlite', path: ':memory:' }, entities: [...HISTORY_ENTITIES], migrations: [] }),
    );
    try {
      await pg.initialize();
      await sqlite.initialize();
      const rows = figures();
      for (const ds of [pg, sqlite]) for (let i = 0; i < rows.length; i += 200) await ds.getRepository(StudyDoseFigure).insert(rows.slice(i, i + 200));
      const onPg = new DrlFiguresService(pg.getRepository(StudyDoseFigure));
      const onSqlite = new DrlFiguresService(sqlite.getRepository(StudyDoseFigure));
      const byKey = (groups: Awaited<ReturnType<DrlFiguresService['statistics']>>) =>
        Object.fromEntries(groups.map((g) => [JSON.stringify([g.metric, g.device, g.procedure, g.bodyRegion]), g]));
      for (const [query, sites] of [
        [{}, null],
        [{ metric: 'dlp' }, ['site-a']],
        [{ from: '2026-03-05', to: '2026-03-20', minWeightKg: '50', maxWeightKg: '90' }, null],
        [{ device: 'CT1', procedure: 'CT Head', bodyRegion: 'Head' }, ['site-a', 'site-b']],
        [{ metric: 'activity', from: '2026-03-03', to: '2026-03-25', minWeightKg: '50' }, ['site-a']],
      ] as const) {
        const q = parseDrlQuery(query);
        const fromPg = byKey(await onPg.statistics(q, sites));
        const fromJs = byKey(await onSqlite.statistics(q, sites));
        expect(Object.keys(fromPg).sort()).toEqual(Object.keys(fromJs).sort());
        expect(Object.keys(fromPg).length).toBeGreaterThan(0);
        for (const [key, g] of Object.entries(fromPg)) {
          const js = fromJs[key];
          expect([key, g.count]).toEqual([key, js.count]);
          expect(g.median).toBeCloseTo(js.median!, 9);
          expect(g.p75).toBeCloseTo(js.p75!, 9);
        }
      }
      // The whole-table DLP median of room CT1's heads, computed by hand from the rows.
      const values = rows
        .filter((r) => r.metric === 'dlp' && r.device === 'CT1' && r.procedure === 'CT Head')
        .map((r) => r.value)
        .sort((a, b) => a - b);
      const h = (values.length - 1) * 0.5;
      const expected = values[Math.floor(h)] + (h - Math.floor(h)) * (values[Math.ceil(h)] - values[Math.floor(h)]);
      const [group] = await onPg.statistics(parseDrlQuery({ metric: 'dlp', device: 'CT1', procedure: 'CT Head' }), null);
      expect(group.median).toBeCloseTo(expected, 9);
      // Manual entries on PostgreSQL: counted in the report, and the same file twice replaces its rows.
      const manual = parseManualEntryCsv('date,device,procedure,kap\n2026-03-02,C-arm 1,Hip pinning,3.5\n2026-03-03,C-arm 1,Hip pinning,1.5\n', 'site-a');
      await onPg.upsertManual(manual);
      await onPg.upsertManual(manual);
      const [hips] = await onPg.statistics(parseDrlQuery({ metric: 'kap', procedure: 'Hip pinning' }), ['site-a']);
      expect(hips).toMatchObject({ device: 'C-arm 1', count: 2, median: 2.5 });
      // Administered activity: its groups have no body region, and a manual NM entry counts like the others.
      const activityGroups = await onPg.statistics(parseDrlQuery({ metric: 'activity' }), null);
      expect(activityGroups.map((g) => [g.device, g.procedure, g.bodyRegion]).sort()).toEqual([
        ['NM1', 'Bone scan · Tc-99m medronate', null],
        ['NM1', 'PET-CT FDG · Fluorodeoxyglucose F^18^', null],
        ['NM2', 'Bone scan · Tc-99m medronate', null],
        ['NM2', 'PET-CT FDG · Fluorodeoxyglucose F^18^', null],
      ]);
      expect(activityGroups.reduce((n, g) => n + g.count, 0)).toBe(301);
      await onPg.upsertManual(
        parseManualEntryCsv(
          'date,device,procedure,activity\n2026-03-02,Gamma camera 1,Thyroid scan,80\n2026-03-03,Gamma camera 1,Thyroid scan,100\n',
          'site-a',
        ),
      );
      const [thyroid] = await onPg.statistics(parseDrlQuery({ metric: 'activity', procedure: 'Thyroid scan' }), ['site-a']);
      expect(thyroid).toMatchObject({ device: 'Gamma camera 1', bodyRegion: null, count: 2, median: 90, p75: 95 });
    } finally {
      if (pg.isInitialized) await pg.destroy();
      if (sqlite.isInitialized) await sqlite.destroy();
      await db.drop();
    }
  });
});

import { compareWithDrl, DEFAULT_DRL_TABLE, doseStatistics, drlObservations, drlStudyContext, parseDrlTable, type DrlFigures } from '.';
import UK from './uk-ndrl-adult-ct.json';

const none: DrlFigures = { dapTotalGyCm2: null, doseRpTotalGy: null, fluoroTimeTotalS: null, ct: null, mammography: null, nuclearMedicine: null };
const ct = (dlpTotalMGyCm: number | null, ctdiVolMaxMGy: number | null): DrlFigures => ({
  ...none,
  ct: { dlpTotalMGyCm, ctdiVolMaxMGy, dlpTotalSource: dlpTotalMGyCm === null ? null : 'device-total', acquisitionCount: 1, acquisitions: [] },
});

describe('drlObservations: one entry per metric', () => {
  it('takes DLP and the highest CTDIvol of a CT study, and never the projection figures', () => {
    expect(drlObservations({ ...ct(812.5, 51.2), dapTotalGyCm2: 3 })).toEqual([
      { metric: 'dlp', value: 812.5 },
      { metric: 'ctdivol', value: 51.2 },
    ]);
  });

  it('takes KAP, Ka,r and fluoroscopy time of a projection study; an unknown figure gives no value, not 0', () => {
    expect(drlObservations({ ...none, dapTotalGyCm2: 42.1, doseRpTotalGy: 0.61, fluoroTimeTotalS: null })).toEqual([
      { metric: 'kap', value: 42.1 },
      { metric: 'kar', value: 0.61 },
    ]);
  });

  it('takes one AGD per breast of a mammography study', () => {
    const mammography = {
      accumulatedAgd: [
        { laterality: 'left' as const, doseMGy: 1.4 },
        { laterality: 'right' as const, doseMGy: 1.6 },
      ],
    };
    expect(drlObservations({ ...none, mammography })).toEqual([
      { metric: 'agd', value: 1.4 },
      { metric: 'agd', value: 1.6 },
    ]);
  });

  it("takes the study's total administered activity of a nuclear-medicine study, none when an administration lacks its activity", () => {
    const nm = (administeredActivityTotalMBq: number | null, administrationsWithoutActivity: number): DrlFigures => ({
      ...none,
      nuclearMedicine: { administeredActivityTotalMBq, administrationsWithoutActivity, effectiveDoseTotalMSv: null, administrations: [] },
    });
    expect(drlObservations(nm(612.5, 0))).toEqual([{ metric: 'activity', value: 612.5 }]);
    // A rest/stress pair with one activity missing: the known half would understate the study.
    expect(drlObservations(nm(400, 1))).toEqual([]);
    expect(drlObservations(nm(null, 1))).toEqual([]);
  });
});

describe('drlStudyContext', () => {
  const base = { study: { description: null }, patient: { weightKg: null }, ct: null, events: [] } as unknown as Parameters<typeof drlStudyContext>[0];
  const region = (meaning: string) => ({ targetRegion: { scheme: 'SCT', value: 'x', meaning } });

  it('groups by the study description, else the single CT protocol; regions are distinct and sorted', () => {
    const p = {
      ...base,
      ct: {
        acquisitions: [
          { protocol: 'Head routine', ...region('Head') },
          { protocol: 'Head routine', ...region('Head') },
        ],
      },
    } as never;
    expect(drlStudyContext(p)).toEqual({ procedure: 'Head routine', bodyRegion: 'Head', weightKg: null });
    const described = {
      ...base,
      study: { description: ' CT Chest ' },
      patient: { weightKg: { value: 71, provenance: 'read' } },
      events: [region('Neck'), region('Chest')],
    } as never;
    expect(drlStudyContext(described)).toEqual({ procedure: 'CT Chest', bodyRegion: 'Chest + Neck', weightKg: 71 });
  });

  it('says null when neither the description nor a single protocol names the examination', () => {
    const p = {
      ...base,
      ct: {
        acquisitions: [
          { protocol: 'A', targetRegion: null },
          { protocol: 'B', targetRegion: null },
        ],
      },
    } as never;
    expect(drlStudyContext(p)).toEqual({ procedure: null, bodyRegion: null, weightKg: null });
  });

  it('names a nuclear-medicine examination by its description and radiopharmaceutical(s), with no body region', () => {
    const administration = (meaning: string | null, agentText: string | null = null) => ({
      agent: meaning ? { scheme: 'SCT', value: 'x', meaning } : null,
      agentText,
    });
    const nm = (description: string | null, ...administrations: ReturnType<typeof administration>[]) =>
      ({ ...base, study: { description }, nuclearMedicine: { administrations } }) as never;
    expect(drlStudyContext(nm('PET-CT FDG', administration('Fluorodeoxyglucose F^18^')))).toEqual({
      procedure: 'PET-CT FDG · Fluorodeoxyglucose F^18^',
      bodyRegion: null,
      weightKg: null,
    });
    expect(drlStudyContext(nm(null, administration('Tc-99m tetrofosmin'), administration(null, 'Tc-99m tetrofosmin'))).procedure).toBe('Tc-99m tetrofosmin');
    expect(drlStudyContext(nm('Bone scan', administration(null))).procedure).toBe('Bone scan');
    expect(drlStudyContext(nm(null)).procedure).toBeNull();
  });
});

describe('the shipped DRL table (UKHSA, adult CT, adopted 2022)', () => {
  it('loads, and carries the published head and chest values in their units', () => {
    const byId = new Map(DEFAULT_DRL_TABLE.levels.map((l) => [l.id, l]));
    expect(byId.get('uk-ct-head-ctdivol')).toMatchObject({ value: 47, unit: 'mGy' });
    expect(byId.get('uk-ct-head-dlp')).toMatchObject({ value: 790, unit: 'mGy·cm' });
    expect(byId.get('uk-ct-chest-dlp')).toMatchObject({ value: 290, unit: 'mGy·cm' });
    expect(DEFAULT_DRL_TABLE.sources[byId.get('uk-ct-head-dlp')!.source].publisher).toBe('UK Health Security Agency');
  });

  it('has the DLP-only rows of Table 1 as published (no CTDIvol is given for them)', () => {
    const byId = new Map(DEFAULT_DRL_TABLE.levels.map((l) => [l.id, l]));
    expect(byId.get('uk-ct-neck-chest-abdomen-pelvis-dlp')).toMatchObject({ value: 850, unit: 'mGy·cm', clinicalIndication: 'Cancer' });
    expect(byId.get('uk-ct-chest-and-abdomen-dlp')).toMatchObject({ value: 470, clinicalIndication: 'Lung cancer' });
    expect(byId.get('uk-ct-virtual-colonoscopy-dlp')).toMatchObject({ value: 690, clinicalIndication: 'Polyps/Tumour' });
    expect(byId.get('uk-ct-urogram-dlp')).toMatchObject({ value: 890, clinicalIndication: 'Tumour/Stones/Colic' });
    for (const id of ['neck-chest-abdomen-pelvis', 'chest-and-abdomen', 'virtual-colonoscopy', 'urogram']) expect(byId.has(`uk-ct-${id}-ctdivol`)).toBe(false);
  });
});

describe('parseDrlTable', () => {
  it('names a level in the wrong unit, an unknown metric, an unknown source and a repeated id', () => {
    const [head] = UK.levels;
    const bad = { ...UK, levels: [{ ...head, unit: 'Gy' }, { ...head, id: 'x', metric: 'dap' }, { ...head, id: 'y', source: 'nowhere' }, head, head] };
    const error = (() => {
      try {
        parseDrlTable(bad, 'test.json');
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(error).toContain('DRL table test.json is invalid');
    expect(error).toContain('levels.0.unit: uk-ct-head-ctdivol: ctdivol is in mGy, not Gy');
    expect(error).toContain('levels.1.metric: metric must be one of dlp, ctdivol, kap, kar, fluoro-time, agd, activity');
    expect(error).toContain('source nowhere is not in sources');
    expect(error).toContain('level id uk-ct-head-ctdivol is repeated');
  });
});

describe('compareWithDrl', () => {
  it('compares the group median with every matching level of the metric', () => {
    const stats = doseStatistics([700, 800, 900, 1000]);
    const [c] = compareWithDrl(DEFAULT_DRL_TABLE, { metric: 'dlp', procedure: 'CT HEAD routine', bodyRegion: null }, stats);
    expect(c).toMatchObject({ levelId: 'uk-ct-head-dlp', examination: 'Head (Acute stroke)', drlValue: 790, unit: 'mGy·cm', medianAboveDrl: true });
    expect(c.medianToDrl).toBeCloseTo(850 / 790, 12);
  });

  it('finds nothing for an examination the table does not have, and no verdict for an empty group', () => {
    expect(compareWithDrl(DEFAULT_DRL_TABLE, { metric: 'kap', procedure: 'Coronary angiography', bodyRegion: null }, doseStatistics([5]))).toEqual([]);
    const [c] = compareWithDrl(DEFAULT_DRL_TABLE, { metric: 'ctdivol', procedure: null, bodyRegion: 'Head' }, doseStatistics([]));
    expect(c).toMatchObject({ levelId: 'uk-ct-head-ctdivol', medianToDrl: null, medianAboveDrl: null });
  });
});

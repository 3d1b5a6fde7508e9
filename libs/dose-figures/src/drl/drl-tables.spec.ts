import {
  DEFAULT_DRL_TABLE,
  SHIPPED_DRL_TABLE_NAMES,
  SHIPPED_DRL_TABLES,
  combineDrlTables,
  compareWithDrl,
  doseStatistics,
  isShippedDrlTableName,
  matchingLevels,
  type DrlTable,
} from '.';

const all = combineDrlTables(SHIPPED_DRL_TABLE_NAMES.map((name) => ({ origin: name, table: SHIPPED_DRL_TABLES[name] })));
const level = (id: string) => all.levels.find((l) => l.id === id);
const matched = (metric: string, procedure: string) => matchingLevels(all, { metric, procedure, bodyRegion: null }).map((l) => l.id);

describe('the shipped DRL tables', () => {
  it('are the UK CT, Swiss fluoroscopy, European cardiology and two Australian tables; the UK one is the default', () => {
    expect(SHIPPED_DRL_TABLE_NAMES).toEqual([
      'uk-ndrl-adult-ct',
      'ch-fluoroscopy-2007',
      'eu-interventional-cardiology-2018',
      'au-igip-2020',
      'au-mdct-adult-2018',
    ]);
    expect(DEFAULT_DRL_TABLE).toBe(SHIPPED_DRL_TABLES['uk-ndrl-adult-ct']);
    expect(isShippedDrlTableName('ch-fluoroscopy-2007')).toBe(true);
    expect(isShippedDrlTableName('toString')).toBe(false);
  });

  it('cite every source with its title, publisher, year and address', () => {
    for (const name of SHIPPED_DRL_TABLE_NAMES)
      for (const source of Object.values(SHIPPED_DRL_TABLES[name].sources)) {
        expect(source).toMatchObject({ title: expect.any(String), publisher: expect.any(String), year: expect.any(Number), table: expect.any(String) });
        expect(source.url).toMatch(/^https:\/\//);
      }
  });

  it('combine all together: level ids are unique across them and no source key is cited twice differently', () => {
    const count = SHIPPED_DRL_TABLE_NAMES.reduce((n, name) => n + SHIPPED_DRL_TABLES[name].levels.length, 0);
    expect(all.levels).toHaveLength(count);
    expect(Object.keys(all.sources).sort()).toEqual(['aroua-2007', 'arpansa-igip', 'lee-2020', 'siiskonen-2018', 'uk-ndrl']);
  });

  it('carry the values as published: Swiss fluoroscopy DAP reference levels (Aroua et al. 2007, abstract)', () => {
    const kap = SHIPPED_DRL_TABLES['ch-fluoroscopy-2007'].levels.map((l) => [l.examination, l.value, l.unit, l.metric]);
    expect(kap).toEqual([
      ['Lower limb and iliac angiography', 210, 'Gy·cm²', 'kap'],
      ['Cerebral angiography', 125, 'Gy·cm²', 'kap'],
      ['Coronary angiography', 80, 'Gy·cm²', 'kap'],
      ['Biliary drainage and stenting', 240, 'Gy·cm²', 'kap'],
      ['Cerebral embolization', 440, 'Gy·cm²', 'kap'],
      ['PTCA (percutaneous transluminal coronary angioplasty)', 110, 'Gy·cm²', 'kap'],
    ]);
  });

  it('carry the values as published: European interventional cardiology KAP DRLs (Siiskonen et al. 2018, abstract)', () => {
    expect(SHIPPED_DRL_TABLES['eu-interventional-cardiology-2018'].levels.map((l) => [l.id, l.value])).toEqual([
      ['eu-ic-coronary-angiography-kap', 35],
      ['eu-ic-pci-kap', 85],
      ['eu-ic-tavi-kap', 130],
      ['eu-ic-electrophysiology-kap', 12],
      ['eu-ic-pacemaker-single-chamber-kap', 2.5],
      ['eu-ic-pacemaker-dual-chamber-kap', 3.5],
      ['eu-ic-crt-kap', 18],
    ]);
  });

  it('carry the values as published: ARPANSA coronary angiogram KAP and Ka,r, adult CT CTDIvol/DLP (Lee et al. 2020)', () => {
    expect(level('au-igip-coronary-angiogram-kap')).toMatchObject({ value: 30, unit: 'Gy·cm²', metric: 'kap' });
    expect(level('au-igip-coronary-angiogram-kar')).toMatchObject({ value: 0.5, unit: 'Gy', metric: 'kar' });
    const ct = SHIPPED_DRL_TABLES['au-mdct-adult-2018'].levels;
    const pairs = ct
      .filter((l) => l.metric === 'ctdivol')
      .map((c) => [c.examination, c.value, ct.find((d) => d.id === c.id.replace(/-ctdivol$/, '-dlp'))?.value]);
    expect(pairs).toEqual([
      ['Head', 52, 880],
      ['Cervical spine', 23, 470],
      ['Soft-tissue neck', 17, 450],
      ['Chest', 10, 390],
      ['Abdomen–pelvis', 13, 600],
      ['Kidney–ureter–bladder', 13, 600],
      ['Chest–abdomen–pelvis', 11, 940],
      ['Lumbar spine', 26, 670],
    ]);
  });

  it('match a coronary angiography to the angiography levels and an angioplasty to the PCI levels, not the other way', () => {
    expect(matched('kap', 'Coronary angiography')).toEqual([
      'ch-fl-coronary-angiography-kap',
      'eu-ic-coronary-angiography-kap',
      'au-igip-coronary-angiogram-kap',
    ]);
    expect(matched('kar', 'Coronary angiogram')).toEqual(['au-igip-coronary-angiogram-kar']);
    expect(matched('kap', 'Coronary angioplasty')).toEqual(['ch-fl-ptca-kap', 'eu-ic-pci-kap']);
    expect(matched('kap', 'Cerebral embolisation')).toEqual(['ch-fl-cerebral-embolization-kap']);
    expect(matched('dlp', 'CT KUB')).toEqual(['uk-ct-kub-dlp', 'au-ct-kub-dlp']);
  });

  it('compare a fluoroscopy room median with each matching level, naming its source', () => {
    const comparisons = compareWithDrl(all, { metric: 'kap', procedure: 'Coronary angiography', bodyRegion: null }, doseStatistics([20, 40, 60]));
    expect(comparisons.map((c) => [c.levelId, c.drlValue, c.medianAboveDrl, c.source])).toEqual([
      ['ch-fl-coronary-angiography-kap', 80, false, 'How to set up and apply reference levels in fluoroscopy at a national level'],
      ['eu-ic-coronary-angiography-kap', 35, true, 'Establishing the European diagnostic reference levels for interventional cardiology'],
      ['au-igip-coronary-angiogram-kap', 30, true, 'Current Australian national diagnostic reference levels for image guided and interventional procedures'],
    ]);
  });
});

describe('combineDrlTables', () => {
  const uk = SHIPPED_DRL_TABLES['uk-ndrl-adult-ct'];
  const ch = SHIPPED_DRL_TABLES['ch-fluoroscopy-2007'];
  const messageOf = (parts: { origin: string; table: DrlTable }[]) => {
    try {
      combineDrlTables(parts);
    } catch (err) {
      return (err as Error).message;
    }
    return '';
  };

  it('returns a single table as it is, and joins the names, sources and levels of several', () => {
    expect(combineDrlTables([{ origin: 'uk', table: uk }])).toBe(uk);
    const both = combineDrlTables([
      { origin: 'uk', table: uk },
      { origin: 'ch', table: ch },
    ]);
    expect(both.name).toBe(`${uk.name} + ${ch.name}`);
    expect(both.sources).toEqual({ ...uk.sources, ...ch.sources });
    expect(both.levels).toEqual([...uk.levels, ...ch.levels]);
  });

  it('refuses a level id in two tables and a source key citing two publications, naming both origins', () => {
    const local: DrlTable = { ...ch, sources: { 'uk-ndrl': { ...uk.sources['uk-ndrl'], year: 2022 } }, levels: [{ ...uk.levels[0], source: 'uk-ndrl' }] };
    const message = messageOf([
      { origin: 'uk-ndrl-adult-ct', table: uk },
      { origin: 'local.json', table: local },
    ]);
    expect(message).toContain(`level id ${uk.levels[0].id} is in both uk-ndrl-adult-ct and local.json`);
    expect(message).toContain('source uk-ndrl cites different publications in uk-ndrl-adult-ct and local.json');
    expect(messageOf([])).toBe('no DRL table to compare with');
  });
});

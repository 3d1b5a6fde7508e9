import { csvRecords, ManualEntryError, parseManualEntryCsv } from './manual-entry-csv';

const problemsOf = (text: string): readonly string[] => {
  try {
    parseManualEntryCsv(text, 'site-a');
  } catch (err) {
    if (err instanceof ManualEntryError) return err.problems;
    throw err;
  }
  return [];
};

describe('csvRecords', () => {
  it('reads quoted commas, quotes and line breaks, and numbers records by the line they start on', () => {
    expect(csvRecords('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n\nlast,1')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"\nthere'] },
      { line: 5, fields: ['last', '1'] },
    ]);
  });
});

describe('parseManualEntryCsv', () => {
  it('makes one manual-entry figure per metric value, with the grouping columns', () => {
    const figures = parseManualEntryCsv('date,device,procedure,weightKg,kap,fluoro-time\n2026-03-02,Mobile C-arm 1,Hip pinning,82,3.4,41\n', 'site-a');
    expect(figures.map((f) => [f.metric, f.value])).toEqual([
      ['kap', 3.4],
      ['fluoro-time', 41],
    ]);
    expect(figures[0]).toMatchObject({
      site: 'site-a',
      device: 'Mobile C-arm 1',
      procedure: 'Hip pinning',
      bodyRegion: null,
      weightKg: 82,
      studySortKey: '20260302000000000000',
      provenance: 'manual-entry',
    });
    expect(figures[0].studyInstanceUid).toMatch(/^manual-[0-9a-f]{40}$/);
    expect(figures[1].studyInstanceUid).toBe(figures[0].studyInstanceUid);
  });

  it('refuses the whole file naming every bad row by its line', () => {
    const text = 'date,device,procedure,kap\n2026-03-02,C1,Hip,3\n2026-13-01,C1,Hip,3\n2026-03-03,,Hip,-2\n2026-03-04,C1,Hip,\n2026-03-05,C1\n';
    expect(problemsOf(text)).toEqual([
      'line 3: date "2026-13-01" is not YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]',
      'line 4: device is empty',
      'line 4: kap "-2" is not a positive number (Gy·cm²)',
      'line 5: no metric value: an empty row of figures says nothing',
      'line 6: 2 fields where the header has 4',
    ]);
  });

  it('refuses unknown and missing columns, and an empty file', () => {
    expect(problemsOf('date,room,dap\n')).toEqual([
      'line 1: unknown column(s) room, dap; expected date, device, procedure, bodyRegion, weightKg, dlp, ctdivol, kap, kar, fluoro-time, agd, activity',
      'line 1: missing column(s) device, procedure',
      'line 1: no metric column (dlp, ctdivol, kap, kar, fluoro-time, agd, activity)',
    ]);
    expect(problemsOf('')).toEqual(['the file is empty: a header line and at least one row are expected']);
  });
});

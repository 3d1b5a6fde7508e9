import { readDoseScreenText } from './dose-screen-text';

describe('readDoseScreenText', () => {
  it('reads the Philips form', () => {
    expect(readDoseScreenText('Event=4 Total mAs=3130 Total DLP=512.7')).toEqual({
      ok: true,
      screen: { dlpTotalMGyCm: 512.7, matched: 'Total DLP=512.7', series: [] },
    });
  });

  it('reads a DLP total in Gy·cm as mGy·cm and a decimal comma', () => {
    expect(readDoseScreenText('Total DLP: 0,4 Gy*cm')).toMatchObject({ ok: true, screen: { dlpTotalMGyCm: 400 } });
  });

  it('reads per-series CTDIvol and DLP pairs and leaves the total out of them', () => {
    const r = readDoseScreenText('Topogram CTDIvol=0.1 mGy DLP=2.3; Head CTDIvol 45.2 DLP 812.1; Total DLP 814.4 mGycm');
    expect(r).toMatchObject({
      ok: true,
      screen: {
        dlpTotalMGyCm: 814.4,
        series: [
          { label: 'Topogram', ctdiVolMGy: 0.1, dlpMGyCm: 2.3 },
          { label: 'Head', ctdiVolMGy: 45.2, dlpMGyCm: 812.1 },
        ],
      },
    });
  });

  it('refuses text without a total, and a total in a unit that is not a DLP unit', () => {
    expect(readDoseScreenText('CTDIvol=5 DLP=100')).toEqual({ ok: false, missing: 'no "Total DLP" figure in the text' });
    expect(readDoseScreenText('Total DLP=12 mGy')).toMatchObject({ ok: false, missing: expect.stringContaining('not mGy·cm') });
    expect(readDoseScreenText(null)).toMatchObject({ ok: false });
  });
});

describe('readDoseScreenText with other fields after the total', () => {
  it('does not take the next word for a unit', () => {
    expect(readDoseScreenText('Total DLP=512.7 Event=4')).toMatchObject({ ok: true, screen: { dlpTotalMGyCm: 512.7 } });
  });
});

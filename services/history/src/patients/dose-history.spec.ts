import type { StudyRecord } from '../persistence/study-record.entity';
import { doseHistory } from './dose-history';

function record(
  uid: string,
  studyDateTime: string | null,
  doseRpTotalGy: number | null,
  psdGy: number | null,
  kind: 'projection-xray' | 'ct' = 'projection-xray',
): StudyRecord {
  return {
    kind,
    skinDoseApplicability: kind === 'ct' ? { applicable: false, code: 'ct', reason: 'CT: no projection events to trace' } : { applicable: true },
    studyInstanceUid: uid,
    site: 'a',
    studyDateTime,
    receivedAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    totals: doseRpTotalGy === null ? null : { doseRpTotalGy, dapTotalGyCm2: doseRpTotalGy * 100, fluoroTimeTotalS: 600, eventCount: 1, perPlane: [] },
    skinDose: psdGy === null ? null : ({ psdGy } as StudyRecord['skinDose']),
    alerts: [],
    parsedState: doseRpTotalGy === null ? 'pending' : 'done',
    skinDoseState: kind === 'ct' ? 'not-applicable' : psdGy === null ? 'pending' : 'done',
    device: null,
  } as unknown as StudyRecord;
}

describe('doseHistory', () => {
  const now = new Date('2026-11-27T12:00:00.000Z');
  const records = [
    record('old', '2026-01-05T09:00:00', 4, 2.5),
    record('recent', '2026-11-01T09:00:00', 3, 2),
    record('today', '2026-11-27T08:00:00', 2, null),
  ];

  it('sums the recent window and all time separately, in study order', () => {
    const history = doseHistory(records, 60, now);
    expect(history.studies.map((s) => s.studyInstanceUid)).toEqual(['old', 'recent', 'today']);
    expect(history.allTime).toMatchObject({
      studyCount: 3,
      doseRpTotalGy: { value: 9, missing: 0 },
      dapTotalGyCm2: { value: 900, missing: 0 },
      psdSumGy: { value: 4.5, missing: 1, notApplicable: 0 },
    });
    expect(history.window).toMatchObject({ days: 60, since: '2026-09-28T12:00:00.000Z' });
    expect(history.window.sums).toMatchObject({ studyCount: 2, doseRpTotalGy: { value: 5, missing: 0 }, psdSumGy: { value: 2, missing: 1 } });
  });

  it('says how many studies lack figures instead of counting them as zero dose', () => {
    const history = doseHistory([...records, record('unparsed', null, null, null)], 3650, now);
    expect(history.allTime.doseRpTotalGy).toEqual({ value: 9, missing: 1 });
    expect(doseHistory([record('unparsed', null, null, null)], 60, now).allTime.psdSumGy).toEqual({ value: null, missing: 1, notApplicable: 0 });
    expect(history.studies.find((s) => s.studyInstanceUid === 'unparsed')!.doseRpTotalGy).toBeNull();
  });

  it('keeps studies without a skin dose at all (CT) out of the PSD sum and counts them apart, never as 0', () => {
    const history = doseHistory([...records, record('ct', '2026-11-20T09:00:00', null, null, 'ct')], 60, now);
    expect(history.window.sums.psdSumGy).toEqual({ value: 2, missing: 1, notApplicable: 1 });
    expect(history.studies.find((s) => s.studyInstanceUid === 'ct')!.peakSkinDose).toEqual({
      status: 'not-applicable',
      psdGy: null,
      reason: 'CT: no projection events to trace',
    });
    expect(history.studies.find((s) => s.studyInstanceUid === 'recent')!.peakSkinDose).toEqual({ status: 'calculated', psdGy: 2, reason: null });
  });
});

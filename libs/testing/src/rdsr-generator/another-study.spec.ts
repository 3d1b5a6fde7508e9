import { asAnotherStudy, procedureSpec } from './index';

describe('asAnotherStudy', () => {
  const base = procedureSpec({ seed: 5, events: 3 });
  const uidsOf = (spec: typeof base) => [
    spec.study.studyInstanceUid,
    spec.study.seriesInstanceUid,
    spec.study.sopInstanceUid,
    spec.study.performedProcedureStepUid,
    ...spec.events.map((e) => e.uid),
  ];

  it('gives every UID anew, the same for the same seed and tag, others for another tag', () => {
    const a = asAnotherStudy(base, 11, 'suite-a');
    const uids = uidsOf(a);
    expect(new Set([...uids, ...uidsOf(base)]).size).toBe(2 * uids.length);
    expect(uidsOf(asAnotherStudy(base, 11, 'suite-a'))).toEqual(uids);
    expect(uidsOf(asAnotherStudy(base, 11, 'suite-b')).filter((uid) => uids.includes(uid))).toEqual([]);
  });

  it('keeps the figures and the patient, and takes the study fields it is given', () => {
    const other = asAnotherStudy(base, 11, 'suite-a', { date: '20261201', time: '101500' });
    expect(other.events.map(({ uid: _uid, ...e }) => e)).toEqual(base.events.map(({ uid: _uid, ...e }) => e));
    expect(other.patient).toEqual(base.patient);
    expect(other.study).toMatchObject({ date: '20261201', time: '101500', accessionNumber: base.study.accessionNumber });
  });
});

import { patientKey, RdsrReceivedV1, SkinDoseCalculatedV1, StudyParsedV1 } from '@kerma/contracts';
import { rdsrReceivedV1Message, skinDoseCalculatedV1Message, studyParsedV1Message } from './index';

const wire = <T>(message: T): unknown => JSON.parse(JSON.stringify(message));

describe('test messages of the event contracts', () => {
  const parsed = studyParsedV1Message({
    site: 'site-a',
    patient: { id: 'P1', issuer: 'HOSP' },
    report: { seed: 3, events: 4, patient: { birthDate: '19500304' }, mapEvent: (e) => ({ ...e, doseRpGy: 0.6, dapGyM2: 0.006 }) },
  });

  it('study.parsed v1: a valid message whose patient is the report patient, keyed as the parser keys it', () => {
    expect(StudyParsedV1.parse(wire(parsed))).toEqual(wire(parsed));
    expect(parsed.patient).toEqual({
      id: 'P1',
      issuer: 'HOSP',
      key: patientKey({ site: 'site-a', patientId: 'P1', issuer: 'HOSP', studyInstanceUid: parsed.studyInstanceUid }),
    });
    expect(parsed.procedure.patient).toMatchObject({ id: 'P1', issuerOfId: 'HOSP', birthDate: '1950-03-04' });
    expect(parsed.procedure.events.map((e) => e.doseRpGy?.value)).toEqual([0.6, 0.6, 0.6, 0.6]);
    expect(parsed.sopInstanceUids).toEqual([parsed.triggeringSopInstanceUid]);
  });

  it("skin-dose.calculated v1: a valid result of the study, with the study's Ka,r and no skin area above the PSD", () => {
    const skinDose = skinDoseCalculatedV1Message(parsed, 4.2);
    expect(SkinDoseCalculatedV1.parse(wire(skinDose))).toEqual(wire(skinDose));
    expect(skinDose).toMatchObject({ site: 'site-a', studyInstanceUid: parsed.studyInstanceUid, patient: parsed.patient, studyRevision: 1, psdGy: 4.2 });
    expect(skinDose.doseRpTotalGy).toBeCloseTo(2.4, 9);
    expect(skinDose.perPlane).toEqual([{ plane: 'single', psdGy: 4.2, doseRpGy: skinDose.doseRpTotalGy }]);
    expect(skinDose.skinAreaCm2AtOrAbove.gy3).toBeGreaterThan(0);
    expect(skinDose.skinAreaCm2AtOrAbove).toMatchObject({ gy5: 0, gy10: 0 });
  });

  it('rdsr.received v1: valid messages, one key for every object of the same patient and site', () => {
    const [first, second] = ['1.1', '1.2'].map((sopInstanceUid) => rdsrReceivedV1Message({ site: 'site-a', sopInstanceUid }));
    expect(RdsrReceivedV1.parse(wire(first))).toEqual(wire(first));
    expect(second.sopInstanceUid).toBe('1.2');
    expect(RdsrReceivedV1.key(second)).toBe(RdsrReceivedV1.key(first));
    expect(second.eventId).not.toBe(first.eventId);
  });
});

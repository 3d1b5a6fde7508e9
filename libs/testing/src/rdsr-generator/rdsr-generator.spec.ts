import { buildProcedureSpec, generateRdsr, procedureSpec, ProcedureSpecError, X_RAY_RADIATION_DOSE_SR } from './index';
import { child, children, codeOf, conceptOf, measured, readBack, type SrNode } from './read-back';

function root(bytes: Uint8Array): SrNode {
  return readBack(bytes).dataset as SrNode;
}

describe('generateRdsr (standard flavour)', () => {
  const spec = procedureSpec({ seed: 7, events: 30, biplane: true, rotationalRuns: 2 });
  const bytes = generateRdsr(spec);
  const report = root(bytes);
  const events = children(report, '113706');

  it('writes Part-10 with an Explicit VR Little Endian file meta', () => {
    expect(Buffer.from(bytes.subarray(128, 132)).toString('latin1')).toBe('DICM');
    const { meta } = readBack(bytes);
    expect(meta['TransferSyntaxUID']).toBe('1.2.840.10008.1.2.1');
    expect(meta['MediaStorageSOPClassUID']).toBe(X_RAY_RADIATION_DOSE_SR);
    expect(meta['MediaStorageSOPInstanceUID']).toBe(spec.study.sopInstanceUid);
  });

  it('is an X-Ray Radiation Dose SR rooted at 113701', () => {
    expect(report['SOPClassUID']).toBe(X_RAY_RADIATION_DOSE_SR);
    expect(conceptOf(report)).toMatchObject({ CodeValue: '113701', CodingSchemeDesignator: 'DCM' });
    expect(report['StudyInstanceUID']).toBe(spec.study.studyInstanceUid);
    expect(report['PatientID']).toBe(spec.patient.id);
    expect(report['PatientSize']).toBe(spec.patient.heightM);
  });

  it('writes one event container per spec event, on the spec plane', () => {
    expect(events).toHaveLength(30);
    const planeCode = { A: '113620', B: '113621', single: '113622' } as const;
    events.forEach((event, index) => {
      expect(codeOf(child(event, '113764')!)?.CodeValue).toBe(planeCode[spec.events[index].plane]);
      expect(child(event, '113769')!['UID']).toBe(spec.events[index].uid);
    });
    const perPlane = (plane: string) => events.filter((event) => codeOf(child(event, '113764')!)?.CodeValue === plane).length;
    expect(perPlane('113620')).toBe(spec.events.filter((event) => event.plane === 'A').length);
    expect(perPlane('113621')).toBe(spec.events.filter((event) => event.plane === 'B').length);
    expect(perPlane('113620') + perPlane('113621')).toBe(30);
    expect(perPlane('113621')).toBeGreaterThan(0);
  });

  it('writes every event value exactly as the spec holds it, in UCUM units', () => {
    events.forEach((event, index) => {
      const truth = spec.events[index];
      expect(measured(child(event, '122130'))).toEqual({ value: truth.dapGyM2, unit: 'Gy.m2' });
      expect(measured(child(event, '113738'))).toEqual({ value: truth.doseRpGy, unit: 'Gy' });
      expect(measured(child(event, '113733'))).toEqual({ value: truth.kvp, unit: 'kV' });
      expect(measured(child(event, '113791'))).toEqual({ value: truth.pulseRatePerS, unit: '{pulse}/s' });
      expect(measured(child(event, '113742'))).toEqual({ value: truth.irradiationDurationS, unit: 's' });
      expect(measured(child(event, '112011'))).toEqual({ value: truth.primaryAngleDeg, unit: 'deg' });
      expect(measured(child(event, '113751'))).toEqual({ value: truth.tableLongitudinalMm, unit: 'mm' });
      expect(measured(child(event, '113790'))).toEqual({ value: truth.collimatedFieldAreaM2, unit: 'm2' });
      expect(measured(child(event, '113736'))!.value / 1000).toBeCloseTo(truth.exposureMAs!, 12);
      expect(child(event, '111526')!['DateTime']).toBe(truth.dateTimeStarted);
    });
  });

  it('uses current SNOMED CT codes', () => {
    const fluoro = events.find((_, index) => spec.events[index].type === 'fluoroscopy')!;
    expect(codeOf(child(fluoro, '113721')!)).toMatchObject({ CodeValue: '44491008', CodingSchemeDesignator: 'SCT' });
    const filter = child(fluoro, '113771')!;
    expect(codeOf(child(filter, '113757')!)).toMatchObject({ CodeValue: '66925006', CodingSchemeDesignator: 'SCT' });
  });

  it('writes rotational runs with start and end angles', () => {
    const rotational = events.filter((event) => codeOf(child(event, '113721')!)?.CodeValue === '113613');
    expect(rotational).toHaveLength(2);
    for (const event of rotational) {
      expect(measured(child(event, '112011'))!.value).toBe(-100);
      expect(measured(child(event, '113739'))!.value).toBe(100);
    }
  });

  it('writes per-plane totals equal to the event sums by default', () => {
    const accumulated = children(report, '113702');
    expect(accumulated).toHaveLength(2);
    for (const [index, plane] of (['A', 'B'] as const).entries()) {
      const ofPlane = spec.events.filter((event) => event.plane === plane);
      const dapSum = ofPlane.reduce((sum, event) => sum + event.dapGyM2!, 0);
      const written = measured(child(accumulated[index], '113722'))!.value;
      expect(written).toBe(spec.planes[index].dapTotalGyM2);
      expect(written).toBeCloseTo(dapSum, 12);
    }
  });

  it('writes totals that differ from the event sums when the spec says so', () => {
    const overridden = procedureSpec({ seed: 7, events: 5, planeTotals: { single: { dapTotalGyM2: 0.0125 } } });
    const accumulated = child(root(generateRdsr(overridden)), '113702')!;
    expect(measured(child(accumulated, '113722'))!.value).toBe(0.0125);
    expect(overridden.planes[0].doseRpTotalGy).toBeCloseTo(
      overridden.events.reduce((sum, event) => sum + event.doseRpGy!, 0),
      12,
    );
  });

  it('is deterministic: the same seed gives identical bytes, another seed different ones', () => {
    const again = generateRdsr(procedureSpec({ seed: 7, events: 30, biplane: true, rotationalRuns: 2 }));
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
    const other = generateRdsr(procedureSpec({ seed: 8, events: 30, biplane: true, rotationalRuns: 2 }));
    expect(Buffer.compare(Buffer.from(other), Buffer.from(bytes))).not.toBe(0);
  });

  it('allows a patient without size or weight', () => {
    const anonymous = root(generateRdsr(procedureSpec({ patient: { heightM: null, weightKg: null, name: null } })));
    expect(anonymous['PatientSize']).toBeUndefined();
    expect(anonymous['PatientWeight']).toBeUndefined();
  });

  it('varies angles and table positions over a long procedure', () => {
    const long = procedureSpec({ seed: 3, events: 200 });
    expect(new Set(long.events.map((event) => event.primaryAngleDeg)).size).toBeGreaterThan(10);
    expect(new Set(long.events.map((event) => event.tableLongitudinalMm)).size).toBeGreaterThan(10);
    const times = long.events.map((event) => event.dateTimeStarted);
    expect([...times].sort()).toEqual(times);
  });

  it('builds the example procedures the other tests rely on', () => {
    const siemens = procedureSpec({ vendor: 'siemens', biplane: true, rotationalRuns: 2, patient: { heightM: 1.8, weightKg: 90 } });
    const written = root(generateRdsr(siemens));
    expect(written['PatientSize']).toBe(1.8);
    expect(written['PatientWeight']).toBe(90);
    expect(siemens.events.filter((event) => event.type === 'rotational')).toHaveLength(2);
    expect(new Set(siemens.events.map((event) => event.plane))).toEqual(new Set(['A', 'B']));
    const large = procedureSpec({ events: 1000 });
    const largeBytes = Buffer.from(generateRdsr(large));
    expect(large.events).toHaveLength(1000);
    expect(new Set(large.events.map((event) => event.uid)).size).toBe(1000);
    expect(largeBytes.includes(large.events[999].uid)).toBe(true);
  });

  it('writes stepping runs and lets a test reshape single events', () => {
    const shaped = procedureSpec({
      seed: 9,
      events: 10,
      steppingRuns: 1,
      mapEvent: (event, index) => (index === 0 ? { ...event, kvp: null, primaryAngleDeg: 45 } : event),
    });
    const written = children(root(generateRdsr(shaped)), '113706');
    expect(child(written[0], '113733')).toBeUndefined();
    expect(measured(child(written[0], '112011'))!.value).toBe(45);
    const stepping = shaped.events.findIndex((event) => event.type === 'stepping');
    expect(codeOf(child(written[stepping], '113721')!)?.CodeValue).toBe('113612');
  });

  it('writes a report without events, with zero totals', () => {
    const empty = root(generateRdsr(procedureSpec({ events: 0 })));
    expect(children(empty, '113706')).toHaveLength(0);
    expect(measured(child(child(empty, '113702')!, '113722'))!.value).toBe(0);
  });

  it('rejects impossible options with a typed error', () => {
    expect(() => buildProcedureSpec({ events: 1, rotationalRuns: 2 })).toThrow(ProcedureSpecError);
    expect(() => buildProcedureSpec({ events: -1 })).toThrow(/events/);
    expect(() => buildProcedureSpec({ fluoroFraction: 2 })).toThrow(/fluoroFraction/);
  });
});

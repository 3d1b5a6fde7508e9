import { buildMammographyReportSpec, buildProjectionRadiographyReportSpec, generateMammographyReport, generateProjectionRadiographyReport } from './index';
import { child, children, codeOf, conceptOf, measured, readBack, type SrNode } from './read-back';

const root = (bytes: Uint8Array) => readBack(bytes).dataset as SrNode;

describe('generateProjectionRadiographyReport', () => {
  const spec = buildProjectionRadiographyReportSpec({ seed: 5, exposures: 4 });
  const report = root(generateProjectionRadiographyReport(spec));

  it('is a TID 10001 report of Projection X-Ray from an Integrated Projection Radiography System', () => {
    expect(report['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.67');
    expect(conceptOf(report)?.CodeValue).toBe('113701');
    expect(codeOf(child(report, '121058')!)).toMatchObject({ CodeValue: '113704', CodingSchemeDesignator: 'DCM' });
    expect(codeOf(child(report, '122142')!)).toMatchObject({ CodeValue: '113958', CodingSchemeDesignator: 'DCM' });
  });

  it('writes single-plane TID 10007 totals equal to the exposure sums', () => {
    const [accumulated, ...others] = children(report, '113702');
    expect(others).toHaveLength(0);
    expect(codeOf(child(accumulated!, '113764')!)?.CodeValue).toBe('113622');
    expect(measured(child(accumulated!, '113722'))).toEqual({ value: spec.dapTotalGyM2, unit: 'Gy.m2' });
    expect(measured(child(accumulated!, '113725'))).toEqual({ value: spec.doseRpTotalGy, unit: 'Gy' });
    expect(measured(child(accumulated!, '113731'))).toEqual({ value: 4, unit: '1' });
    expect(codeOf(child(accumulated!, '113780')!)?.CodeValue).toBe('113861');
    expect(spec.dapTotalGyM2).toBeCloseTo(
      spec.exposures.reduce((t, e) => t + e.dapGyM2, 0),
      12,
    );
    expect(child(accumulated!, '113726')).toBeUndefined();
  });

  it('writes one stationary acquisition per exposure with the spec values', () => {
    const events = children(report, '113706');
    expect(events).toHaveLength(4);
    events.forEach((event, index) => {
      const truth = spec.exposures[index]!;
      expect(codeOf(child(event, '113721')!)?.CodeValue).toBe('113611');
      expect(child(event, '113769')!['UID']).toBe(truth.uid);
      expect(measured(child(event, '122130'))).toEqual({ value: truth.dapGyM2, unit: 'Gy.m2' });
      expect(measured(child(event, '113738'))).toEqual({ value: truth.doseRpGy, unit: 'Gy' });
      expect(measured(child(event, '113733'))).toEqual({ value: truth.kvp, unit: 'kV' });
      expect(measured(child(event, '113736'))!.value / 1000).toBeCloseTo(truth.exposureMAs, 9);
    });
  });

  it('can name the procedure Plain radiography (SCT) and leave out the device type', () => {
    const plain = root(
      generateProjectionRadiographyReport(
        buildProjectionRadiographyReportSpec({ seed: 5, procedureReported: 'plain-radiography', acquisitionDeviceType: null }),
      ),
    );
    expect(codeOf(child(plain, '121058')!)).toMatchObject({ CodeValue: '168537006', CodingSchemeDesignator: 'SCT' });
    expect(child(plain, '122142')).toBeUndefined();
  });

  it('is deterministic from the seed', () => {
    expect(buildProjectionRadiographyReportSpec({ seed: 9 })).toEqual(buildProjectionRadiographyReportSpec({ seed: 9 }));
    expect(buildProjectionRadiographyReportSpec({ seed: 9 })).not.toEqual(buildProjectionRadiographyReportSpec({ seed: 10 }));
    expect(Buffer.from(generateProjectionRadiographyReport(spec)).equals(Buffer.from(generateProjectionRadiographyReport(spec)))).toBe(true);
  });
});

describe('generateMammographyReport', () => {
  const spec = buildMammographyReportSpec({ seed: 3 });
  const report = root(generateMammographyReport(spec));

  it('is a TID 10001 report of Mammography (SCT 71651007)', () => {
    expect(codeOf(child(report, '121058')!)).toMatchObject({ CodeValue: '71651007', CodingSchemeDesignator: 'SCT' });
    expect(report['PatientSex']).toBe('F');
  });

  it('writes the accumulated AGD once per breast, each with its laterality (TID 10005)', () => {
    const accumulated = child(report, '113702')!;
    const agds = children(accumulated, '111637');
    expect(agds).toHaveLength(2);
    const bySide = new Map(agds.map((agd) => [codeOf(child(agd, '272741003', 'SCT')!)?.CodeValue, measured(agd)]));
    const sum = (side: string) => spec.exposures.filter((e) => e.laterality === side).reduce((t, e) => t + e.averageGlandularDoseMGy, 0);
    expect(bySide.get('73056007')!.unit).toBe('mGy');
    expect(bySide.get('73056007')!.value).toBeCloseTo(sum('right'), 9);
    expect(bySide.get('80248007')!.value).toBeCloseTo(sum('left'), 9);
  });

  it('writes one bilateral value when asked', () => {
    const bilateral = buildMammographyReportSpec({ seed: 3, accumulation: 'bilateral' });
    const agds = children(child(root(generateMammographyReport(bilateral)), '113702')!, '111637');
    expect(agds).toHaveLength(1);
    expect(codeOf(child(agds[0]!, '272741003')!)?.CodeValue).toBe('63762007');
    expect(measured(agds[0])!.value).toBeCloseTo(
      bilateral.exposures.reduce((t, e) => t + e.averageGlandularDoseMGy, 0),
      9,
    );
  });

  it('writes per exposure AGD, entrance exposure, compression, HVL where reported, kVp, anode and filter', () => {
    const events = children(report, '113706');
    expect(events).toHaveLength(4);
    events.forEach((event, index) => {
      const truth = spec.exposures[index]!;
      expect(codeOf(child(event, '272741003')!)?.CodeValue).toBe(truth.laterality === 'left' ? '7771000' : '24028007');
      expect(measured(child(event, '111631'))).toEqual({ value: truth.averageGlandularDoseMGy, unit: 'mGy' });
      expect(measured(child(event, '111636'))).toEqual({ value: truth.entranceExposureAtRpMGy, unit: 'mGy' });
      expect(measured(child(event, '111633'))).toEqual({ value: truth.compressionThicknessMm, unit: 'mm' });
      expect(measured(child(event, '111634'))?.value).toBe(truth.halfValueLayerMm ?? undefined);
      expect(measured(child(event, '113733'))).toEqual({ value: truth.kvp, unit: 'kV' });
      expect(codeOf(child(event, '111632')!)?.CodingSchemeDesignator).toBe('SCT');
      expect(codeOf(child(child(event, '113771')!, '113757')!)?.CodingSchemeDesignator).toBe('SCT');
    });
  });

  it('reports HVL for molybdenum-anode units and leaves it out for tungsten ones', () => {
    const seen = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const s = buildMammographyReportSpec({ seed, breasts: 'left' });
      expect(s.exposures).toHaveLength(2);
      for (const e of s.exposures) {
        expect(e.halfValueLayerMm === null).toBe(e.anode === 'tungsten');
        seen.add(e.anode);
      }
    }
    expect(seen).toEqual(new Set(['molybdenum', 'tungsten']));
  });
});

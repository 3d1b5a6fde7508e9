import {
  buildMammographyReportSpec,
  buildProjectionRadiographyReportSpec,
  generateMammographyReport,
  generateProjectionRadiographyReport,
  generateRdsr,
  procedureSpec,
} from '@kerma/testing';
import type { Procedure } from './model/procedure';
import { parseDoseReport } from './parse-dose-report';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(`${out.error.code}: ${out.error.message}`);
  return out.procedure;
}

const close = (actual: number | undefined, expected: number) =>
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));

describe('radiography dose report (TID 10001 + TID 10007)', () => {
  const spec = buildProjectionRadiographyReportSpec({ seed: 21, exposures: 5 });
  const p = parse(generateProjectionRadiographyReport(spec));

  it('is kind radiography, from the Acquisition Device Type, with no warning and no mammography data', () => {
    expect(p.kind).toBe('radiography');
    expect(p.study.procedureReported).toMatchObject({ scheme: 'DCM', value: '113704' });
    expect(p.mammography).toBeNull();
    expect(p.ct).toBeNull();
    expect(p.warnings).toEqual([]);
  });

  it('reads the single-plane totals equal to the spec', () => {
    expect(p.planes).toHaveLength(1);
    const [plane] = p.planes;
    expect(plane!.plane).toBe('single');
    close(plane!.dapTotalGyM2?.value, spec.dapTotalGyM2);
    close(plane!.doseRpTotalGy?.value, spec.doseRpTotalGy);
    expect(plane!.radiographicFramesTotal?.value).toBe(spec.radiographicFramesTotal);
    expect(plane!.referencePoint?.code?.value).toBe('113861');
    expect(plane!.fluoroDapTotalGyM2).toBeNull();
  });

  it('reads every exposure as a stationary acquisition whose sums equal the totals', () => {
    expect(p.events).toHaveLength(5);
    p.events.forEach((event, index) => {
      const truth = spec.exposures[index]!;
      expect(event.type).toBe('stationary');
      expect(event.uid).toBe(truth.uid);
      close(event.dapGyM2?.value, truth.dapGyM2);
      close(event.doseRpGy?.value, truth.doseRpGy);
      close(event.exposureMAs?.value, truth.exposureMAs);
      expect(event.filters.map((f) => f.materialName)).toEqual(['aluminum', 'copper']);
    });
    expect(p.eventSums).toEqual([expect.objectContaining({ plane: 'single', eventCount: 5 })]);
    close(p.eventSums[0]!.dapSumGyM2 ?? undefined, spec.dapTotalGyM2);
  });

  it('takes the kind from Procedure Reported = Plain radiography (SCT) without a device type', () => {
    const plain = parse(
      generateProjectionRadiographyReport(
        buildProjectionRadiographyReportSpec({ seed: 21, procedureReported: 'plain-radiography', acquisitionDeviceType: null }),
      ),
    );
    expect(plain.kind).toBe('radiography');
    expect(plain.study.procedureReported).toMatchObject({ scheme: 'SCT', value: '168537006' });
    expect(plain.warnings).toEqual([]);
  });

  it('falls back to the fluoroscopy heuristic only when neither code decides', () => {
    const bare = parse(generateProjectionRadiographyReport(buildProjectionRadiographyReportSpec({ seed: 21, acquisitionDeviceType: null })));
    expect(bare.kind).toBe('radiography');
    const fluoro = parse(generateRdsr(procedureSpec({ seed: 21, events: 6, fluoroFraction: 0.5 })));
    expect(fluoro.kind).toBe('projection-xray');
  });
});

describe('mammography dose report (TID 10001 + TID 10005)', () => {
  const spec = buildMammographyReportSpec({ seed: 8 });
  const p = parse(generateMammographyReport(spec));

  it('is kind mammography, from Procedure Reported', () => {
    expect(p.kind).toBe('mammography');
    expect(p.study.procedureReported).toMatchObject({ scheme: 'SCT', value: '71651007' });
    expect(p.warnings).toEqual([]);
  });

  it('reads the accumulated average glandular dose per breast, in mGy, equal to the spec', () => {
    const agd = p.mammography!.accumulatedAverageGlandularDose;
    expect(agd.map((a) => a.laterality)).toEqual(spec.accumulatedAverageGlandularDose.map((a) => a.laterality));
    agd.forEach((a, index) => {
      close(a.doseMGy.value, spec.accumulatedAverageGlandularDose[index]!.doseMGy);
      expect(a.doseMGy.provenance).toBe('read');
    });
    const sumLeft = spec.exposures.filter((e) => e.laterality === 'left').reduce((t, e) => t + e.averageGlandularDoseMGy, 0);
    close(agd.find((a) => a.laterality === 'left')?.doseMGy.value, sumLeft);
  });

  it('reads one bilateral value', () => {
    const bilateral = buildMammographyReportSpec({ seed: 8, accumulation: 'bilateral' });
    const agd = parse(generateMammographyReport(bilateral)).mammography!.accumulatedAverageGlandularDose;
    expect(agd).toHaveLength(1);
    expect(agd[0]!.laterality).toBe('bilateral');
    close(agd[0]!.doseMGy.value, bilateral.accumulatedAverageGlandularDose[0]!.doseMGy);
  });

  it('reads a single-breast study as one value for that breast', () => {
    const left = buildMammographyReportSpec({ seed: 8, breasts: 'left' });
    const agd = parse(generateMammographyReport(left)).mammography!.accumulatedAverageGlandularDose;
    expect(agd.map((a) => a.laterality)).toEqual(['left']);
  });

  it('reads the exposures with kVp and filter material from SCT codes', () => {
    expect(p.events).toHaveLength(spec.exposures.length);
    p.events.forEach((event, index) => {
      const truth = spec.exposures[index]!;
      expect(event.type).toBe('stationary');
      expect(event.kvp?.value).toBe(truth.kvp);
      close(event.exposureTimeMs?.value, truth.exposureTimeMs);
      expect(event.filters[0]!.materialName).toBe(truth.filter.material);
    });
  });
});

import { buildCtDoseReportSpec, generateCtDoseReport } from '@kerma/testing';
import type { Procedure } from './model/procedure';
import { parseDoseReport } from './parse-dose-report';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('parseDoseReport on CT reports (TID 10011)', () => {
  it('reads DLP written as UCUM mGy.cm without a unit warning', () => {
    const p = parse(generateCtDoseReport(buildCtDoseReportSpec({ seed: 5, acquisitions: 3 })));
    expect(p.kind).toBe('ct');
    expect(p.ct!.totals.dlpTotalMGyCm).toEqual({ value: expect.any(Number), provenance: 'read' });
    expect(p.warnings.filter((w) => w.includes('not UCUM'))).toEqual([]);
  });

  it('reads DLP written as the non-UCUM mGycm (Siemens, GE) as mGy.cm, with one warning naming the alias', () => {
    const spec = buildCtDoseReportSpec({ seed: 5, acquisitions: 3, dlpUnit: 'mGycm' });
    const p = parse(generateCtDoseReport(spec));
    expect(p.ct!.totals.dlpTotalMGyCm).toEqual({ value: spec.dlpTotalMGyCm, provenance: 'converted', note: 'from mGycm' });
    expect(p.ct!.acquisitions.map((a) => a.dlpMGyCm?.value)).toEqual(spec.acquisitions.map((a) => a.dlpMGyCm));
    expect(p.warnings).toContain('unit "mGycm" is not UCUM; read as "mGy.cm" for 3 values of concept 113838 "DLP"');
    expect(p.warnings).toContain('unit "mGycm" is not UCUM; read as "mGy.cm" for 1 value of concept 113813 "CT Dose Length Product Total"');
  });
});

describe('parseDoseReport: patient size for the size-specific dose estimate', () => {
  it('reads Measured Lateral and AP Dimension of each CT Dose container (TID 10013), in mm', () => {
    const p = parse(generateCtDoseReport(buildCtDoseReportSpec({ seed: 6, acquisitions: 2, patientSizeMm: { lateral: 360, ap: 250 } })));
    for (const a of p.ct!.acquisitions) {
      expect(a.lateralDimensionMm).toEqual({ value: 360, provenance: 'read' });
      expect(a.apDimensionMm).toEqual({ value: 250, provenance: 'read' });
      expect(a.effectiveDiameterMm).toBeNull();
    }
  });

  it('leaves them null when neither the report nor the header gives them', () => {
    const a = parse(generateCtDoseReport(buildCtDoseReportSpec({ seed: 7, acquisitions: 1 }))).ct!.acquisitions[0]!;
    expect([a.lateralDimensionMm, a.apDimensionMm, a.effectiveDiameterMm]).toEqual([null, null, null]);
  });
});

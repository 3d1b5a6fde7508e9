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

import { buildRadiopharmaceuticalReportSpec, generateRadiopharmaceuticalDoseReport, generateNonDoseDicom } from '@kerma/testing';
import type { Procedure } from './model/procedure';
import { identifyDicomObject } from './identify-dicom-object';
import { parseDoseReport } from './parse-dose-report';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('parseDoseReport on Radiopharmaceutical Radiation Dose SRs (TID 10021)', () => {
  it('reads each administration: agent, radionuclide, activity in MBq, route, start and stop, organ and effective doses', () => {
    const spec = buildRadiopharmaceuticalReportSpec({ seed: 21 });
    const p = parse(generateRadiopharmaceuticalDoseReport(spec));
    const truth = spec.administrations[0]!;
    expect(p).toMatchObject({ kind: 'nuclear-medicine', source: 'rdsr', events: [], planes: [], ct: null, mammography: null });
    expect(p.study.sopClassKind).toBe('radiopharmaceutical-rdsr');
    expect(p.study.studyInstanceUid).toBe(spec.study.studyInstanceUid);
    const [a] = p.nuclearMedicine!.administrations;
    expect(a).toMatchObject({
      uid: truth.uid,
      agent: { scheme: 'SCT', value: '35321007' },
      radionuclide: { scheme: 'SCT', value: '77004003' },
      halfLifeS: { value: 6586.2, provenance: 'read' },
      administeredActivityMBq: { value: truth.administeredActivityMBq, provenance: 'read' },
      route: { value: '47625008', meaning: 'Intravenous route' },
      startDateTime: `${spec.study.date.slice(0, 4)}-${spec.study.date.slice(4, 6)}-${spec.study.date.slice(6, 8)}T09:15:00`,
      effectiveDoseMSv: { value: 4.75, provenance: 'read' },
    });
    expect(a!.stopDateTime).toMatch(/T09:15:30$/);
    expect(a!.organDoses.map((o) => [o.organ?.meaning, o.doseMGy.value])).toEqual([
      ['Urinary bladder', 32.5],
      ['Brain', 9.5],
    ]);
  });

  it.each([
    ['GBq', 'from GBq'],
    ['mCi', 'from mCi'],
    ['Bq', 'from Bq'],
  ] as const)('reads an activity written in %s as MBq through the unit table', (unit, note) => {
    const spec = buildRadiopharmaceuticalReportSpec({ seed: 22, activityUnit: unit });
    const a = parse(generateRadiopharmaceuticalDoseReport(spec)).nuclearMedicine!.administrations[0]!;
    expect(a.administeredActivityMBq!.value).toBeCloseTo(spec.administrations[0]!.administeredActivityMBq, 6);
    expect(a.administeredActivityMBq).toMatchObject({ provenance: 'converted', note });
  });

  it('leaves organ and effective doses empty and null when the report gives none (never 0)', () => {
    const a = parse(generateRadiopharmaceuticalDoseReport(buildRadiopharmaceuticalReportSpec({ seed: 23, withDoses: false }))).nuclearMedicine!
      .administrations[0]!;
    expect(a.organDoses).toEqual([]);
    expect(a.effectiveDoseMSv).toBeNull();
  });

  it('refuses a report without any administration, naming what is missing', () => {
    const spec = buildRadiopharmaceuticalReportSpec({ seed: 24 });
    const out = parseDoseReport(generateRadiopharmaceuticalDoseReport({ ...spec, administrations: [] }));
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-content', message: expect.stringContaining('no Radiopharmaceutical Administration') } });
  });

  it('is identified as a dose report at ingest; other SRs still are not', () => {
    const nm = identifyDicomObject(generateRadiopharmaceuticalDoseReport());
    expect(nm).toMatchObject({ ok: true, identity: { isDoseReport: true, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.68' } });
    expect(identifyDicomObject(generateNonDoseDicom('basic-text-sr'))).toMatchObject({ ok: true, identity: { isDoseReport: false } });
  });
});

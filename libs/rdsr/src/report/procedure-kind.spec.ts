import { generateMammographyReport, generateProjectionRadiographyReport, generateRdsr, procedureSpec } from '@kerma/testing';
import type { Procedure } from '../model/procedure';
import { parseDoseReport } from '../parse-dose-report';
import { procedureKind, type ReportedKindCodes } from './procedure-kind';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('procedureKind', () => {
  const noFluoro = parse(generateProjectionRadiographyReport());
  const withFluoro = parse(generateRdsr(procedureSpec({ seed: 3, events: 8, fluoroFraction: 0.6 })));
  const mammo = parse(generateMammographyReport());
  const kind = (p: Procedure, reportedProcedure: ReportedKindCodes['reportedProcedure'], acquisitionDeviceType: ReportedKindCodes['acquisitionDeviceType']) =>
    procedureKind({ reportedProcedure, acquisitionDeviceType }, { hasCtContent: false, planes: p.planes, events: p.events, mammography: p.mammography });

  it('reads fluoroscopy from the content whatever the codes say, and warns about a disagreeing code', () => {
    expect(kind(withFluoro, 'radiography', 'fluoroscopy-guided')).toEqual({
      kind: 'projection-xray',
      warnings: [expect.stringMatching(/^Procedure Reported \(radiography\) disagrees with the report's \d+ fluoroscopy events; read as projection-xray$/)],
    });
    expect(kind(withFluoro, 'projection-xray', 'integrated').kind).toBe('projection-xray');
    expect(kind(withFluoro, 'projection-xray', 'cassette-based').warnings[0]).toMatch(/^Acquisition Device Type \(cassette-based\) disagrees/);
    expect(kind(withFluoro, 'fluoroscopy', 'fluoroscopy-guided')).toEqual({ kind: 'projection-xray', warnings: [] });
  });

  it('counts fluoroscopy totals without fluoroscopy events, and a second plane, as fluoroscopy', () => {
    const totalsOnly = { ...noFluoro, planes: noFluoro.planes.map((p) => ({ ...p, fluoroTimeTotalS: { value: 12, provenance: 'read' as const } })) };
    expect(kind(totalsOnly, 'radiography', null).kind).toBe('projection-xray');
    const biplane = { ...noFluoro, planes: [...noFluoro.planes, { ...noFluoro.planes[0]!, plane: 'B' as const }] };
    expect(kind(biplane, 'projection-xray', null).kind).toBe('projection-xray');
  });

  it('reads mammography from its glandular doses, and the codes decide for content without fluoroscopy', () => {
    expect(kind(mammo, 'projection-xray', null)).toEqual({ kind: 'mammography', warnings: [] });
    expect(kind(noFluoro, 'mammography', 'integrated').kind).toBe('mammography');
    expect(kind(noFluoro, 'fluoroscopy', null).kind).toBe('projection-xray');
    expect(kind(noFluoro, 'projection-xray', 'integrated').kind).toBe('radiography');
    expect(kind(noFluoro, 'projection-xray', 'fluoroscopy-guided').kind).toBe('projection-xray');
  });

  it('falls back to radiography for projection events without fluoroscopy when no code decides', () => {
    expect(kind(noFluoro, 'projection-xray', null).kind).toBe('radiography');
    expect(kind(noFluoro, 'unknown', 'other').kind).toBe('radiography');
  });

  it('lets CT content decide', () => {
    expect(
      procedureKind({ reportedProcedure: 'projection-xray', acquisitionDeviceType: null }, { hasCtContent: true, planes: [], events: [], mammography: null })
        .kind,
    ).toBe('ct');
  });
});

describe('a Philips Azurion fluoroscopy report', () => {
  // The Azurion flavour writes Procedure reported Projection X-Ray with Acquisition Device Type
  // "Integrated Projection Radiography System", which alone reads as radiography.
  const azurion = parse(generateRdsr(procedureSpec({ vendor: 'philips-azurion', seed: 41, events: 10, fluoroFraction: 0.7 })));

  it('is fluoroscopy (projection-xray), with a warning that the device type says otherwise', () => {
    expect(azurion.events.some((e) => e.type === 'fluoroscopy')).toBe(true);
    expect(azurion.kind).toBe('projection-xray');
    expect(azurion.warnings).toContainEqual(
      expect.stringMatching(/^Acquisition Device Type \(integrated\) disagrees with the report's \d+ fluoroscopy events; read as projection-xray$/),
    );
  });
});

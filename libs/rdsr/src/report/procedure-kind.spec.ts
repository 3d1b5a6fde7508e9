import { generateProjectionRadiographyReport, generateRdsr, procedureSpec } from '@kerma/testing';
import type { Procedure } from '../model/procedure';
import { parseDoseReport } from '../parse-dose-report';
import { procedureKind } from './procedure-kind';

function parse(bytes: Uint8Array): Procedure {
  const out = parseDoseReport(bytes);
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('procedureKind', () => {
  const noFluoro = parse(generateProjectionRadiographyReport());
  const withFluoro = parse(generateRdsr(procedureSpec({ seed: 3, events: 8, fluoroFraction: 0.6 })));
  const kind = (p: Procedure, reportedProcedure: Parameters<typeof procedureKind>[0]['reportedProcedure'], acquisitionDeviceType: Parameters<typeof procedureKind>[0]['acquisitionDeviceType']) =>
    procedureKind({ reportedProcedure, acquisitionDeviceType }, p.planes, p.events);

  it('lets Procedure Reported decide over device type and content', () => {
    expect(kind(withFluoro, 'radiography', 'fluoroscopy-guided')).toBe('radiography');
    expect(kind(noFluoro, 'mammography', 'integrated')).toBe('mammography');
    expect(kind(noFluoro, 'fluoroscopy', null)).toBe('projection-xray');
  });

  it('lets Acquisition Device Type decide for Projection X-Ray, whatever the content', () => {
    expect(kind(withFluoro, 'projection-xray', 'integrated')).toBe('radiography');
    expect(kind(withFluoro, 'projection-xray', 'cassette-based')).toBe('radiography');
    expect(kind(noFluoro, 'projection-xray', 'fluoroscopy-guided')).toBe('projection-xray');
  });

  it('falls back to the fluoroscopy heuristic when no code decides', () => {
    expect(kind(noFluoro, 'projection-xray', null)).toBe('radiography');
    expect(kind(withFluoro, 'projection-xray', 'other')).toBe('projection-xray');
    expect(kind(noFluoro, 'unknown', null)).toBe('radiography');
  });
});

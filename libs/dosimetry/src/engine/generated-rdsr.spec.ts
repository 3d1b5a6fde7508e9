import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec, type RdsrVendor } from '@kerma/testing';
import { computeSkinDose } from '../index';

function procedureOf(vendor: RdsrVendor, events: number): Procedure {
  const out = parseDoseReport(generateRdsr(procedureSpec({ seed: 3, vendor, events })));
  if (!out.ok) throw new Error(out.error.message);
  return out.procedure;
}

describe('computeSkinDose on generated RDSRs (generator → parser → engine)', () => {
  it('places a Siemens procedure with the Siemens profile and keeps PSD below the Σ Ka,r bound', () => {
    const p = procedureOf('siemens', 40);
    const r = computeSkinDose(p, { phantom: 'cylinder' });
    const sumKar = p.events.reduce((s, e) => s + (e.doseRpGy?.value ?? 0), 0);
    expect(r.profile.id).toBe('siemens-artis');
    expect(r.method).toBe('ray-trace');
    expect(r.psdGy).toBeGreaterThan(0);
    // Skin is at most ~20 cm nearer the source than the reference point and B·f < 1.8.
    expect(r.psdGy).toBeLessThan(sumKar * 1.8 * (60 / 40) ** 2);
    expect(r.kermaRpTotalGy).toBeCloseTo(sumKar, 9);
  });

  it('flags a mobile C-arm without angles instead of failing', () => {
    const p = procedureOf('ge-oec', 10);
    const r = computeSkinDose(p);
    expect(r.assumptions.map((a) => a.code)).toContain('geometry-unavailable');
    expect(r.psdGy).toBeGreaterThan(0);
    // OEC: mobile by its model name; Distance Source to Reference Point 700 mm; bound at 30 cm.
    expect(r.withoutGeometry?.deviceClass).toBe('mobile');
    expect(r.psdUpperBoundGy! / r.psdGy).toBeCloseTo((700 / 300) ** 2, 6);
  });
});

import { parseDoseReport, type Procedure } from '@kerma/rdsr';
import { generateRdsr, procedureSpec } from '@kerma/testing';
import { computeSkinDose, selectProfile } from '../index';
import { testEvent, testProcedure } from '../../test/procedure-builder';

const device = (manufacturer: string | null, modelName: string | null) => testProcedure({ manufacturer, modelName, events: [] }).device;

describe('profile selection on manufacturer or model name', () => {
  it.each([
    ['Philips', 'Allura Xper', 'philips-allura', 'matched'],
    ['PHILIPS  Medical Systems', 'ALLURA-XPER FD20', 'philips-allura', 'matched'],
    [null, 'Allura Xper', 'philips-allura', 'model-only'],
    ['Koninklijke P.', 'Azurion 7 M20', 'philips-azurion', 'model-only'],
    ['SIEMENS ', null, 'siemens-artis', 'manufacturer-only'],
    ['Philips', null, 'generic', 'fallback'],
    [null, null, 'generic', 'fallback'],
    ['GE Healthcare', 'Innova IGS 530', 'generic', 'fallback'],
    ['CANON_MEC', 'DFP-8000D', 'canon-alphenix', 'matched'],
  ])('manufacturer %p, model %p → %s (%s)', (manufacturer, model, id, how) => {
    const s = selectProfile(device(manufacturer, model));
    expect([s.profile.id, s.how]).toEqual([id, how]);
  });

  it('says which names decided and why the generic profile was used', () => {
    expect(selectProfile(device('Philips', null)).basis).toMatch(/matches several profiles \(philips-allura, philips-azurion\)/);
    expect(selectProfile(device(null, 'Allura Xper')).basis).toBe('manufacturer not reported, model "Allura Xper": chosen on the model name alone');
  });

  it('lists the fallback in the assumptions and widens the uncertainty', () => {
    // Angled beams and table travel: the geometry the profiles disagree on (axes, signs) decides where the fields overlap.
    const events = () => [
      testEvent({ kermaGy: 1, primaryDeg: 0, secondaryDeg: 30, tableLongitudinalMm: 0 }),
      testEvent({ kermaGy: 1, primaryDeg: 0, secondaryDeg: 0, tableLongitudinalMm: 120 }),
      testEvent({ kermaGy: 1, primaryDeg: 0, secondaryDeg: 0, tableLongitudinalMm: -120 }),
      testEvent({ kermaGy: 1, primaryDeg: 30, secondaryDeg: 0, tableLateralMm: 60 }),
    ];
    const known = computeSkinDose(testProcedure({ manufacturer: 'Philips', modelName: 'Allura Xper', events: events() }));
    const byModel = computeSkinDose(testProcedure({ manufacturer: null, modelName: 'Allura Xper', events: events() }));
    const generic = computeSkinDose(testProcedure({ manufacturer: null, modelName: null, events: events() }));
    expect(known.assumptions.map((a) => a.code)).not.toEqual(expect.arrayContaining(['profile-fallback']));
    expect(byModel.assumptions.map((a) => a.code)).toContain('profile-partial-match');
    expect(generic.assumptions.find((a) => a.code === 'profile-fallback')?.message).toMatch(/generic geometry profile used/);
    // Inputs shared by the three studies get the same draws, so the comparison is not sampling noise.
    expect(byModel.uncertainty.expandedRelative).toBeGreaterThanOrEqual(known.uncertainty.expandedRelative);
    expect(generic.uncertainty.expandedRelative).toBeGreaterThan(known.uncertainty.expandedRelative);
    expect(known.uncertainty.budget.map((c) => c.component)).not.toContain('geometry profile');
    expect(generic.uncertainty.dominant[0]).toBe('geometry profile');
  });

  it('gives a report without Manufacturer, model "Allura Xper" only in the Device Observer context, the Allura result', () => {
    const parsed = parseDoseReport(generateRdsr(procedureSpec({ seed: 21, vendor: 'philips-allura', events: 60, tableTravelMm: 400 })));
    if (!parsed.ok) throw new Error(parsed.error.message);
    const full = parsed.procedure;
    const stripped: Procedure = { ...full, device: { ...full.device, manufacturer: null, filledFromObserverContext: ['modelName'] } };
    const withName = computeSkinDose(full);
    const withoutManufacturer = computeSkinDose(stripped);
    expect(withoutManufacturer.profile.id).toBe('philips-allura');
    expect(withoutManufacturer.psdGy).toBeCloseTo(withName.psdGy, 12);
    expect(withoutManufacturer.assumptions.map((a) => a.code)).toContain('profile-partial-match');
  });
});

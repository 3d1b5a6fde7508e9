import type { Coded } from '@kerma/rdsr';
import { computeSkinDose } from '../index';
import { testEvent, testProcedure, type EventSpec } from '../../test/procedure-builder';
import { checkAngleRange } from '../geometry';

const sct = (value: string, meaning: string): Coded => ({ scheme: 'SCT', value, meaning });
const withTarget = (targetRegion: Coded | null, spec: EventSpec = {}) => ({ ...testEvent({ kermaGy: 1, ...spec }), targetRegion });

describe('out-of-range positioner angles (PS3.3: primary ±180°, secondary ±90°)', () => {
  it('excludes the geometry of an event with a secondary angle of 183°, listing the reason', () => {
    const r = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1 }), testEvent({ kermaGy: 0.5, secondaryDeg: 183 })] }));
    expect(r.withoutGeometry?.events).toEqual([{ index: 1, reason: 'secondary angle 183° outside the DICOM PS3.3 range −90…+90°' }]);
    expect(r.assumptions.find((a) => a.code === 'angle-out-of-range')?.eventCount).toBe(1);
    expect(r.method).toBe('ray-trace');
  });

  it('uses a primary angle of 270° as −90°, flagged', () => {
    const wrapped = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1, primaryDeg: 270 })] }), { phantom: 'cylinder' });
    const plain = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1, primaryDeg: -90 })] }), { phantom: 'cylinder' });
    expect(wrapped.psdGy).toBeCloseTo(plain.psdGy, 9);
    expect(wrapped.psdLocation).toEqual(plain.psdLocation);
    expect(wrapped.assumptions.find((a) => a.code === 'angle-out-of-range')?.message).toMatch(/270° .* same direction as -90°/);
  });

  it('accepts the limits themselves', () => {
    expect(checkAngleRange({ primaryDeg: -180, secondaryDeg: 90, primaryEndDeg: 180, secondaryEndDeg: -90 })).toEqual({ exclude: null, note: null });
    expect(checkAngleRange({ primaryDeg: 400, secondaryDeg: 0, primaryEndDeg: null, secondaryEndDeg: null }).exclude).toMatch(/more than a full turn/);
    expect(checkAngleRange({ primaryDeg: 0, secondaryDeg: 0, primaryEndDeg: null, secondaryEndDeg: -95 }).exclude).toMatch(/secondary end angle -95°/);
  });
});

describe('target regions on the phantom', () => {
  it.each([
    ['69536005', 'Head', 'head'],
    ['45048000', 'Neck', 'neck'],
    ['80891009', 'Heart', 'chest'],
    ['10200004', 'Liver', 'abdomen'],
    ['816092008', 'Pelvis', 'pelvis'],
  ])('%s %s anchors the isocenter at the %s', (value, meaning, target) => {
    const r = computeSkinDose(testProcedure({ events: [withTarget(sct(value, meaning))] }));
    expect(r.assumptions.find((a) => a.code === 'isocenter-anchored')?.message).toContain(`at the ${target} of the phantom`);
  });

  it('puts a head event on the head and a pelvis event on the lower trunk', () => {
    expect(computeSkinDose(testProcedure({ events: [withTarget(sct('69536005', 'Head'))] })).psdLocation?.region).toBe('head');
    expect(computeSkinDose(testProcedure({ events: [withTarget(sct('816092008', 'Pelvis'))] })).psdLocation?.region).toMatch(/lower/);
  });

  it.each([
    ['72696002', 'Knee'],
    ['30021000', 'Lower leg'],
    ['56459004', 'Foot'],
    ['53120007', 'Arm'],
    ['85562004', 'Hand'],
  ])('does not trace a %s (%s) event onto the trunk: it says the region is outside the phantom', (value, meaning) => {
    const r = computeSkinDose(testProcedure({ events: [withTarget(sct(value, meaning))] }));
    expect(r.method).toBe('geometry-unavailable');
    expect(r.doseMap).toBeNull();
    expect(r.withoutGeometry?.events[0].reason).toBe(`target region "${meaning}" (SCT ${value}) is not on the phantom (head and trunk only, no arms or legs)`);
    expect(r.assumptions.map((a) => a.message).join(' ')).not.toMatch(/no target region coded/);
  });

  it('says "Entire body" locates nothing instead of claiming no region was coded', () => {
    const r = computeSkinDose(testProcedure({ events: [withTarget(sct('38266002', 'Entire body'))] }));
    expect(r.assumptions.find((a) => a.code === 'isocenter-anchored')?.message).toContain(
      'chest (target region "Entire body" (SCT 38266002) locates no part of the phantom)',
    );
    expect(computeSkinDose(testProcedure({ events: [withTarget(null)] })).assumptions.find((a) => a.code === 'isocenter-anchored')?.message).toContain(
      'no target region coded',
    );
  });

  it('traces a knee event on the film sheet, which stands for any skin', () => {
    expect(computeSkinDose(testProcedure({ events: [withTarget(sct('72696002', 'Knee'))] }), { phantom: 'plane' }).method).toBe('ray-trace');
  });
});

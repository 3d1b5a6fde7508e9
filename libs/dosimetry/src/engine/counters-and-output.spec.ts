import type { XRayFilter } from '@kerma/rdsr';
import { computeSkinDose, presentSkinDoseResult, roundForOutput } from '../index';
import { testEvent, testProcedure } from '../../test/procedure-builder';

const ranged = (materialName: 'copper' | 'aluminum', lo: number, hi: number): XRayFilter => ({
  type: null,
  material: null,
  materialName,
  thicknessMinMm: { value: lo, provenance: 'read' },
  thicknessMaxMm: { value: hi, provenance: 'read' },
});

describe('assumption counters count events', () => {
  it('counts an event without DSI and DSD once under distance-defaulted', () => {
    const r = computeSkinDose(
      testProcedure({ events: [1, 2, 3].map(() => testEvent({ distanceSourceToIsocenterMm: null, distanceSourceToDetectorMm: null })) }),
    );
    expect(r.assumptions.find((a) => a.code === 'distance-defaulted')?.eventCount).toBe(3);
  });

  it('counts an event with two ranged filters once under filter-thickness-range', () => {
    const events = [1, 2].map(() => ({ ...testEvent(), filters: [ranged('aluminum', 0, 1), ranged('copper', 0, 0.4)] }));
    const r = computeSkinDose(testProcedure({ events }));
    expect(r.assumptions.find((a) => a.code === 'filter-thickness-range')?.eventCount).toBe(2);
  });
});

describe('figures shown are rounded at the output, not in the physics', () => {
  it('rounds to 4 significant digits and leaves integers alone', () => {
    expect(roundForOutput(12.659600000000003)).toBe(12.66);
    expect(roundForOutput(0.0005428936821598185)).toBe(0.0005429);
    expect(roundForOutput(8206)).toBe(8206);
    expect(roundForOutput(123456)).toBe(123456);
  });

  it('rounds every number of a result but keeps the map and the engine result itself exact', () => {
    const r = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 0.0123456789 })] }));
    const shown = presentSkinDoseResult(r);
    expect(shown.psdGy).toBe(Number(r.psdGy.toPrecision(4)));
    expect(shown.uncertainty.expandedRelative).toBe(Number(r.uncertainty.expandedRelative.toPrecision(4)));
    expect(shown.phantom.cellCount).toBe(r.phantom.cellCount);
    expect(shown.doseMap).toBe(r.doseMap);
    expect(Number(r.psdGy.toPrecision(4))).not.toBe(r.psdGy);
  });
});

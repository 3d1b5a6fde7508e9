import { computeSkinDose, validateProfile, GENERIC_PROFILE, type GeometryProfile } from '../index';
import { testEvent, testProcedure, type EventSpec } from '../../test/procedure-builder';
import { backscatterFactor, estimateHvl, mediumCorrection } from '../physics';

/** A calibrated profile: with all table positions 0 the isocenter is 10 cm above the mattress at (5, −605). */
const CALIBRATED: GeometryProfile = {
  ...GENERIC_PROFILE,
  id: 'test-calibrated',
  match: { manufacturer: '^Test Vendor$', model: '.*' },
  isocenter: { mode: 'table-origin', isocenterAtZeroMm: { x: 5, y: -605, z: 100 } },
  table: { ...GENERIC_PROFILE.table, transmission: { kind: 'measured', source: 'test', points: [{ kvp: 80, cuMm: 0, transmission: 0.7 }] } },
};

const single = (spec: EventSpec = {}, phantom: 'plane' | 'cylinder' | 'human' = 'plane') =>
  computeSkinDose(testProcedure({ events: [testEvent(spec)] }), { phantom, profiles: [CALIBRATED] });

/** BSF × f for an 80 kV beam with 3.1 mm Al, no Cu, at a field side in cm. */
function bsfTimesF(fieldSideCm: number): number {
  const hvl = estimateHvl(80, 3.1, 0).hvlMmAl;
  return backscatterFactor(80, hvl, fieldSideCm) * mediumCorrection(80, hvl);
}

describe('computeSkinDose: known answers on the flat phantom', () => {
  it('a single perpendicular under-table event gives Ka,r × (d_ref/d_skin)² × BSF × f × T', () => {
    const r = single({ kermaGy: 1 });
    // DSI 750, isocenter 100 mm above the film → film 650 mm from the source; reference point 600 mm.
    const dSkin = 650;
    const fieldSideCm = (200 * dSkin) / 1100 / 10; // 0.04 m² at the 1100 mm detector
    const expected = 1 * (600 / dSkin) ** 2 * bsfTimesF(fieldSideCm) * 0.7;
    expect(r.psdGy).toBeCloseTo(expected, 6);
    expect(r.profile).toMatchObject({ id: 'test-calibrated', version: '1.0.0', selectedBy: 'matched' });
  });

  it('applies the table transmission only to beams from under the table', () => {
    const over = single({ kermaGy: 1, primaryDeg: 180 });
    const dSkin = 850; // source 750 mm above an isocenter 100 mm above the film
    const fieldSideCm = (200 * dSkin) / 1100 / 10;
    expect(over.psdGy).toBeCloseTo(1 * (600 / dSkin) ** 2 * bsfTimesF(fieldSideCm), 6);
  });

  it('deposits the dose of a field smaller than a cell instead of losing it between cell centres', () => {
    const pencil = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1, fieldAreaM2: 0.00024, dapGyM2: 0.00024 * (600 / 1100) ** 2 })] }), {
      phantom: 'cylinder',
    });
    expect(pencil.psdGy).toBeGreaterThan(0.5);
  });

  it('is linear in Ka,r', () => {
    expect(single({ kermaGy: 2.5 }).psdGy).toBeCloseTo(2.5 * single({ kermaGy: 1 }).psdGy, 9);
  });

  it('adds overlapping events and does not add disjoint ones', () => {
    const one = single({ kermaGy: 1 }).psdGy;
    const twice = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1 }), testEvent({ kermaGy: 1 })] }), {
      phantom: 'plane',
      profiles: [CALIBRATED],
    });
    expect(twice.psdGy).toBeCloseTo(2 * one, 9);
    const apart = computeSkinDose(
      testProcedure({ events: [testEvent({ kermaGy: 1, tableLongitudinalMm: 0 }), testEvent({ kermaGy: 1, tableLongitudinalMm: 300 })] }),
      { phantom: 'plane', profiles: [CALIBRATED] },
    );
    expect(apart.psdGy).toBeCloseTo(one, 9);
    expect(apart.areaAtOrAboveCm2.gy2).toBe(0);
  });
});

describe('computeSkinDose: geometry on body phantoms', () => {
  it.each([
    [0, 'posterior'],
    [180, 'anterior'],
    [90, 'right side'],
    [-90, 'left side'],
  ])('primary angle %d° puts the peak on the %s', (primaryDeg, surface) => {
    const r = single({ primaryDeg, kermaGy: 1 }, 'cylinder');
    expect(r.psdLocation?.region.startsWith(surface)).toBe(true);
  });

  it('spreads a rotational run along the arc', () => {
    const still = computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1, type: 'rotational', primaryDeg: -90 })] }), { phantom: 'cylinder' });
    const run = computeSkinDose(
      testProcedure({ events: [testEvent({ kermaGy: 1, type: 'rotational', primaryDeg: -90, primaryEndDeg: 90, numberOfPulses: 181 })] }),
      { phantom: 'cylinder' },
    );
    const exposed = (m: Float32Array): number => m.filter((v) => v > 0).length;
    expect(run.psdGy).toBeLessThan(still.psdGy / 3);
    expect(exposed(run.doseMap!.doseGy)).toBeGreaterThan(3 * exposed(still.doseMap!.doseGy));
    expect(still.assumptions.map((a) => a.code)).toContain('rotation-end-angle-missing');
  });

  it('gives each plane of a biplane system its own source and contribution', () => {
    const r = computeSkinDose(
      testProcedure({ events: [testEvent({ plane: 'A', kermaGy: 1, primaryDeg: 0 }), testEvent({ plane: 'B', kermaGy: 0.5, primaryDeg: 90 })] }),
      { phantom: 'human' },
    );
    expect(r.planes.map((p) => [p.plane, p.eventCount])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    const [a, b] = r.planes;
    expect(b.psdGy).toBeLessThan(a.psdGy);
    expect(r.psdGy).toBeCloseTo(a.psdGy, 9);
    expect(r.kermaRpTotalGy).toBeCloseTo(1.5, 12);
  });

  it('lays a prone patient with the anterior side down (angles are patient-relative, DICOM PS3.3)', () => {
    // Detector toward the posterior (180°) is up for a prone patient: the source is under the table.
    const r = single({ primaryDeg: 180, position: 'HFP' }, 'cylinder');
    expect(r.psdLocation?.region.startsWith('anterior')).toBe(true);
    expect(r.phantom.patientPosition).toBe('HFP');
  });

  it('flags assumed height and mass of the human phantom, and uses reported ones', () => {
    const assumed = single({}, 'human');
    expect(assumed.assumptions.map((a) => a.code)).toEqual(expect.arrayContaining(['patient-height-assumed', 'patient-mass-assumed']));
    const reported = computeSkinDose(testProcedure({ heightM: 1.6, massKg: 90, events: [testEvent()] }), { phantom: 'human' });
    expect(reported.phantom).toMatchObject({ heightM: 1.6, massKg: 90 });
    expect(reported.assumptions.map((a) => a.code)).not.toContain('patient-height-assumed');
  });
});

describe('computeSkinDose: reference point', () => {
  const dRefOf = (spec: EventSpec): number => Math.sqrt(single({ kermaGy: 1, ...spec }).psdGy / single({ kermaGy: 1 }).psdGy) * 600;

  it('reads the free-text Philips form and the 30 cm image-receptor code', () => {
    expect(dRefOf({ referencePointCode: null, referencePointText: '15cm below BeamIsocenter' })).toBeCloseTo(600, 6);
    expect(dRefOf({ referencePointCode: '113861' })).toBeCloseTo(1100 - 300, 6);
    expect(dRefOf({ referencePointCode: null, referencePointText: '530 mm from tube focus towards detector' })).toBeCloseTo(530, 6);
  });

  it('prefers Distance Source to Reference Point and defaults to 15 cm only as a flagged assumption', () => {
    expect(dRefOf({ referencePointCode: null, referencePointText: '26.0 cm Chamber Patient Distance', distanceSourceToReferencePointMm: 490 })).toBeCloseTo(
      490,
      6,
    );
    const defaulted = single({ referencePointCode: null, referencePointText: '26.0 cm Chamber Patient Distance' });
    expect(defaulted.assumptions.map((a) => a.code)).toContain('reference-point-defaulted');
    expect(single({}).assumptions.map((a) => a.code)).not.toContain('reference-point-defaulted');
  });
});

describe('computeSkinDose: missing geometry and bad units', () => {
  it('estimates events without angles at the reference point, flagged, without a map, with an upper bound', () => {
    const r = computeSkinDose(
      testProcedure({
        events: [testEvent({ primaryDeg: null, kermaGy: 0.4, dapGyM2: 0.4 * 0.01 }), testEvent({ primaryDeg: null, kermaGy: 0.6, dapGyM2: 0.6 * 0.01 })],
      }),
    );
    expect(r.method).toBe('geometry-unavailable');
    expect(r.doseMap).toBeNull();
    expect(r.psdLocation).toBeNull();
    expect(r.assumptions.find((a) => a.code === 'geometry-unavailable')?.eventCount).toBe(2);
    expect(r.psdGy).toBeCloseTo(1 * bsfTimesF(10), 6); // 1 Gy, 10 cm field at the reference point
    // Generic profile, device class unknown: the mobile limit, 30 cm; reference point 750 − 150 = 600 mm.
    expect(r.withoutGeometry).toMatchObject({ eventCount: 2, deviceClass: 'unknown', minimumSourceSkinDistanceMm: 300 });
    expect(r.psdUpperBoundGy).toBeCloseTo(1 * bsfTimesF(10) * (600 / 300) ** 2, 6);
    expect(r.assumptions.map((a) => a.code)).toContain('skin-distance-unknown');
  });

  it('bounds a fixed unit at 38 cm and a mobile C-arm at 30 cm from the source', () => {
    const noAngles = [testEvent({ primaryDeg: null, kermaGy: 1, dapGyM2: 0.01, distanceSourceToReferencePointMm: 700 })];
    const fixed = computeSkinDose(testProcedure({ manufacturer: 'Siemens', modelName: 'AXIOM-Artis', events: noAngles }));
    const mobile = computeSkinDose(testProcedure({ manufacturer: 'GE OEC Medical Systems', modelName: 'OEC Elite', events: noAngles }));
    expect([fixed.withoutGeometry?.deviceClass, fixed.withoutGeometry?.minimumSourceSkinDistanceMm]).toEqual(['fixed', 380]);
    expect([mobile.withoutGeometry?.deviceClass, mobile.withoutGeometry?.minimumSourceSkinDistanceMm]).toEqual(['mobile', 300]);
    expect(mobile.psdUpperBoundGy! / mobile.psdGy).toBeCloseTo((700 / 300) ** 2, 9);
    expect(fixed.psdUpperBoundGy! / fixed.psdGy).toBeCloseTo((700 / 380) ** 2, 9);
    expect(mobile.withoutGeometry?.basis).toMatch(/21 CFR 1020\.32/);
  });

  it('has no PSD upper bound when the PSD was ray-traced', () => {
    expect(single({ kermaGy: 1 }).psdUpperBoundGy).toBeNull();
    expect(single({ kermaGy: 1 }).withoutGeometry).toBeNull();
  });

  it('flags Ka,r in mGy written as Gy through the DAP / Ka,r relation', () => {
    const sane = single({ kermaGy: 0.01, dapGyM2: 1.2e-4 });
    const slipped = single({ kermaGy: 10, dapGyM2: 1.2e-4 });
    expect(sane.sanity.status).toBe('ok');
    expect(slipped.sanity.status).toBe('suspect');
    expect(slipped.sanity.findings.map((f) => f.code)).toContain('kar-too-large-for-dap');
  });

  it('rejects impossible options with the option named', () => {
    expect(() => computeSkinDose(testProcedure({ events: [] }), { tableTransmission: 1.4 })).toThrow(/tableTransmission/);
    expect(() => computeSkinDose(testProcedure({ events: [] }), { cellSizeMm: 20 })).toThrow(/cellSizeMm/);
  });
});

describe('profiles', () => {
  it('accepts every built-in profile', () => {
    expect(validateProfile(GENERIC_PROFILE).ok).toBe(true);
  });

  it('rejects an impossible profile, naming the field', () => {
    const bad = {
      ...GENERIC_PROFILE,
      id: 'bad',
      table: { ...GENERIC_PROFILE.table, transmission: { kind: 'measured', source: 'x', points: [{ kvp: 80, cuMm: 0, transmission: 1.5 }] } },
    };
    const v = validateProfile(bad);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.error.issues.map((i) => i.field)).toEqual(['table.transmission.points[0].transmission']);
    const inverted = validateProfile({ ...GENERIC_PROFILE, defaults: { ...GENERIC_PROFILE.defaults, distanceSourceToDetectorMm: 500 } });
    expect(!inverted.ok && inverted.error.message).toMatch(/defaults\.distanceSourceToDetectorMm/);
    const regex = validateProfile({ ...GENERIC_PROFILE, match: { manufacturer: 'x', model: '(' } });
    expect(!regex.ok && regex.error.message).toMatch(/match\.model is not a valid regular expression/);
  });

  it('lets a configured profile override the built-ins and records its id and version', () => {
    const custom = { ...CALIBRATED, id: 'site-room-3', version: '2.1.0', match: { manufacturer: 'siemens', model: 'artis' } };
    const r = computeSkinDose(testProcedure({ manufacturer: 'Siemens', modelName: 'AXIOM-Artis', events: [testEvent()] }), { profiles: [custom] });
    expect(r.profile).toMatchObject({ id: 'site-room-3', version: '2.1.0', selectedBy: 'matched' });
    const builtin = computeSkinDose(testProcedure({ manufacturer: 'Siemens', modelName: 'AXIOM-Artis', events: [testEvent()] }));
    expect(builtin.profile.id).toBe('siemens-artis');
    expect(computeSkinDose(testProcedure({ manufacturer: 'GE', modelName: 'Innova', events: [testEvent()] })).profile.selectedBy).toBe('fallback');
  });
});

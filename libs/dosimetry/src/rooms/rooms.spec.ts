import { computeSkinDose, GENERIC_PROFILE, validateRoomProfile, type GeometryProfile, type RoomContext, type RoomProfileInput } from '../index';
import { testEvent, testProcedure, type EventSpec } from '../../test/procedure-builder';
import { backscatterFactor, estimateHvl, mediumCorrection } from '../physics';
import { normalIncidenceTransmission } from './corrections';

/** Calibrated model profile (as in compute-skin-dose.spec): isocenter 100 mm above the mattress, table 0.7. */
const CALIBRATED: GeometryProfile = {
  ...GENERIC_PROFILE,
  id: 'test-calibrated',
  match: { manufacturer: '^Test Vendor$', model: '.*' },
  isocenter: { mode: 'table-origin', isocenterAtZeroMm: { x: 5, y: -605, z: 100 } },
  table: { ...GENERIC_PROFILE.table, transmission: { kind: 'measured', source: 'test', points: [{ kvp: 80, cuMm: 0, transmission: 0.7 }] } },
};

function room(input: RoomProfileInput | null, version = 3): RoomContext {
  if (input === null) return { id: '1.2.826.0.1.3680043.2.1', profileVersion: null, profile: null };
  const v = validateRoomProfile(input);
  if (!v.ok) throw v.error;
  return { id: '1.2.826.0.1.3680043.2.1', profileVersion: version, profile: v.profile };
}

const psd = (r: RoomContext | undefined, spec: EventSpec = {}, profiles: GeometryProfile[] = [CALIBRATED]) =>
  computeSkinDose(testProcedure({ events: [testEvent({ kermaGy: 1, ...spec })] }), { phantom: 'plane', profiles, room: r });

/** BSF × f for an 80 kV beam, no Cu, at a field side in cm, with a given HVL. */
const bsfTimesF = (fieldSideCm: number, hvl = estimateHvl(80, 3.1, 0).hvlMmAl) => backscatterFactor(80, hvl, fieldSideCm) * mediumCorrection(80, hvl);
const UNDER = { dSkin: 650, fieldSideCm: (200 * 650) / 1100 / 10 };

describe('room profile over the model profile', () => {
  it('a Ka,r/KAP correction factor 0.9 scales the PSD by 0.9 (and the Ka,r the result reports)', () => {
    const base = psd(undefined);
    const corrected = psd(room({ kermaCorrection: { points: [{ kvp: 80, factor: 0.9 }], vendorValueIncludesTable: false } }));
    expect(corrected.psdGy).toBeCloseTo(0.9 * base.psdGy, 9);
    expect(corrected.kermaRpTotalGy).toBeCloseTo(0.9, 9);
  });

  it('reconciles the device total on the displayed basis: a commissioned factor is not a missing dose', () => {
    const procedure = testProcedure({ events: [testEvent({ kermaGy: 1 }), testEvent({ kermaGy: 1, primaryDeg: 180 })], doseRpTotalGy: { single: 2 } });
    const r = room({ kermaCorrection: { points: [{ kvp: 80, factor: 0.9 }], vendorValueIncludesTable: false } });
    const result = computeSkinDose(procedure, { phantom: 'plane', profiles: [CALIBRATED], room: r });
    expect(result.kermaRpTotalGy).toBeCloseTo(1.8, 9);
    expect(result.kermaReconciliation).toEqual([{ plane: 'single', deviceTotalGy: 2, eventSumGy: 2, missingFraction: 0 }]);
    expect(result.sanity.findings.map((f) => f.code)).not.toContain('event-kerma-below-device-total');
  });

  it('interpolates the factor in kV between measured qualities', () => {
    const r = room({
      kermaCorrection: {
        points: [
          { kvp: 70, factor: 0.8 },
          { kvp: 90, factor: 1.0 },
        ],
        vendorValueIncludesTable: false,
      },
    });
    expect(psd(r).psdGy).toBeCloseTo(0.9 * psd(undefined).psdGy, 9);
  });

  it('uses the measured table + mattress transmission for beams from under the table, not for beams from above', () => {
    const r = room({ supportTransmission: { layers: 'table+mattress', points: [{ kvp: 80, transmission: 0.6 }] } });
    expect(psd(r).psdGy).toBeCloseTo((600 / UNDER.dSkin) ** 2 * bsfTimesF(UNDER.fieldSideCm) * 0.6, 6);
    expect(psd(r, { primaryDeg: 180 }).psdGy).toBeCloseTo(psd(undefined, { primaryDeg: 180 }).psdGy, 9);
  });

  it('converts a transmission measured at oblique incidence to normal incidence (Beer–Lambert: T₀ = T(θ)^cos θ)', () => {
    expect(normalIncidenceTransmission(0.5, 60)).toBeCloseTo(Math.SQRT1_2, 9);
    const oblique = room({ supportTransmission: { layers: 'table+mattress', points: [{ kvp: 80, transmission: 0.36, incidenceDeg: 60 }] } });
    expect(psd(oblique).psdGy).toBeCloseTo((600 / UNDER.dSkin) ** 2 * bsfTimesF(UNDER.fieldSideCm) * 0.6, 6);
  });

  it('does not count the table twice when the vendor Ka,r already includes it', () => {
    const r = room({ kermaCorrection: { points: [{ kvp: 80, factor: 1 }], vendorValueIncludesTable: true } });
    expect(psd(r).psdGy).toBeCloseTo((600 / UNDER.dSkin) ** 2 * bsfTimesF(UNDER.fieldSideCm), 6);
    const bad = validateRoomProfile({
      kermaCorrection: { points: [{ kvp: 80, factor: 1 }], vendorValueIncludesTable: true },
      supportTransmission: { layers: 'table+mattress', points: [{ kvp: 80, transmission: 0.8 }] },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues[0].field).toBe('supportTransmission.layers');
  });

  it('a measured HVL replaces the estimate in the backscatter and medium factors', () => {
    const r = room({ hvl: { points: [{ kvp: 80, hvlMmAl: 5 }] } });
    expect(psd(r).psdGy).toBeCloseTo((600 / UNDER.dSkin) ** 2 * bsfTimesF(UNDER.fieldSideCm, 5) * 0.7, 6);
  });

  it('a calibrated table origin removes the isocenter-anchored assumption and places the beam as a calibrated profile does', () => {
    const anchored = psd(undefined, {}, [{ ...CALIBRATED, isocenter: { mode: 'anchored' } }]);
    expect(anchored.assumptions.map((a) => a.code)).toContain('isocenter-anchored');
    const r = room({ tableOrigin: { isocenterAtZeroMm: { x: 5, y: -605, z: 100 }, method: 'film at isocenter, table positions read 0' } });
    const commissioned = psd(r, {}, [{ ...CALIBRATED, isocenter: { mode: 'anchored' } }]);
    expect(commissioned.assumptions.map((a) => a.code)).not.toContain('isocenter-anchored');
    expect(commissioned.psdGy).toBeCloseTo(psd(undefined).psdGy, 9);
  });

  it('verified angle conventions replace the profile signs', () => {
    const flipped = room({ conventions: { angleSigns: { primary: -1, secondary: 1 }, tableAxes: CALIBRATED.tableAxes } });
    expect(psd(flipped, { primaryDeg: 30 }).psdLocation?.positionMm.x).toBeCloseTo(psd(undefined, { primaryDeg: -30 }).psdLocation!.positionMm.x, 6);
  });

  it('the commissioned minimum source–skin distance bounds the dose of events without geometry', () => {
    const r = room({ minimumSourceSkinDistanceMm: 200 });
    const result = psd(r, { primaryDeg: null, distanceSourceToReferencePointMm: 600 });
    expect(result.withoutGeometry?.minimumSourceSkinDistanceMm).toBe(200);
    const unknownClass = psd(undefined, { primaryDeg: null, distanceSourceToReferencePointMm: 600 });
    expect(unknownClass.withoutGeometry?.minimumSourceSkinDistanceMm).toBe(300);
    // Inverse square from the 30 cm class limit to the 20 cm measured one.
    expect(result.psdUpperBoundGy! / unknownClass.psdUpperBoundGy!).toBeCloseTo((300 / 200) ** 2, 9);
  });

  it('an uncommissioned room computes as before and every result says so; the result records room and version', () => {
    const plain = psd(undefined);
    const uncommissioned = psd(room(null));
    expect(uncommissioned.psdGy).toBe(plain.psdGy);
    expect(uncommissioned.assumptions.find((a) => a.code === 'room-uncommissioned')?.message).toMatch(/^uncommissioned room/);
    expect(uncommissioned.room).toEqual({ id: '1.2.826.0.1.3680043.2.1', profileVersion: null, commissioned: false });
    expect(plain.room).toBeNull();
    const commissioned = psd(room({ minimumSourceSkinDistanceMm: 380 }, 4));
    expect(commissioned.room).toEqual({ id: '1.2.826.0.1.3680043.2.1', profileVersion: 4, commissioned: true });
    expect(commissioned.assumptions.map((a) => a.code)).not.toContain('room-uncommissioned');
  });

  it('refuses implausible values naming the field', () => {
    const v = validateRoomProfile({
      kermaCorrection: { points: [{ kvp: 80, factor: 3 }], vendorValueIncludesTable: false },
      hvl: { points: [{ kvp: 300, hvlMmAl: 4 }] },
      colour: 'red',
    });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      const fields = v.error.issues.map((i) => i.field);
      expect(fields).toEqual(expect.arrayContaining(['kermaCorrection.points[0].factor', 'hvl.points[0].kvp', '(root)']));
      expect(v.error.message).toMatch(/kermaCorrection\.points\[0\]\.factor must be a correction factor/);
    }
  });
});

describe('patient size source', () => {
  const events = [testEvent({ kermaGy: 1 })];
  it('says where the phantom size came from: report, option with its source, or default', () => {
    const fromReport = computeSkinDose(testProcedure({ events, heightM: 1.8, massKg: 90 }), { phantom: 'human' });
    expect(fromReport.phantom.sizeSource).toEqual({ heightM: 'rdsr', massKg: 'rdsr' });
    const fromFhir = computeSkinDose(testProcedure({ events, heightM: 1.8 }), { phantom: 'human', patientMassKg: 60, patientSizeSources: { massKg: 'fhir' } });
    expect(fromFhir.phantom).toMatchObject({ massKg: 60, heightM: 1.8, sizeSource: { heightM: 'rdsr', massKg: 'fhir' } });
    const none = computeSkinDose(testProcedure({ events }), { phantom: 'human' });
    expect(none.phantom.sizeSource).toEqual({ heightM: 'default', massKg: 'default' });
    expect(computeSkinDose(testProcedure({ events }), { phantom: 'plane' }).phantom.sizeSource).toBeNull();
  });
});

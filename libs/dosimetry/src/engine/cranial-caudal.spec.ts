import { parseDoseReport } from '@kerma/rdsr';
import { generateRdsr, procedureSpec, type IrradiationEventSpec, type RdsrVendor } from '@kerma/testing';
import { computeSkinDose, type SkinDoseResult } from '../index';

/**
 * Known answer per generator flavour: what the flavour's device writes for a cranial (CRA) tilt, and
 * where the beam must then enter. DICOM PS3.3 C.8.7.5.1.2: Positioner Secondary Angle in the sagittal
 * plane, +90° = cranial, i.e. the detector tilted toward the head. For a PA beam (primary 0°, source under
 * the table) the source is then toward the feet, so the beam enters the back caudal of the isocenter:
 * the central ray by mid-depth × tan(angle) (cylinder: 100 mm × tan 25° = 46.6 mm), the peak further. Sign written for CRA per flavour:
 * docs/dosimetry.md §1 "Secondary-angle sign by vendor" (Philips writes the opposite sign, PySkinDose).
 */
const WRITTEN_SIGN_FOR_CRANIAL: Readonly<Record<Exclude<RdsrVendor, 'ge-oec'>, 1 | -1>> = {
  standard: 1,
  enhanced: 1,
  siemens: 1,
  canon: 1,
  'philips-allura': -1,
  'philips-azurion': -1,
};

const TILT_DEG = 25;
const MID_DEPTH_MM = 100;

/** Every event PA with the given secondary angle as the device writes it, table still. */
function procedureWithSecondary(vendor: RdsrVendor, secondaryDeg: number) {
  const still = (e: IrradiationEventSpec): IrradiationEventSpec => ({
    ...e,
    type: e.type === 'rotational' ? 'stationary' : e.type,
    primaryAngleDeg: e.primaryAngleDeg === null ? null : 0,
    secondaryAngleDeg: e.secondaryAngleDeg === null ? null : secondaryDeg,
    primaryEndAngleDeg: e.primaryEndAngleDeg === null ? null : 0,
    secondaryEndAngleDeg: e.secondaryEndAngleDeg === null ? null : secondaryDeg,
    positionerIsocenterPrimaryAngleDeg: e.positionerIsocenterPrimaryAngleDeg === null ? null : 0,
    positionerIsocenterSecondaryAngleDeg: e.positionerIsocenterSecondaryAngleDeg === null ? null : secondaryDeg,
    tableLongitudinalMm: e.tableLongitudinalMm === null ? null : 0,
    tableLateralMm: e.tableLateralMm === null ? null : 0,
    tableZPositionToIsocenterMm: e.tableZPositionToIsocenterMm === null ? null : 0,
    tableXPositionToIsocenterMm: e.tableXPositionToIsocenterMm === null ? null : 0,
  });
  const parsed = parseDoseReport(generateRdsr(procedureSpec({ seed: 4, vendor, events: 6, mapEvent: still })));
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.procedure;
}

const entryYmm = (r: SkinDoseResult): number => r.psdLocation!.positionMm.y;

describe('cranial/caudal sign: a CRA beam enters caudal of the isocenter, per vendor flavour', () => {
  it.each(Object.entries(WRITTEN_SIGN_FOR_CRANIAL))('%s (CRA written as %d × angle)', (vendor, sign) => {
    const at = (deg: number) => computeSkinDose(procedureWithSecondary(vendor as RdsrVendor, deg), { phantom: 'cylinder' });
    const straight = at(0);
    const cranial = at(sign * TILT_DEG);
    const caudal = at(-sign * TILT_DEG);
    expect(straight.psdLocation?.region).toMatch(/^posterior/);
    // Toward the feet is −y in the patient frame. The peak lies beyond the central ray's entry, on the
    // field's edge nearest the source (inverse square), so the shift is between 1× and 3× the entry shift.
    const shift = MID_DEPTH_MM * Math.tan((TILT_DEG * Math.PI) / 180);
    const cranialShift = entryYmm(cranial) - entryYmm(straight);
    const caudalShift = entryYmm(caudal) - entryYmm(straight);
    expect(cranialShift).toBeLessThanOrEqual(-shift);
    expect(cranialShift).toBeGreaterThan(-3 * shift);
    expect(caudalShift).toBeGreaterThanOrEqual(shift);
    expect(caudalShift).toBeLessThan(3 * shift);
  });

  it('ge-oec writes no positioner angles: there is no tilt to orient, the events are without geometry', () => {
    const r = computeSkinDose(procedureWithSecondary('ge-oec', TILT_DEG));
    expect(r.method).toBe('geometry-unavailable');
  });
});

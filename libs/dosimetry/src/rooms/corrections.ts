import { interpolateTransmission, type TransmissionPoint } from '../physics';
import type { DeviceClassResolution } from '../geometry';
import type { GeometryProfile } from '../profiles';
import type { RoomProfile } from './room-profile';

/**
 * One pure function per room correction, each applying a physicist's measurement over the model's
 * geometry profile. Tables given per (kV, added Cu) are interpolated linearly in kV, then in Cu, and
 * clamped at their edges — the same rule as the profiles' transmission tables.
 */

/**
 * Ka,r (and KAP) correction factor at a beam quality: dosimeter reading ÷ displayed value, measured
 * free in air at the reference point (AAPM Report 190, Lin et al. 2015, §3–4; IEC 60580 for the KAP
 * meter). The displayed value times this factor is the kerma the skin dose starts from.
 */
export function kermaCorrectionFactor(table: readonly TransmissionPoint[], kvp: number, cuMm: number): number {
  return interpolateTransmission(table, kvp, cuMm);
}

/**
 * Normal-incidence transmission from one measured at an angle θ from the table normal: the path is
 * 1/cos θ times the thickness, so T(θ) = T₀^(1/cos θ) (Beer–Lambert, as obliqueTransmission) and
 * T₀ = T(θ)^cos θ. The engine then applies T₀^(L/t) along each ray, as for the profiles' tables.
 */
export function normalIncidenceTransmission(measured: number, incidenceDeg: number): number {
  return Math.pow(measured, Math.cos((incidenceDeg * Math.PI) / 180));
}

/**
 * Measured first HVL (mm Al) at a beam quality, replacing the estimate from kV and filtration
 * (IEC 61267 HVL measurement; backscatter and medium factors of Benmakhlouf et al. are tabulated by HVL).
 */
export function measuredHvl(table: readonly TransmissionPoint[], kvp: number, cuMm: number): number {
  return interpolateTransmission(table, kvp, cuMm);
}

/**
 * Patient support as commissioned: a measured table + mattress transmission replaces both layers (the
 * mattress then transmits 1); a mattress alone replaces the mattress. When the unit's displayed Ka,r
 * for beams through the table already carries the table's attenuation (AAPM Report 190: some vendors
 * include the table), the table is set to 1 so it is not counted twice for the beams that cross it; the
 * free-in-air correction factor, measured with the beam clear of the table, is unaffected.
 */
export function commissionedSupport(profile: GeometryProfile, room: RoomProfile, roomId: string): Pick<GeometryProfile, 'table' | 'mattress'> {
  const unit = (source: string) => ({ kind: 'measured' as const, source, points: [{ kvp: 80, cuMm: 0, transmission: 1 }] });
  let table = profile.table;
  let mattress = profile.mattress;
  if (room.kermaCorrection?.vendorValueIncludesTable) table = { ...table, transmission: unit(`room ${roomId}: the displayed Ka,r already includes the table`) };
  const measured = room.supportTransmission;
  if (measured) {
    const points = measured.points.map((p) => ({ kvp: p.kvp, cuMm: p.cuMm, transmission: normalIncidenceTransmission(p.transmission, p.incidenceDeg) }));
    const layer = { kind: 'measured' as const, source: `room ${roomId}: ${measured.layers} measured (converted to normal incidence)`, points };
    if (measured.layers === 'table+mattress') {
      table = { ...table, transmission: layer };
      mattress = { ...mattress, transmission: unit(`room ${roomId}: included in the measured table + mattress transmission`) };
    } else {
      mattress = { ...mattress, transmission: layer };
    }
  }
  return { table, mattress };
}

/** Calibrated table origin and verified conventions replace the profile's (the isocenter is then no longer anchored). */
export function commissionedGeometry(profile: GeometryProfile, room: RoomProfile): Pick<GeometryProfile, 'isocenter' | 'angleSigns' | 'tableAxes'> {
  return {
    isocenter: room.tableOrigin ? { mode: 'table-origin', isocenterAtZeroMm: room.tableOrigin.isocenterAtZeroMm } : profile.isocenter,
    angleSigns: room.conventions?.angleSigns ?? profile.angleSigns,
    tableAxes: room.conventions?.tableAxes ?? profile.tableAxes,
  };
}

/** Minimum source–skin distance verified on the unit replaces the device-class limit (21 CFR 1020.32(g)) for the upper bound. */
export function commissionedMinimumSkinDistance(resolution: DeviceClassResolution, room: RoomProfile, roomId: string): DeviceClassResolution {
  if (room.minimumSourceSkinDistanceMm === undefined) return resolution;
  return {
    ...resolution,
    minimumSourceSkinDistanceMm: room.minimumSourceSkinDistanceMm,
    basis: `minimum source–skin distance commissioned for room ${roomId}`,
  };
}

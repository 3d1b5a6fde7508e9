import type { TransmissionPoint } from '../physics';
import type { DeviceClassResolution } from '../geometry';
import type { GeometryProfile } from '../profiles';
import type { AssumptionLog } from '../engine/assumptions';
import { commissionedGeometry, commissionedMinimumSkinDistance, commissionedSupport } from './corrections';
import type { RoomProfile } from './room-profile';

/** The room a study was done in, as the service knows it: its id and its current room profile, if commissioned. */
export interface RoomContext {
  /** Device Observer UID, or serial number + station name; null when the report identifies neither. */
  readonly id: string | null;
  /** Version of the room profile applied; null when the room is not commissioned. */
  readonly profileVersion: number | null;
  readonly profile: RoomProfile | null;
}

/** Per-beam-quality room corrections, as (kV, Cu) tables; null where the room did not measure. */
export interface RoomBeamCorrections {
  readonly kermaFactors: readonly TransmissionPoint[] | null;
  readonly hvlsMmAl: readonly TransmissionPoint[] | null;
}

export interface AppliedRoom {
  readonly profile: GeometryProfile;
  readonly beam: RoomBeamCorrections;
  readonly minimumSkinDistance: (resolution: DeviceClassResolution) => DeviceClassResolution;
  /** What the result records: which room and which room-profile version were used. */
  readonly record: { readonly id: string | null; readonly profileVersion: number | null; readonly commissioned: boolean } | null;
}

const NONE: RoomBeamCorrections = { kermaFactors: null, hvlsMmAl: null };

/**
 * The model's profile with the room's measurements applied over it. Without a room (the CLI on a
 * file) nothing changes; an uncommissioned room computes as before and says so in the assumptions.
 */
export function applyRoom(profile: GeometryProfile, room: RoomContext | undefined, log: AssumptionLog): AppliedRoom {
  if (!room) return { profile, beam: NONE, minimumSkinDistance: (r) => r, record: null };
  const record = { id: room.id, profileVersion: room.profile ? room.profileVersion : null, commissioned: room.profile !== null };
  if (!room.profile) {
    log.note(
      'room-uncommissioned',
      room.id === null
        ? 'uncommissioned room: the report identifies no room (no Device Observer UID, serial number or station name); the model profile is used as is'
        : `uncommissioned room ${room.id}: the model profile "${profile.id}" is used without measured values for this unit`,
    );
    return { profile, beam: NONE, minimumSkinDistance: (r) => r, record };
  }
  const p = room.profile;
  const id = room.id ?? '(unidentified)';
  return {
    profile: { ...profile, ...commissionedGeometry(profile, p), ...commissionedSupport(profile, p, id) },
    beam: {
      kermaFactors: p.kermaCorrection ? p.kermaCorrection.points.map((x) => ({ kvp: x.kvp, cuMm: x.cuMm, transmission: x.factor })) : null,
      hvlsMmAl: p.hvl ? p.hvl.points.map((x) => ({ kvp: x.kvp, cuMm: x.cuMm, transmission: x.hvlMmAl })) : null,
    },
    minimumSkinDistance: (r) => commissionedMinimumSkinDistance(r, p, id),
    record,
  };
}

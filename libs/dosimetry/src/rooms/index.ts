export { roomProfileSchema, validateRoomProfile, InvalidRoomProfileError, type RoomProfile, type RoomProfileInput } from './room-profile';
export {
  kermaCorrectionFactor,
  normalIncidenceTransmission,
  measuredHvl,
  commissionedSupport,
  commissionedGeometry,
  commissionedMinimumSkinDistance,
} from './corrections';
export { applyRoom, type RoomContext, type RoomBeamCorrections, type AppliedRoom } from './apply-room';

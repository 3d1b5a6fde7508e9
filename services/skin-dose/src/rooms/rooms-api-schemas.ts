import { schema as s, type SchemaObject } from '@kerma/platform';

const profileRef = s.object({ id: s.string(), version: s.string(), selectedBy: s.string('matched, model-only, manufacturer-only, fallback, forced') });

export const ROOM: SchemaObject = s.object({
  roomId: s.string('Device Observer UID, or "serial@station" when the reports carry no UID'),
  identifiedBy: s.enum(['device-observer-uid', 'serial-and-station']),
  manufacturer: s.nullable(s.string()),
  modelName: s.nullable(s.string()),
  stationName: s.nullable(s.string()),
  serialNumber: s.nullable(s.string()),
  sites: s.array(s.string()),
  profile: profileRef,
  commissioned: s.boolean(),
  commissionedVersion: s.nullable(s.integer()),
  studyCount: s.integer(),
  firstSeenAt: s.string(),
  lastSeenAt: s.string(),
});

export const ROOM_LIST: SchemaObject = s.object({ rooms: s.array(ROOM) });

const version = s.object({
  version: s.integer(),
  commissionedBy: s.string(),
  commissionedAt: s.string(),
  note: s.nullable(s.string()),
  profile: s.opaque(
    'The room profile: tableOrigin, kermaCorrection, supportTransmission, hvl, minimumSourceSkinDistanceMm, conventions (docs/commissioning.md)',
  ),
});

export const ROOM_DETAIL: SchemaObject = s.object({ room: ROOM, current: s.nullable(version), versions: s.array(version) });

export const COMMISSIONED: SchemaObject = s.object({
  room: ROOM,
  current: version,
  studiesToRecompute: s.integer(
    'Studies of this room with a skin dose, in your site scope: POST /api/v1/rooms/{roomId}:recompute applies the new values to them',
  ),
});

export const ROOM_RECOMPUTED: SchemaObject = s.object({
  roomId: s.string(),
  roomProfileVersion: s.nullable(s.integer()),
  recomputed: s.array(s.string('Study Instance UID')),
});

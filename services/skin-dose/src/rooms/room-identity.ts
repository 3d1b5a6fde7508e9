import type { Device } from '@kerma/rdsr';

export type RoomIdentifiedBy = 'device-observer-uid' | 'serial-and-station';

/**
 * Which room (installed unit) a report comes from: its Device Observer UID, unique per unit; else
 * its serial number and station name ("serial@station", either part may be empty). Null when the
 * report names neither: such a study cannot be tied to a commissioned room.
 */
export function roomIdentity(device: Device): { id: string; identifiedBy: RoomIdentifiedBy } | null {
  const uid = device.deviceObserverUid?.trim();
  if (uid) return { id: uid, identifiedBy: 'device-observer-uid' };
  const serial = device.serialNumber?.trim() ?? '';
  const station = device.stationName?.trim() ?? '';
  if (!serial && !station) return null;
  return { id: `${serial}@${station}`, identifiedBy: 'serial-and-station' };
}

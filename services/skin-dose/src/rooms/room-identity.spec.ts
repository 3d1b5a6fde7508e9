import type { Device } from '@kerma/rdsr';
import { roomIdentity } from './room-identity';

const device = (d: Partial<Device>): Device => ({
  manufacturer: 'M',
  modelName: 'X',
  stationName: null,
  serialNumber: null,
  softwareVersions: null,
  deviceObserverUid: null,
  institutionName: null,
  filledFromObserverContext: [],
  ...d,
});

describe('roomIdentity', () => {
  it('is the Device Observer UID, else serial@station, else none', () => {
    expect(roomIdentity(device({ deviceObserverUid: '1.2.3', serialNumber: 'S', stationName: 'ST' }))).toEqual({
      id: '1.2.3',
      identifiedBy: 'device-observer-uid',
    });
    expect(roomIdentity(device({ serialNumber: ' S1 ', stationName: 'ANGIO1' }))).toEqual({ id: 'S1@ANGIO1', identifiedBy: 'serial-and-station' });
    expect(roomIdentity(device({ stationName: 'ANGIO1' }))).toEqual({ id: '@ANGIO1', identifiedBy: 'serial-and-station' });
    expect(roomIdentity(device({ deviceObserverUid: '  ' }))).toBeNull();
  });
});

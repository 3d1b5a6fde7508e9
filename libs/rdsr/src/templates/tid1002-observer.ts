import { Observer } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { child } from '../sr/query';
import { textValue, uidValue } from '../sr/values';

/** TID 1002 Observer Context, device observer (TID 1004) rows: what the report says about the device. */
export interface DeviceObserverContext {
  readonly isDevice: boolean;
  readonly uid: string | null;
  readonly name: string | null;
  readonly manufacturer: string | null;
  readonly modelName: string | null;
  readonly serialNumber: string | null;
  readonly physicalLocation: string | null;
}

export function readDeviceObserverContext(root: ContentItem): DeviceObserverContext {
  const type = child(root, Observer.observerType, 'CODE')?.code ?? null;
  return {
    isDevice: type !== null && Observer.device.keys.has(type.key),
    uid: uidValue(root, Observer.deviceObserverUid),
    name: textValue(root, Observer.deviceObserverName),
    manufacturer: textValue(root, Observer.deviceObserverManufacturer),
    modelName: textValue(root, Observer.deviceObserverModelName),
    serialNumber: textValue(root, Observer.deviceObserverSerialNumber),
    physicalLocation: textValue(root, Observer.deviceObserverPhysicalLocation),
  };
}

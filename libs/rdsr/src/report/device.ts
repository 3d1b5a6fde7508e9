import type { DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getText } from '../dicom/values';
import type { Device } from '../model/procedure';
import type { DeviceObserverContext } from '../templates/tid1002-observer';

/** Header field of the General Equipment module → the Device Observer row that can stand in for it. */
const OBSERVER_FALLBACKS = [
  ['manufacturer', Tag.Manufacturer, 'manufacturer'],
  ['modelName', Tag.ManufacturerModelName, 'modelName'],
  ['stationName', Tag.StationName, 'name'],
  ['serialNumber', Tag.DeviceSerialNumber, 'serialNumber'],
] as const satisfies readonly (readonly [keyof Device, number, keyof DeviceObserverContext])[];

/** The device from the header, with empty header fields filled from the Device Observer context. */
export function readDevice(doc: DicomDocument, observer: DeviceObserverContext): Device {
  const filled: string[] = [];
  const fields: Record<string, string | null> = {};
  for (const [field, tag, observerField] of OBSERVER_FALLBACKS) {
    const header = getText(doc, doc.root, tag);
    const fromObserver = observer[observerField];
    if (header === null && typeof fromObserver === 'string') filled.push(field);
    fields[field] = header ?? (typeof fromObserver === 'string' ? fromObserver : null);
  }
  const softwareVersions = getText(doc, doc.root, Tag.SoftwareVersions);
  return {
    manufacturer: fields['manufacturer'] ?? null,
    modelName: fields['modelName'] ?? null,
    stationName: fields['stationName'] ?? null,
    serialNumber: fields['serialNumber'] ?? null,
    softwareVersions:
      softwareVersions === null
        ? null
        : softwareVersions
            .split('\\')
            .map((v) => v.trim())
            .join(' / '),
    deviceObserverUid: observer.uid,
    institutionName: getText(doc, doc.root, Tag.InstitutionName),
    filledFromObserverContext: filled,
  };
}

import type { IrradiationEvent } from '../model/procedure';
import { Observer } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { textValue } from '../sr/values';
import type { AdapterFindings, VendorAdapter } from './adapter';

/**
 * GE OEC mobile C-arms: positioner angles (and other NUM items) are sent with an empty Measured
 * Value Sequence — read as missing, never as 0 — and the Device Observer UID is sent as TEXT.
 */

const NAME = 'ge-oec';

function countEmptyNumbers(item: ContentItem): number {
  let n = 0;
  for (const c of item.children) {
    if (c.valueType === 'NUM' && c.value === null) n += 1;
    if (c.valueType === 'CONTAINER') n += countEmptyNumbers(c);
  }
  return n;
}

function noteEmptyNumbers(event: IrradiationEvent, item: ContentItem, findings: AdapterFindings): IrradiationEvent {
  if (countEmptyNumbers(item) > 0) {
    findings.record(NAME, 'empty-measured-values-as-missing');
    findings.warn('GE OEC sends numeric items without a measured value; they are missing');
  }
  return event;
}

export const geOec: VendorAdapter = {
  name: NAME,
  matches: (c) =>
    /\bGE\b|general electric|oec/i.test(c.manufacturer ?? '') && /oec|elite|9800|9900|fluorostar/i.test(`${c.manufacturer ?? ''} ${c.modelName ?? ''}`),
  adjustEvent: noteEmptyNumbers,
  adjustProcedure: (procedure, root, findings) => {
    if (procedure.device.deviceObserverUid !== null) return procedure;
    const uid = textValue(root, Observer.deviceObserverUid);
    if (uid === null) return procedure;
    findings.record(NAME, 'device-observer-uid-as-text');
    return { ...procedure, device: { ...procedure.device, deviceObserverUid: uid } };
  },
};

import type { Device } from '@kerma/rdsr';
import type { GeometryProfile } from '../profiles';

/**
 * The smallest source–skin distance a fluoroscope lets the skin come to, by device class: 21 CFR
 * 1020.32(g) — not less than 38 cm on stationary fluoroscopes, 30 cm on mobile and portable ones, and
 * for mobile units intended for specific surgical applications not less than 20 cm. IEC 60601-2-43
 * (interventional, fixed) and IEC 60601-2-54 (radiography/radioscopy, mobile) carry the same limits
 * (38/30 cm confirmed by secondary sources; the CFR paragraph text, the 20 cm exception and the IEC
 * clause numbers not verified here — docs/dosimetry.md §3). A skin nearer than this cannot receive the beam, so Ka,r scaled
 * by inverse square to this distance bounds the entrance kerma from above.
 */
export type DeviceClass = 'fixed' | 'mobile' | 'unknown';

export const MINIMUM_SOURCE_SKIN_DISTANCE_MM: Readonly<Record<DeviceClass, number>> = {
  fixed: 380,
  mobile: 300,
  // Unknown: the smaller of the two general limits.
  unknown: 300,
};

/** Model names of mobile C-arms seen in dose reports (normalized, lower case). */
const MOBILE_MODELS = /\b(oec|cios|arcadis|ziehm|vision ?r|veradius|zenition|pulsera|endura|fluorostar|orthoscan|brivo oec)\b/;

export interface DeviceClassResolution {
  readonly deviceClass: DeviceClass;
  readonly minimumSourceSkinDistanceMm: number;
  readonly basis: string;
}

export function resolveDeviceClass(profile: GeometryProfile, device: Device): DeviceClassResolution {
  const limits = '21 CFR 1020.32(g): ≥ 38 cm stationary, ≥ 30 cm mobile (≥ 20 cm for mobile units for specific surgical use)';
  if (profile.deviceClass) {
    return {
      deviceClass: profile.deviceClass,
      minimumSourceSkinDistanceMm: MINIMUM_SOURCE_SKIN_DISTANCE_MM[profile.deviceClass],
      basis: `${profile.deviceClass} unit per profile "${profile.id}"; ${limits}`,
    };
  }
  const model = `${device.manufacturer ?? ''} ${device.modelName ?? ''}`.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
  if (MOBILE_MODELS.test(model)) {
    return { deviceClass: 'mobile', minimumSourceSkinDistanceMm: MINIMUM_SOURCE_SKIN_DISTANCE_MM.mobile, basis: `mobile C-arm by its model name; ${limits}` };
  }
  return {
    deviceClass: 'unknown',
    minimumSourceSkinDistanceMm: MINIMUM_SOURCE_SKIN_DISTANCE_MM.unknown,
    basis: `device class unknown: the mobile limit (the smaller) is used; ${limits}`,
  };
}

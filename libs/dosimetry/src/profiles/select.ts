import type { Device } from '@kerma/rdsr';
import type { GeometryProfile } from './schema';
import { DEFAULT_PROFILES, GENERIC_PROFILE } from './builtins';

/**
 * How the profile was chosen: 'forced' by id; 'matched' on manufacturer and model; 'model-only' when
 * the manufacturer is not reported (or matches no profile) and the model name alone decides;
 * 'manufacturer-only' when the model is not reported and one profile covers that manufacturer;
 * 'fallback' to the generic profile. Every choice but 'forced' and 'matched' is an assumption.
 */
export type ProfileSelectionKind = 'forced' | 'matched' | 'model-only' | 'manufacturer-only' | 'fallback';

export interface ProfileSelection {
  readonly profile: GeometryProfile;
  readonly how: ProfileSelectionKind;
  /** Why, in words: the device names that decided (or the lack of them). */
  readonly basis: string;
}

export class UnknownProfileError extends Error {
  constructor(id: string, known: readonly string[]) {
    super(`no geometry profile with id "${id}" (known: ${known.join(', ')})`);
    this.name = 'UnknownProfileError';
  }
}

/**
 * Device names as vendors write them differ in case, spacing and punctuation ("SIEMENS ", "AXIOM-Artis",
 * "Allura  Xper FD20"): a profile pattern is tried on the name as written and on its normalized form
 * (lower case, runs of anything but letters and digits turned into one space).
 */
export function normalizeDeviceName(name: string | null): string | null {
  if (name === null) return null;
  const n = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return n === '' ? null : n;
}

function matches(pattern: string, raw: string | null): boolean {
  const normalized = normalizeDeviceName(raw);
  if (raw === null || normalized === null) return false;
  const re = new RegExp(pattern, 'i');
  return re.test(raw) || re.test(normalized);
}

const quoted = (s: string | null): string => (s === null ? 'not reported' : `"${s.trim()}"`);

/**
 * Picks the profile for a device: configured profiles first (a physicist's override wins over a
 * built-in with the same match), then built-ins. The device names are the header's, filled from the
 * Device Observer context (TID 1002) where the header is empty (see @kerma/rdsr readDevice).
 * Manufacturer and model both matching wins; else the model alone (a model name such as "Allura Xper"
 * identifies the family even without the manufacturer); else the manufacturer alone when only one
 * profile family carries it; else the generic profile.
 */
export function selectProfile(device: Device, configured: readonly GeometryProfile[] = [], forcedId?: string): ProfileSelection {
  const candidates = [...configured, ...DEFAULT_PROFILES];
  if (forcedId !== undefined) {
    const forced = candidates.find((p) => p.id === forcedId);
    if (!forced)
      throw new UnknownProfileError(
        forcedId,
        candidates.map((p) => p.id),
      );
    return { profile: forced, how: 'forced', basis: `profile "${forcedId}" requested` };
  }
  const specific = candidates.filter((p) => p.id !== GENERIC_PROFILE.id);
  const { manufacturer, modelName: model } = device;
  const names = `manufacturer ${quoted(manufacturer)}, model ${quoted(model)}`;
  const both = specific.find((p) => matches(p.match.manufacturer, manufacturer) && matches(p.match.model, model));
  if (both) return { profile: both, how: 'matched', basis: names };

  const byManufacturer = specific.filter((p) => matches(p.match.manufacturer, manufacturer));
  if (byManufacturer.length === 0) {
    const byModel = specific.find((p) => matches(p.match.model, model));
    if (byModel) return { profile: byModel, how: 'model-only', basis: `${names}: chosen on the model name alone` };
  }
  if (normalizeDeviceName(model) === null) {
    const families = new Set(byManufacturer.map((p) => p.id));
    if (families.size === 1) return { profile: byManufacturer[0], how: 'manufacturer-only', basis: `${names}: the only profile for this manufacturer` };
  }
  const configuredGeneric = configured.find((p) => p.id === GENERIC_PROFILE.id);
  const why =
    byManufacturer.length > 1 && normalizeDeviceName(model) === null
      ? `${names}: the manufacturer matches several profiles (${byManufacturer.map((p) => p.id).join(', ')}) and no model says which`
      : `${names}: no profile matches this device`;
  return { profile: configuredGeneric ?? GENERIC_PROFILE, how: 'fallback', basis: why };
}

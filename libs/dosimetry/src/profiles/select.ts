import type { Device } from '@kerma/rdsr';
import type { GeometryProfile } from './schema';
import { DEFAULT_PROFILES, GENERIC_PROFILE } from './builtins';

export interface ProfileSelection {
  readonly profile: GeometryProfile;
  /** 'forced' by id, 'matched' by manufacturer/model, or the 'fallback' generic profile. */
  readonly how: 'forced' | 'matched' | 'fallback';
}

export class UnknownProfileError extends Error {
  constructor(id: string, known: readonly string[]) {
    super(`no geometry profile with id "${id}" (known: ${known.join(', ')})`);
    this.name = 'UnknownProfileError';
  }
}

/**
 * Picks the profile for a device: configured profiles first (a physicist's override wins over a
 * built-in with the same match), then built-ins; the generic profile matches anything last.
 */
export function selectProfile(device: Device, configured: readonly GeometryProfile[] = [], forcedId?: string): ProfileSelection {
  const candidates = [...configured, ...DEFAULT_PROFILES];
  if (forcedId !== undefined) {
    const forced = candidates.find((p) => p.id === forcedId);
    if (!forced) throw new UnknownProfileError(forcedId, candidates.map((p) => p.id));
    return { profile: forced, how: 'forced' };
  }
  const manufacturer = device.manufacturer ?? '';
  const model = device.modelName ?? '';
  const match = candidates.find(
    (p) => p.id !== GENERIC_PROFILE.id && new RegExp(p.match.manufacturer, 'i').test(manufacturer) && new RegExp(p.match.model, 'i').test(model),
  );
  if (match) return { profile: match, how: 'matched' };
  const configuredGeneric = configured.find((p) => p.id === GENERIC_PROFILE.id);
  return { profile: configuredGeneric ?? GENERIC_PROFILE, how: 'fallback' };
}

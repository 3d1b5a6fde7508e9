import type { ProfileSelection } from '../profiles';
import type { AssumptionLog } from './assumptions';

/**
 * A profile not chosen on both manufacturer and model is an assumption: the generic profile does not
 * know the device's table axes or angle signs (a longitudinal travel applied sideways moved the fields
 * off the skin that received them and changed a PSD by ~50 %); a profile chosen on one name alone
 * is very likely right but unconfirmed. The uncertainty budget widens accordingly (uncertainty.ts).
 */
export function noteProfileSelection(selection: ProfileSelection, log: AssumptionLog): void {
  const { profile, how, basis } = selection;
  if (how === 'fallback') {
    log.note('profile-fallback', `generic geometry profile used (${basis}): table axes, angle signs and table transmission are not known for this device`);
  } else if (how === 'model-only' || how === 'manufacturer-only') {
    log.note('profile-partial-match', `profile "${profile.id}" chosen on one device name (${basis}); not confirmed by both manufacturer and model`);
  }
}

import type { NuclearMedicineDose, RadiopharmaceuticalAdministration, RadiopharmaceuticalOrganDose } from '../model/procedure';
import { Radiopharmaceutical as R } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import { child, children } from '../sr/query';
import { codeValue, dateTimeValue, numValue, quantityOfItem, toCoded, uidValue } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';

/**
 * TID 10021 Radiopharmaceutical Radiation Dose: one TID 10022 Radiopharmaceutical Administration
 * container per administration, each with agent, radionuclide (a property of the agent, or beside it),
 * administered activity, route, start and stop date-time, and optionally TID 10023 organ doses and an
 * effective dose. Activities in any unit of the unit table (Bq, MBq, GBq, mCi, …) are read in MBq.
 */

function organDoses(administration: ContentItem): RadiopharmaceuticalOrganDose[] {
  return children(administration, R.organDoseInformation, 'CONTAINER').flatMap((info) => {
    const doseMGy = quantityOfItem(child(info, R.organDose, 'NUM'), U.MGy);
    if (doseMGy === null) return [];
    return [{ organ: toCoded(codeValue(info, R.organ)), doseMGy, referenceAuthority: toCoded(codeValue(info, R.referenceAuthority)) }];
  });
}

function readAdministration(administration: ContentItem): RadiopharmaceuticalAdministration {
  const agentItem = child(administration, R.agent);
  return {
    uid: uidValue(administration, R.administrationEventUid),
    agent: toCoded(agentItem?.valueType === 'CODE' ? agentItem.code : null),
    agentText: agentItem?.valueType === 'TEXT' ? agentItem.text : null,
    radionuclide: toCoded(codeValue(agentItem, R.radionuclide) ?? codeValue(administration, R.radionuclide)),
    halfLifeS: numValue(agentItem, R.halfLife, U.S) ?? numValue(administration, R.halfLife, U.S),
    administeredActivityMBq: numValue(administration, R.administeredActivity, U.MBq),
    volumeMl: numValue(administration, R.volume, U.Ml),
    route: toCoded(codeValue(administration, R.route)),
    site: toCoded(codeValue(administration, R.site)),
    startDateTime: dateTimeValue(administration, R.startDateTime),
    stopDateTime: dateTimeValue(administration, R.stopDateTime),
    organDoses: organDoses(administration),
    effectiveDoseMSv: numValue(administration, R.effectiveDose, U.MSv),
  };
}

export function readRadiopharmaceuticalDose(root: ContentItem): NuclearMedicineDose {
  return { administrations: children(root, R.administration, 'CONTAINER').map(readAdministration) };
}

export function hasRadiopharmaceuticalAdministrations(root: ContentItem): boolean {
  return children(root, R.administration, 'CONTAINER').length > 0;
}

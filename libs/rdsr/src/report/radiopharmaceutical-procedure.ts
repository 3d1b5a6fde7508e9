import type { ParsedDicom } from '../dicom/dataset';
import type { HeaderIdentity } from '../header/identity';
import { readPatient } from '../header/patient';
import { RdsrParseError } from '../model/errors';
import type { Procedure, SopClassKind } from '../model/procedure';
import type { ContentItem } from '../sr/content-item';
import { readReportRoot } from '../templates/tid10001-report';
import { readDeviceObserverContext } from '../templates/tid1002-observer';
import { readRadiopharmaceuticalDose } from '../templates/tid10021-radiopharmaceutical';
import { unitAliasWarnings } from '../units/unit-alias-warnings';
import { readDevice } from './device';
import { readStudy } from './study';

function invalid(message: string): never {
  throw new RdsrParseError({ code: 'invalid-content', message });
}

/**
 * A Radiopharmaceutical Radiation Dose report (TID 10021) as a `nuclear-medicine` procedure: its
 * administrations, no X-ray planes or events. A report without any administration has nothing to
 * record and is refused, naming what is missing.
 */
export function readRadiopharmaceuticalProcedure(parsed: ParsedDicom, identity: HeaderIdentity, sopClassKind: SopClassKind, root: ContentItem): Procedure {
  if (identity.studyInstanceUid === null) invalid('the report has no Study Instance UID');
  const nuclearMedicine = readRadiopharmaceuticalDose(root);
  if (nuclearMedicine.administrations.length === 0) invalid('the radiopharmaceutical dose report has no Radiopharmaceutical Administration (TID 10022)');
  const warnings: string[] = unitAliasWarnings(root);
  const missingActivity = nuclearMedicine.administrations.filter((a) => a.administeredActivityMBq === null).length;
  if (missingActivity > 0)
    warnings.push(`${missingActivity} radiopharmaceutical administration${missingActivity === 1 ? ' has' : 's have'} no administered activity`);
  const report = readReportRoot(root);
  return {
    modelVersion: 1,
    kind: 'nuclear-medicine',
    source: 'rdsr',
    device: readDevice(parsed.dataset, readDeviceObserverContext(root)),
    patient: readPatient(parsed.dataset, warnings),
    patientPosition: null,
    study: readStudy(
      parsed.dataset,
      { studyInstanceUid: identity.studyInstanceUid, sopInstanceUid: identity.sopInstanceUid, sopClassUid: identity.sopClassUid, sopClassKind },
      report,
    ),
    planes: [],
    eventSums: [],
    events: [],
    ct: null,
    mammography: null,
    nuclearMedicine,
    adaptersApplied: [],
    warnings,
  };
}

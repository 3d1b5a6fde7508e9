import type { IdentifyOutcome } from './api';
import { NONE } from './dicom/dataset';
import { readDicom } from './dicom/dataset-reader';
import { Tag } from './dicom/tags';
import { getFirstItem } from './dicom/values';
import { readHeaderIdentity } from './header/identity';
import { GENERIC_SR_KINDS } from './header/sop-classes';
import { toRdsrError } from './errors/to-rdsr-error';
import { Root } from './sr/codes';
import { readCode } from './sr/read-content-tree';
import { headerDoseVerdict } from './headers/read-header-dose';

/**
 * Identifies any DICOM object from its header without walking the SR tree. The whole byte stream
 * is still checked structurally, so a truncated or malformed file is reported here, at ingest.
 */
export function identifyDicomObject(bytes: Uint8Array): IdentifyOutcome {
  try {
    const parsed = readDicom(bytes);
    const identity = readHeaderIdentity(parsed);
    let isDoseReport = identity.sopClassKind !== null;
    let notDoseReason: string | undefined;
    if (identity.sopClassKind === 'image' || identity.sopClassKind === 'secondary-capture') {
      const verdict = headerDoseVerdict(parsed, identity.sopClassKind);
      isDoseReport = verdict.isDoseObject;
      if (!verdict.isDoseObject) notDoseReason = verdict.missing;
    } else if (identity.sopClassKind === 'xray-rdsr' || identity.sopClassKind === 'enhanced-xray-rdsr') {
      // The class alone is not enough: an image relabelled with a dose-report class has no SR document at all. A
      // root concept other than 113701 is left to the parser, which knows the vendors' variants and says what is wrong.
      const doc = parsed.dataset;
      if (getFirstItem(doc, doc.root, Tag.ConceptNameCodeSequence) === NONE) {
        isDoseReport = false;
        notDoseReason = `the object is labelled ${identity.sopClassName} but holds no structured report (no root Concept Name Code Sequence)`;
      }
    } else if (identity.sopClassKind !== null && (GENERIC_SR_KINDS.has(identity.sopClassKind) || identity.sopClassKind === 'radiopharmaceutical-rdsr')) {
      const doc = parsed.dataset;
      const root = readCode(doc, getFirstItem(doc, doc.root, Tag.ConceptNameCodeSequence));
      const roots =
        identity.sopClassKind === 'radiopharmaceutical-rdsr'
          ? [Root.radiopharmaceuticalDoseReport]
          : [Root.xRayRadiationDoseReport, Root.radiopharmaceuticalDoseReport];
      isDoseReport = root !== null && roots.some((r) => r.keys.has(root.key));
    }
    return {
      ok: true,
      identity: {
        sopClassUid: identity.sopClassUid,
        sopInstanceUid: identity.sopInstanceUid,
        studyInstanceUid: identity.studyInstanceUid,
        seriesInstanceUid: identity.seriesInstanceUid,
        modality: identity.modality,
        patientId: identity.patientId,
        issuerOfPatientId: identity.issuerOfPatientId,
        transferSyntaxUid: identity.transferSyntaxUid,
        isDoseReport,
        ...(notDoseReason !== undefined ? { notDoseReason } : {}),
        sopClassName: identity.sopClassName,
      },
    };
  } catch (err) {
    return { ok: false, error: toRdsrError(err) };
  }
}

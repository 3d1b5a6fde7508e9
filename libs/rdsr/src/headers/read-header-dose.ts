import type { ParsedDicom } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getText } from '../dicom/values';
import type { HeaderIdentity } from '../header/identity';
import { readPatient } from '../header/patient';
import { RdsrParseError } from '../model/errors';
import type { AccumulatedAverageGlandularDose, BreastLaterality, CtAcquisition, Procedure, ProcedureKind, SopClassKind } from '../model/procedure';
import { readDevice } from '../report/device';
import { summarizeEvents } from '../report/event-sums';
import { isoFromDateAndTime } from '../sr/dicom-datetime';
import { readDoseScreenText, type DoseScreenText } from './dose-screen-text';
import { hasHeaderDose, missingHeaderDoseMessage } from './header-dose-attributes';
import { readImageHeaderEvent } from './image-header-event';

/**
 * Dose objects that are not dose reports: an image whose header carries dose attributes (one image,
 * one irradiation event of a study-level procedure, source image-header), and a CT dose screen
 * (secondary capture whose header text gives the DLP total, source dose-screen). The parser's study
 * assembly joins the images of a study and lets a dose report of the same study win over both.
 */

const NO_OBSERVER = { isDevice: false, uid: null, name: null, manufacturer: null, modelName: null, serialNumber: null, physicalLocation: null };

const KIND_BY_MODALITY: Readonly<Record<string, ProcedureKind>> = {
  MG: 'mammography',
  CR: 'radiography',
  DX: 'radiography',
  PX: 'radiography',
  IO: 'radiography',
  RF: 'projection-xray',
  XA: 'projection-xray',
};

const KIND_BY_SOP_CLASS: Readonly<Record<string, ProcedureKind>> = {
  '1.2.840.10008.5.1.4.1.1.1.2': 'mammography',
  '1.2.840.10008.5.1.4.1.1.1.2.1': 'mammography',
  '1.2.840.10008.5.1.4.1.1.12.1': 'projection-xray',
  '1.2.840.10008.5.1.4.1.1.12.2': 'projection-xray',
};

const BREAST_SIDES: Readonly<Record<string, BreastLaterality>> = { L: 'left', R: 'right', B: 'bilateral' };

function notADoseObject(identity: HeaderIdentity, missing: string): never {
  throw new RdsrParseError({ code: 'not-a-dose-report', message: `not a dose object: ${identity.sopClassName}: ${missing}`, what: identity.sopClassName });
}

function invalid(message: string): never {
  throw new RdsrParseError({ code: 'invalid-content', message });
}

/** The text of a dose screen: Comments on Radiation Dose first (Philips), then Image Comments (Siemens, GE). */
export function doseScreenOf(parsed: ParsedDicom): ReturnType<typeof readDoseScreenText> & { field?: string } {
  const doc = parsed.dataset;
  const fields = [
    ['Comments on Radiation Dose (0040,0310)', getText(doc, doc.root, Tag.CommentsOnRadiationDose)],
    ['Image Comments (0020,4000)', getText(doc, doc.root, Tag.ImageComments)],
  ] as const;
  const present = fields.filter(([, text]) => text !== null);
  if (present.length === 0) return { ok: false, missing: 'neither Comments on Radiation Dose (0040,0310) nor Image Comments (0020,4000) has dose text' };
  const readings = present.map(([field, text]) => ({ ...readDoseScreenText(text), field }));
  return readings.find((r) => r.ok) ?? { ok: false, missing: readings.map((r) => (r.ok ? '' : `${r.field}: ${r.missing}`)).join('; ') };
}

/** Whether an image or secondary capture is a dose object, and if not, what it lacks (for ingest's refusal). */
export function headerDoseVerdict(
  parsed: ParsedDicom,
  sopClassKind: 'image' | 'secondary-capture',
): { readonly isDoseObject: true } | { readonly isDoseObject: false; readonly missing: string } {
  if (sopClassKind === 'image') return hasHeaderDose(parsed.dataset) ? { isDoseObject: true } : { isDoseObject: false, missing: missingHeaderDoseMessage() };
  const screen = doseScreenOf(parsed);
  return screen.ok ? { isDoseObject: true } : { isDoseObject: false, missing: `no readable CT dose screen: ${screen.missing}` };
}

export function readHeaderDose(parsed: ParsedDicom, identity: HeaderIdentity): Procedure {
  const kind = identity.sopClassKind as Extract<SopClassKind, 'image' | 'secondary-capture'>;
  const verdict = headerDoseVerdict(parsed, kind);
  if (!verdict.isDoseObject) notADoseObject(identity, verdict.missing);
  if (identity.studyInstanceUid === null) invalid('the object has no Study Instance UID');
  const doc = parsed.dataset;
  const warnings: string[] = [];
  const base = {
    modelVersion: 1 as const,
    device: readDevice(doc, NO_OBSERVER),
    patient: readPatient(doc, warnings),
    patientPosition: null,
    study: {
      studyInstanceUid: identity.studyInstanceUid,
      seriesInstanceUid: identity.seriesInstanceUid,
      sopInstanceUid: identity.sopInstanceUid,
      sopClassUid: identity.sopClassUid,
      sopClassKind: kind,
      studyDateTime: isoFromDateAndTime(getText(doc, doc.root, Tag.StudyDate), getText(doc, doc.root, Tag.StudyTime)),
      contentDateTime: isoFromDateAndTime(getText(doc, doc.root, Tag.ContentDate), getText(doc, doc.root, Tag.ContentTime)),
      accessionNumber: getText(doc, doc.root, Tag.AccessionNumber),
      description: getText(doc, doc.root, Tag.StudyDescription),
      institutionName: getText(doc, doc.root, Tag.InstitutionName),
      scopeOfAccumulation: null,
      scopeUid: null,
      procedureReported: null,
    },
    planes: [],
    nuclearMedicine: null,
    adaptersApplied: [],
    warnings,
  };
  if (kind === 'secondary-capture') {
    const screen = doseScreenOf(parsed);
    return {
      ...base,
      kind: 'ct',
      source: 'dose-screen',
      eventSums: [],
      events: [],
      ct: screen.ok ? ctFromScreen(screen.screen, screen.field ?? '') : null,
      mammography: null,
    };
  }
  const procedureKind = KIND_BY_MODALITY[identity.modality ?? ''] ?? KIND_BY_SOP_CLASS[identity.sopClassUid] ?? 'radiography';
  const event = readImageHeaderEvent(doc, identity.sopInstanceUid, procedureKind === 'projection-xray' ? 'unknown' : 'single');
  return {
    ...base,
    kind: procedureKind,
    source: 'image-header',
    events: [event],
    eventSums: summarizeEvents([event]),
    ct: null,
    mammography: procedureKind === 'mammography' ? { accumulatedAverageGlandularDose: glandularDose(event.imageHeader) } : null,
  };
}

/** The image's mean glandular dose (Organ Dose) as the accumulated dose of its breast; assembly adds the images up. */
function glandularDose(header: ReturnType<typeof readImageHeaderEvent>['imageHeader']): AccumulatedAverageGlandularDose[] {
  if (header === null || header.organDoseMGy === null) return [];
  return [{ laterality: BREAST_SIDES[header.laterality ?? ''] ?? null, doseMGy: header.organDoseMGy }];
}

function ctFromScreen(screen: DoseScreenText, field: string): NonNullable<Procedure['ct']> {
  const acquisitions = screen.series.map(
    (s): CtAcquisition => ({
      uid: null,
      protocol: s.label,
      targetRegion: null,
      acquisitionType: null,
      ctdiVolMGy: { value: s.ctdiVolMGy, provenance: 'dose-screen', note: field },
      dlpMGyCm: { value: s.dlpMGyCm, provenance: 'dose-screen', note: field },
      phantomType: null,
      kvp: null,
      exposureTimeS: null,
      scanningLengthMm: null,
      lateralDimensionMm: null,
      apDimensionMm: null,
      effectiveDiameterMm: null,
    }),
  );
  return {
    totals: { dlpTotalMGyCm: { value: screen.dlpTotalMGyCm, provenance: 'dose-screen', note: `${field}: "${screen.matched}"` }, eventCount: null },
    acquisitions,
  };
}

import type { ParseOutcome } from './api';
import { readDicom } from './dicom/dataset-reader';
import { toRdsrError } from './errors/to-rdsr-error';
import { describeObject, readHeaderIdentity } from './header/identity';
import { readPatient } from './header/patient';
import { GENERIC_SR_KINDS } from './header/sop-classes';
import { RdsrParseError } from './model/errors';
import type { IrradiationEvent, Procedure, SopClassKind } from './model/procedure';
import { readDevice } from './report/device';
import { summarizeEvents } from './report/event-sums';
import { procedureKind } from './report/procedure-kind';
import { readStudy } from './report/study';
import { Report, Root } from './sr/codes';
import type { ContentItem } from './sr/content-item';
import { child, children } from './sr/query';
import { readContentTree } from './sr/read-content-tree';
import { readIrradiationEvent } from './templates/tid10003-event';
import { readAccumulatedXRayDose } from './templates/tid10002-accumulated';
import { readReportRoot } from './templates/tid10001-report';
import { readCtDose } from './templates/tid10011-ct';
import { readMammographyDose } from './templates/tid10005-mammography';
import { readDeviceObserverContext } from './templates/tid1002-observer';
import { unitAliasWarnings } from './units/unit-alias-warnings';
import { AdapterFindings, adaptersFor } from './vendors';
import { readRadiopharmaceuticalProcedure } from './report/radiopharmaceutical-procedure';
import { readHeaderDose } from './headers/read-header-dose';
import { readHeaderPatientSize } from './header/patient-dimensions';

function notADoseReport(what: string): never {
  throw new RdsrParseError({ code: 'not-a-dose-report', message: `not an X-ray radiation dose report: ${what}`, what });
}

function invalid(message: string): never {
  throw new RdsrParseError({ code: 'invalid-content', message });
}

function conceptLabel(root: ContentItem): string {
  return root.concept ? `${root.concept.scheme} ${root.concept.value} "${root.concept.meaning}"` : 'none';
}

function duplicateEventUidWarnings(events: readonly IrradiationEvent[]): string[] {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const e of events) {
    if (e.uid === null) continue;
    if (seen.has(e.uid)) duplicates += 1;
    seen.add(e.uid);
  }
  const missing = events.filter((e) => e.uid === null).length;
  return [
    ...(duplicates > 0 ? [`${duplicates} irradiation events repeat an Irradiation Event UID`] : []),
    ...(missing > 0 ? [`${missing} irradiation events have no Irradiation Event UID`] : []),
  ];
}

function readProcedure(bytes: Uint8Array): Procedure {
  const parsed = readDicom(bytes);
  const identity = readHeaderIdentity(parsed);
  if (identity.sopClassKind === 'image' || identity.sopClassKind === 'secondary-capture') return readHeaderDose(parsed, identity);
  if (identity.sopClassKind === null) notADoseReport(describeObject(identity));
  const sopClassKind: SopClassKind = identity.sopClassKind;

  const tree = readContentTree(parsed.dataset);
  if (tree.valueType === 'CONTAINER' && tree.concept && Root.radiopharmaceuticalDoseReport.keys.has(tree.concept.key)) {
    return readRadiopharmaceuticalProcedure(parsed, identity, sopClassKind, tree);
  }
  if (sopClassKind === 'radiopharmaceutical-rdsr') notADoseReport(describeObject(identity, conceptLabel(tree)));
  if (tree.valueType !== 'CONTAINER' || !tree.concept || !Root.xRayRadiationDoseReport.keys.has(tree.concept.key)) {
    if (GENERIC_SR_KINDS.has(sopClassKind) || tree.concept !== null) notADoseReport(describeObject(identity, conceptLabel(tree)));
    invalid(`the document root is not an X-Ray Radiation Dose Report container (root concept ${conceptLabel(tree)})`);
  }
  if (identity.studyInstanceUid === null) invalid('the report has no Study Instance UID');

  const warnings: string[] = unitAliasWarnings(tree);
  const observer = readDeviceObserverContext(tree);
  const device = readDevice(parsed.dataset, observer);
  const adapters = adaptersFor({ manufacturer: device.manufacturer, modelName: device.modelName, softwareVersions: device.softwareVersions, sopClassKind });
  const findings = new AdapterFindings();
  const root = adapters.reduce<ContentItem>((r, a) => (a.repairTree ? a.repairTree(r, findings) : r), tree);

  const report = readReportRoot(root);
  const hasCtContent = child(root, Report.ctAccumulatedDoseData) !== null || children(root, Report.ctAcquisition).length > 0;
  const isCt = report.reportedProcedure === 'ct' || hasCtContent;
  if (!isCt && report.accumulated.length === 0) invalid('the report has no Accumulated X-Ray Dose Data (TID 10002)');
  if (report.reportedProcedure === 'unknown') warnings.push('Procedure reported is missing or not a known code; read as projection X-ray');

  const events = report.events.map((item) =>
    adapters.reduce((e, a) => (a.adjustEvent ? a.adjustEvent(e, item, findings, root) : e), readIrradiationEvent(item)),
  );
  const planes = report.accumulated.map(readAccumulatedXRayDose);
  const mammography = isCt ? null : readMammographyDose(report.accumulated, warnings);
  const decided = procedureKind(report, { hasCtContent: isCt, planes, events, mammography });
  const kind = decided.kind;
  warnings.push(...decided.warnings);

  const draft: Procedure = {
    modelVersion: 1,
    kind,
    source: 'rdsr',
    device,
    patient: readPatient(parsed.dataset, warnings),
    patientPosition: null,
    study: readStudy(
      parsed.dataset,
      { studyInstanceUid: identity.studyInstanceUid, sopInstanceUid: identity.sopInstanceUid, sopClassUid: identity.sopClassUid, sopClassKind },
      report,
    ),
    planes,
    eventSums: [],
    events,
    ct: isCt ? readCtDose(root, readHeaderPatientSize(parsed.dataset)) : null,
    mammography: kind === 'mammography' ? mammography : null,
    nuclearMedicine: null,
    adaptersApplied: [],
    warnings: [],
  };
  const adjusted = adapters.reduce((p, a) => (a.adjustProcedure ? a.adjustProcedure(p, root, findings) : p), draft);
  return {
    ...adjusted,
    eventSums: summarizeEvents(adjusted.events),
    adaptersApplied: findings.adaptersApplied,
    warnings: [...warnings, ...duplicateEventUidWarnings(adjusted.events), ...findings.warnings],
  };
}

/** Reads a Part-10 dose report into the normalized model. Never throws: bad input is a typed error. */
export function parseDoseReport(bytes: Uint8Array): ParseOutcome {
  try {
    return { ok: true, procedure: readProcedure(bytes) };
  } catch (err) {
    return { ok: false, error: toRdsrError(err) };
  }
}

import { deterministicUid } from './seeded-random';
import type { DeviceSpec, PatientSpec, StudySpec } from './procedure-spec';
import { buildProcedureSpec } from './build-procedure-spec';
import { writePart10 } from './dicom/part10';
import { CONCEPT, type Code } from './sr/codes';
import { codeItem, codeValue, container, dateTime, num, text, ucum, uidRef, type ContentItem } from './sr/content-items';
import { patientModule, srDocumentGeneral } from './sr/header';

/**
 * Ground truth of a generated Radiopharmaceutical Radiation Dose SR (TID 10021): one TID 10022
 * administration per entry, optionally with TID 10023 organ doses and an effective dose.
 */
export interface OrganDoseSpec {
  readonly organ: Code;
  readonly doseMGy: number;
}

export interface RadiopharmaceuticalAdministrationSpec {
  readonly uid: string;
  readonly agent: Code;
  readonly radionuclide: Code;
  readonly halfLifeS: number;
  /** Written in `activityUnit`; the ground truth is in MBq. */
  readonly administeredActivityMBq: number;
  readonly route: Code;
  /** DICOM DT as written: YYYYMMDDHHMMSS. */
  readonly startDateTime: string;
  readonly stopDateTime: string;
  readonly organDoses: readonly OrganDoseSpec[];
  readonly effectiveDoseMSv: number | null;
}

export type ActivityUnit = 'MBq' | 'GBq' | 'mCi' | 'Bq';

export interface RadiopharmaceuticalReportSpec {
  readonly seed: number;
  readonly patient: PatientSpec;
  readonly study: StudySpec;
  readonly device: DeviceSpec;
  readonly administrations: readonly RadiopharmaceuticalAdministrationSpec[];
  readonly activityUnit: ActivityUnit;
}

export interface RadiopharmaceuticalReportOptions {
  readonly seed: number;
  readonly activityUnit: ActivityUnit;
  /** Organ doses and an effective dose in each administration. */
  readonly withDoses: boolean;
  readonly study: Partial<StudySpec>;
}

const dcm = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });
const sct = (value: string, meaning: string): Code => ({ value, scheme: 'SCT', meaning });

export const RADIOPHARMACEUTICAL_CODES = {
  report: dcm('113500', 'Radiopharmaceutical Radiation Dose Report'),
  administration: dcm('113502', 'Radiopharmaceutical Administration'),
  administrationEventUid: dcm('113503', 'Radiopharmaceutical Administration Event UID'),
  agent: sct('349358000', 'Radiopharmaceutical agent'),
  radionuclide: sct('89457008', 'Radionuclide'),
  halfLife: sct('304283002', 'Radionuclide Half Life'),
  startDateTime: dcm('123003', 'Radiopharmaceutical Start DateTime'),
  stopDateTime: dcm('123004', 'Radiopharmaceutical Stop DateTime'),
  administeredActivity: dcm('113507', 'Administered activity'),
  route: sct('410675002', 'Route of administration'),
  organDoseInformation: dcm('113517', 'Organ Dose Information'),
  organ: sct('363698007', 'Finding site'),
  organDose: dcm('113518', 'Organ Dose'),
  effectiveDose: dcm('113839', 'Effective Dose'),
  fdg: sct('35321007', 'Fluorodeoxyglucose F^18^'),
  f18: sct('77004003', '^18^Fluorine'),
  intravenous: sct('47625008', 'Intravenous route'),
  urinaryBladder: sct('89837001', 'Urinary bladder'),
  brain: sct('12738006', 'Brain'),
  procedureReported: dcm('113502', 'Radiopharmaceutical Administration'),
} as const;

/** Activity units: the factor from MBq. */
const FROM_MBQ: Readonly<Record<ActivityUnit, number>> = { MBq: 1, GBq: 1e-3, mCi: 1 / 37, Bq: 1e6 };

export function buildRadiopharmaceuticalReportSpec(options: Partial<RadiopharmaceuticalReportOptions> = {}): RadiopharmaceuticalReportSpec {
  const seed = options.seed ?? 1;
  const base = buildProcedureSpec({ seed, events: 1 });
  const C = RADIOPHARMACEUTICAL_CODES;
  const withDoses = options.withDoses ?? true;
  const date = base.study.date;
  return {
    seed,
    patient: base.patient,
    study: { ...base.study, description: 'PET-CT FDG', ...options.study },
    device: { ...base.device, manufacturer: 'Kerma Test Systems', modelName: 'Dose Calibrator 1', stationName: 'NM1' },
    activityUnit: options.activityUnit ?? 'MBq',
    administrations: [
      {
        uid: deterministicUid(seed, 'radiopharmaceutical-administration-0'),
        agent: C.fdg,
        radionuclide: C.f18,
        halfLifeS: 6586.2,
        administeredActivityMBq: 250 + (seed % 50),
        route: C.intravenous,
        startDateTime: `${date}091500`,
        stopDateTime: `${date}091530`,
        organDoses: withDoses
          ? [
              { organ: C.urinaryBladder, doseMGy: 32.5 },
              { organ: C.brain, doseMGy: 9.5 },
            ]
          : [],
        effectiveDoseMSv: withDoses ? 4.75 : null,
      },
    ],
  };
}

function administrationItem(a: RadiopharmaceuticalAdministrationSpec, unit: ActivityUnit): ContentItem {
  const C = RADIOPHARMACEUTICAL_CODES;
  const children: ContentItem[] = [
    codeValue('CONTAINS', C.agent, a.agent, [
      codeValue('HAS PROPERTIES', C.radionuclide, a.radionuclide),
      num('HAS PROPERTIES', C.halfLife, a.halfLifeS, ucum('s')),
    ]),
    uidRef('CONTAINS', C.administrationEventUid, a.uid),
    dateTime('CONTAINS', C.startDateTime, a.startDateTime),
    dateTime('CONTAINS', C.stopDateTime, a.stopDateTime),
    num('CONTAINS', C.administeredActivity, a.administeredActivityMBq, ucum(unit, unit, FROM_MBQ[unit])),
    codeValue('CONTAINS', C.route, a.route),
    ...a.organDoses.map((o) =>
      container('CONTAINS', C.organDoseInformation, [codeValue('HAS CONCEPT MOD', C.organ, o.organ), num('CONTAINS', C.organDose, o.doseMGy, ucum('mGy'))]),
    ),
  ];
  if (a.effectiveDoseMSv !== null) children.push(num('CONTAINS', C.effectiveDose, a.effectiveDoseMSv, ucum('mSv')));
  return container('CONTAINS', C.administration, children);
}

/** A Part-10 Radiopharmaceutical Radiation Dose SR (1.2.840.10008.5.1.4.1.1.88.68, TID 10021). */
export function generateRadiopharmaceuticalDoseReport(spec: RadiopharmaceuticalReportSpec = buildRadiopharmaceuticalReportSpec()): Uint8Array {
  const C = RADIOPHARMACEUTICAL_CODES;
  const content: ContentItem[] = [
    codeValue('HAS CONCEPT MOD', CONCEPT.procedureReported, C.procedureReported),
    codeValue('HAS OBS CONTEXT', CONCEPT.observerType, CONCEPT.device),
    uidRef('HAS OBS CONTEXT', CONCEPT.deviceObserverUid, spec.device.deviceObserverUid),
    text('HAS OBS CONTEXT', CONCEPT.deviceObserverManufacturer, spec.device.manufacturer),
    ...spec.administrations.map((a) => administrationItem(a, spec.activityUnit)),
  ];
  return writePart10({
    ...srDocumentGeneral(spec, { sopClassUid: '1.2.840.10008.5.1.4.1.1.88.68', seriesDescription: 'Radiopharmaceutical Dose', modelNameInHeader: true }),
    ...patientModule(spec.patient),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(C.report)],
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '10021' }],
    ContentSequence: content,
  });
}

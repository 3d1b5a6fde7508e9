import type { StudyRecord } from '../persistence/study-record.entity';
import type { Cell } from './export-table';

/**
 * The study list as rows: one per study with its dose figures, then one per CT acquisition. The administered
 * activity is the Σ of the administrations that give one (the study view's figure; DRL analytics takes it only when all do). No
 * patient names ever; the patient id only when the caller's role may export it.
 */
const FIGURE_HEADERS = [
  'studyDateTime',
  'kind',
  'stationName',
  'modelName',
  'status',
  'row',
  'kapGyCm2',
  'karGy',
  'fluoroTimeS',
  'dlpTotalMGyCm',
  'ctdiVolMaxMGy',
  'agdLeftMGy',
  'agdRightMGy',
  'agdBilateralMGy',
  'administeredActivityMBq',
  'psdGy',
  'acquisitionProtocol',
  'acquisitionTargetRegion',
  'acquisitionCtdiVolMGy',
  'acquisitionDlpMGyCm',
];

export function studyExportHeaders(withPatientId: boolean): string[] {
  return ['studyInstanceUid', 'site', ...(withPatientId ? ['patientId', 'patientIdIssuer'] : []), ...FIGURE_HEADERS];
}

export function studyExportRows(r: StudyRecord, withPatientId: boolean): Cell[][] {
  const agd = (side: string) => r.mammography?.accumulatedAgd.find((a) => (a.laterality ?? 'bilateral') === side)?.doseMGy ?? null;
  const lead: Cell[] = [
    r.studyInstanceUid,
    r.site,
    ...(withPatientId ? [r.patientId, r.patientIdIssuer] : []),
    r.studyDateTime,
    r.kind,
    r.stationName,
    r.modelName,
    r.overallStatus,
  ];
  const study: Cell[] = [
    ...lead,
    'study',
    r.ct ? null : (r.totals?.dapTotalGyCm2 ?? null),
    r.ct ? null : (r.totals?.doseRpTotalGy ?? null),
    r.ct ? null : (r.totals?.fluoroTimeTotalS ?? null),
    r.ct?.dlpTotalMGyCm ?? null,
    r.ct?.ctdiVolMaxMGy ?? null,
    agd('left'),
    agd('right'),
    agd('bilateral'),
    r.nuclearMedicine?.administeredActivityTotalMBq ?? null,
    r.skinDose?.psdGy ?? null,
    null,
    null,
    null,
    null,
  ];
  const acquisitions = (r.ct?.acquisitions ?? []).map((a): Cell[] => [
    ...lead,
    'ct-acquisition',
    ...Array<Cell>(10).fill(null),
    a.protocol,
    a.targetRegion,
    a.ctdiVolMGy,
    a.dlpMGyCm,
  ]);
  return [study, ...acquisitions];
}

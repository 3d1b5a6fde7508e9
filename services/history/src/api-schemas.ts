import { schema as s, type SchemaObject } from '@kerma/platform';

/** Response schemas of the history routes (the shapes of studies/study-view.ts and patients/). */
const patient = s.object({ id: s.nullable(s.string()), issuer: s.nullable(s.string()) });
const identity = s.object({ site: s.string(), issuer: s.nullable(s.string()), patientId: s.string() });
/** The asked patient: its id, its issuers, and the identities linked to it whose studies are counted too. */
const person = s.object({ id: s.string(), issuers: s.array(s.nullable(s.string())), linkedIdentities: s.array(identity) });
const device = s.nullable(s.object({ manufacturer: s.nullable(s.string()), modelName: s.nullable(s.string()), stationName: s.nullable(s.string()) }));
const kind = s.nullable(s.enum(['projection-xray', 'ct', 'mammography', 'radiography', 'nuclear-medicine']));
const source = s.nullable(s.enum(['rdsr', 'image-header', 'dose-screen']));
const totals = s.nullable(
  s.opaque('Device totals and event sums per plane and over all planes: doseRpTotalGy, dapTotalGyCm2, fluoroTimeTotalS, eventCount, perPlane'),
);
const peakSkinDose = s.opaque('The PSD (psdGy, method, uncertainty) or null with the reason: not applicable to this kind, or not computed yet');
const stage = s.object({ state: s.enum(['pending', 'done', 'failed', 'not-applicable']), at: s.nullable(s.string('ISO 8601')) });

export const STUDY_SUMMARY: SchemaObject = s.object({
  studyInstanceUid: s.string(),
  site: s.string(),
  patient,
  studyDateTime: s.nullable(s.string('Local date-time as written by the device')),
  kind,
  source,
  device,
  status: s.enum(['pending', 'complete', 'failed']),
  reportCount: s.integer(),
  totals,
  peakSkinDose,
  alertCount: s.integer(),
  updatedAt: s.string(),
  href: s.string('Where the whole study is read'),
});

export const STUDY_PAGE: SchemaObject = s.object({
  studies: s.array(STUDY_SUMMARY),
  nextCursor: s.nullable(s.string('Pass as ?cursor= for the next page; null on the last page')),
});

export const STUDY_VIEW: SchemaObject = s.object({
  studyInstanceUid: s.string(),
  site: s.string(),
  patient,
  studyDateTime: s.nullable(s.string()),
  device,
  status: s.object({
    overall: s.enum(['pending', 'complete', 'failed']),
    received: stage,
    parsed: stage,
    skinDose: stage,
    alerts: s.object({ count: s.integer() }),
  }),
  reports: s.array(s.string('SOP Instance UID')),
  kind,
  source,
  totals,
  ct: s.nullable(s.opaque('CT figures: per-acquisition CTDIvol, DLP, phantom, scanning length, protocol, SSDE (AAPM 204) or null with the reason; DLP total')),
  mammography: s.nullable(s.opaque('Accumulated average glandular dose per breast')),
  nuclearMedicine: s.nullable(
    s.opaque('Radiopharmaceutical administrations: agent, radionuclide, administered activity (MBq), route, start/stop, organ and effective doses; Σ activity'),
  ),
  peakSkinDose,
  skinDose: s.nullable(s.opaque('The skin dose calculation: PSD, location, areas ≥ 2/3/5/10 Gy, uncertainty, assumptions, profile, map URL')),
  alerts: s.array(s.opaque('Alert: metric, level, measured, threshold, raisedAt')),
  failures: s.array(s.opaque('A failure still standing: stage, topic, code, message, when')),
  updatedAt: s.string(),
});

const figures = {
  studyRevision: s.integer(),
  parsedAt: s.nullable(s.string('ISO 8601')),
  parserVersion: s.nullable(s.string('The parser that read the reports; null when not recorded')),
  reports: s.array(s.string('SOP Instance UID')),
  kind,
  source,
  totals,
  ct: s.nullable(s.opaque('CT figures, as in the study view')),
  mammography: s.nullable(s.opaque('Accumulated average glandular dose per breast')),
  nuclearMedicine: s.nullable(s.opaque('Radiopharmaceutical administrations, as in the study view')),
  peakSkinDose,
  skinDose: s.nullable(s.opaque('The skin dose calculation, with its algorithmVersion, profile and calculatedAt')),
};

export const STUDY_VERSIONS: SchemaObject = s.object({
  studyInstanceUid: s.string(),
  current: s.object(figures),
  versions: s.array(
    s.object({
      replacedAt: s.string('ISO 8601: when a newer state replaced these figures'),
      reason: s.enum(['study-revision', 'skin-dose']),
      changed: s.array(s.string('Name of a figure that differs in the state that replaced this one')),
      ...figures,
    }),
  ),
});

const sums = s.object({
  studyCount: s.integer(),
  doseRpTotalGy: s.nullable(s.number()),
  dapTotalGyCm2: s.nullable(s.number()),
  fluoroTimeTotalS: s.nullable(s.number()),
  psdSumGy: s.nullable(s.number()),
});

export const DOSE_HISTORY: SchemaObject = s.object({
  patient: person,
  window: s.object({ days: s.integer(), since: s.string(), sums }),
  allTime: sums,
  studies: s.array(s.opaque('One study: UID, site, date-time, device, totals, PSD')),
});

export const PATIENT_SKIN_DOSE: SchemaObject = {
  ...s.opaque('Cumulative skin dose: the study maps added on one body surface, peak and where, Σ PSD, window, contributing studies, map URL'),
  properties: { patient: person },
  required: ['patient'],
};

/** The pre-procedure look-up (patients/dose-summary.controller.ts and dose-summary.ts). */
export const DOSE_SUMMARY: SchemaObject = s.object({
  patient: person,
  window: s.object({ days: s.integer(), since: s.string('ISO 8601'), until: s.string('ISO 8601') }),
  cumulativePsdGy: s.nullable(s.number('Peak of the summed skin dose maps of the window, Gy; null when no PSD is known')),
  psdLocation: s.nullable(
    s.object({ region: s.string(), positionMm: s.object({ x: s.number(), y: s.number(), z: s.number() }) }, 'Where the cumulative peak lies'),
  ),
  sumOfPsdGy: s.nullable(s.number('Σ of the studies’ PSDs (an upper bound), Gy')),
  studiesWithUnknownPsd: s.integer(),
  referenceAirKermaSumGy: s.object({ value: s.nullable(s.number('Σ Ka,r of the window, Gy')), missing: s.integer('Studies of the window without Ka,r') }),
  studyCountInWindow: s.integer(),
  lastHighDose: s.nullable(
    s.object(
      { studyInstanceUid: s.string(), site: s.string(), studyTime: s.string(), levels: s.array(s.string()) },
      'The last study that raised an alert, at any time',
    ),
  ),
  openFollowUps: s.array(
    s.object({
      alertId: s.string(),
      studyInstanceUid: s.string(),
      site: s.string(),
      kind: s.string(),
      metric: s.string(),
      level: s.string(),
      state: s.string(),
      since: s.string('When the alert entered its state'),
      skinCheckDueOn: s.nullable(s.string('YYYY-MM-DD')),
      raisedAt: s.string(),
    }),
  ),
});

/** A patient link and its audit (patient-links/patient-links.controller.ts). */
const linkAudit = s.object({
  at: s.string('ISO 8601'),
  by: s.string('The subject of the token (or `by` with authentication off)'),
  reason: s.string(),
  from: s.nullable(s.string('Client address')),
  published: s.boolean(),
});
export const PATIENT_LINK: SchemaObject = s.object({
  id: s.string('UUID'),
  identities: s.array(s.object({ site: s.string(), issuer: s.nullable(s.string()), patientId: s.string() })),
  active: s.boolean(),
  linked: linkAudit,
  unlinked: s.nullable(linkAudit),
});
export const PATIENT_LINKS: SchemaObject = s.object({ links: s.array(PATIENT_LINK) });

import { randomUUID } from 'node:crypto';
import { parseDoseReport } from '@kerma/rdsr';
import { patientKey } from '../src/common/patient-key';
import type { SkinDoseCalculatedShapeV1 } from '../src/skin-dose-calculated/skin-dose-calculated.v1';
import type { StudyParsedV1 } from '../src/study-parsed/study-parsed.v1';

/** The moment every message here says it happened. */
const OCCURRED_AT = '2026-12-01T10:00:00.000Z';

/** The patient of the skin-dose messages: id, issuer and the key they make at site-a for study 1.2.3. */
export const SKIN_DOSE_PATIENT = {
  id: 'P1',
  issuer: 'H1',
  key: patientKey({ site: 'site-a', patientId: 'P1', issuer: 'H1', studyInstanceUid: '1.2.3' }),
} as const;

/** A calculated skin-dose.calculated v1 message with plausible figures (unparsed: the contract's input). */
export function skinDoseCalculatedV1(overrides: Partial<SkinDoseCalculatedShapeV1> = {}): SkinDoseCalculatedShapeV1 {
  return {
    eventId: randomUUID(),
    occurredAt: OCCURRED_AT,
    site: 'site-a',
    studyInstanceUid: '1.2.3',
    patient: { ...SKIN_DOSE_PATIENT },
    sopInstanceUids: ['1.2.3.4'],
    studyRevision: 1,
    status: 'calculated',
    method: 'ray-trace',
    psdGy: 1.2,
    psdLocation: null,
    expandedUncertaintyPercentK2: 55,
    skinAreaCm2AtOrAbove: { gy2: 0, gy3: 0, gy5: 0, gy10: 0 },
    dapShareOnPhantom: 0.98,
    perPlane: [{ plane: 'single', psdGy: 1.2, doseRpGy: 1.5 }],
    doseRpTotalGy: 1.5,
    assumptions: [],
    sanity: { status: 'ok', findings: [] },
    phantom: 'human',
    profile: { id: 'generic', version: '1.1.0' },
    algorithmVersion: 'kerma-skin-dose 1.2.0',
    mapUrl: null,
    ...overrides,
  };
}

/** The study.parsed v1 message of a new study made of one dose report, read by the parser; patient P1 at site-a, no issuer. */
export function studyParsedV1(report: Uint8Array): StudyParsedV1 {
  const outcome = parseDoseReport(report);
  if (!outcome.ok) throw new Error(outcome.error.message);
  const { studyInstanceUid, sopInstanceUid } = outcome.procedure.study;
  return {
    eventId: randomUUID(),
    occurredAt: OCCURRED_AT,
    site: 'site-a',
    studyInstanceUid,
    patient: { id: 'P1', issuer: null, key: patientKey({ site: 'site-a', patientId: 'P1', issuer: null, studyInstanceUid }) },
    triggeringSopInstanceUid: sopInstanceUid,
    relation: 'new-study',
    studyRevision: 1,
    sopInstanceUids: [sopInstanceUid],
    procedure: outcome.procedure,
  };
}

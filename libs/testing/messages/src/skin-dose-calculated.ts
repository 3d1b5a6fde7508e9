import { randomUUID } from 'node:crypto';
import type { SkinDoseCalculatedShapeV1, StudyParsedV1 } from '@kerma/contracts';

/**
 * A ray-traced skin-dose.calculated v1 result of a parsed study with the given peak skin dose, as a skin-dose
 * service before v2 published it (the patient id included). Ka,r per plane is the study's; the areas,
 * uncertainty and phantom are fixed, plausible figures that no consumer judges.
 */
export function skinDoseCalculatedV1Message(parsed: StudyParsedV1, psdGy: number): SkinDoseCalculatedShapeV1 {
  const perPlane = parsed.procedure.eventSums.map(({ plane, doseRpSumGy }) => {
    if (doseRpSumGy === null) throw new Error(`the study's plane ${plane} has no Ka,r to trace`);
    return { plane, psdGy, doseRpGy: doseRpSumGy };
  });
  // Some skin at or above each level the PSD reaches, less the higher the level; none above the PSD.
  const areaAtOrAbove = (levelGy: number) => (psdGy >= levelGy ? 20 / levelGy : 0);
  return {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    site: parsed.site,
    studyInstanceUid: parsed.studyInstanceUid,
    patient: parsed.patient,
    sopInstanceUids: parsed.sopInstanceUids,
    studyRevision: parsed.studyRevision,
    method: 'ray-trace',
    psdGy,
    psdLocation: null,
    expandedUncertaintyPercentK2: 30,
    skinAreaCm2AtOrAbove: { gy2: areaAtOrAbove(2), gy3: areaAtOrAbove(3), gy5: areaAtOrAbove(5), gy10: areaAtOrAbove(10) },
    dapShareOnPhantom: 0.9,
    perPlane,
    doseRpTotalGy: perPlane.reduce((sum, p) => sum + p.doseRpGy, 0),
    assumptions: [],
    sanity: { status: 'ok', findings: [] },
    phantom: 'test',
    profile: { id: 'generic', version: '1' },
    algorithmVersion: 'test',
    mapUrl: null,
  };
}

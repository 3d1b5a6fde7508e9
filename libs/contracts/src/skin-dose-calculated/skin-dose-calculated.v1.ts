import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, patientRef, site } from '../common/fields';

const nonNegative = z.number().finite().nonnegative();

export const skinDoseCalculatedV1Schema = z.object({
  ...eventMeta,
  site,
  studyInstanceUid: dicomUid,
  patient: patientRef,
  sopInstanceUids: z.array(dicomUid).min(1),
  /** The study.parsed revision the calculation used. */
  studyRevision: z.number().int().positive(),
  /** 'geometry-unavailable': no event could be placed; psdGy is an estimate with the skin at the reference point (see assumptions). */
  method: z.enum(['ray-trace', 'geometry-unavailable']),
  psdGy: nonNegative,
  /**
   * With method 'geometry-unavailable': the PSD with every event on the same skin at the device class's
   * minimum source–skin distance (21 CFR 1020.32(g)), an upper bound of psdGy. Null when ray-traced; absent from older producers.
   */
  psdUpperBoundGy: nonNegative.nullable().optional(),
  psdLocation: z
    .object({ region: z.string(), xMm: z.number(), yMm: z.number(), zMm: z.number() })
    .nullable(),
  expandedUncertaintyPercentK2: nonNegative,
  skinAreaCm2AtOrAbove: z.object({ gy2: nonNegative, gy3: nonNegative, gy5: nonNegative, gy10: nonNegative }),
  dapShareOnPhantom: z.number().min(0).max(1).nullable(),
  perPlane: z.array(z.object({ plane: z.string(), psdGy: nonNegative, doseRpGy: nonNegative })),
  doseRpTotalGy: nonNegative,
  assumptions: z.array(z.object({ code: z.string(), detail: z.string() })),
  /** Plausibility of the input doses (e.g. Ka,r against DAP and field size: a mGy/Gy mix-up shows here). */
  sanity: z.object({ status: z.enum(['ok', 'suspect']), findings: z.array(z.object({ code: z.string(), message: z.string() })) }),
  phantom: z.string(),
  profile: z.object({ id: z.string(), version: z.string() }),
  algorithmVersion: z.string(),
  /** Where the map image is served (skin-dose service). */
  mapUrl: z.string().nullable(),
});
export type SkinDoseCalculatedV1 = z.infer<typeof skinDoseCalculatedV1Schema>;

export const SkinDoseCalculatedV1 = defineContract<SkinDoseCalculatedV1>({
  name: 'skin-dose.calculated',
  version: 1,
  description: 'Peak skin dose and key skin-dose figures of one study, with uncertainty, assumptions and the geometry profile used.',
  schema: skinDoseCalculatedV1Schema,
  key: (p) => p.patient.key,
});

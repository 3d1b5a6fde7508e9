import { z } from 'zod';
import { defineContract } from '../contract';
import { dicomUid, eventMeta, patientRef, site } from '../common/fields';

const nonNegative = z.number().finite().nonnegative();
const positiveMm = z.number().finite().positive();

/** The phantom a map was computed on, enough to rebuild it exactly (and so to place each cell on the body). */
const mapSurface = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('human'), cellSizeMm: positiveMm, heightM: z.number().finite().positive(), massKg: z.number().finite().positive() }),
  z.object({ kind: z.literal('cylinder'), cellSizeMm: positiveMm, semiAxisLateralMm: positiveMm, semiAxisApMm: positiveMm, lengthMm: positiveMm }),
  z.object({ kind: z.literal('plane'), cellSizeMm: positiveMm, lengthMm: positiveMm, widthMm: positiveMm }),
]);

/** The unrolled skin dose map (Gy per cell, row-major, NaN off the body): float32 little-endian, gzip, base64. */
export const skinDoseMapV1Schema = z.object({
  surface: mapSurface,
  widthCells: z.number().int().positive(),
  heightCells: z.number().int().positive(),
  encoding: z.literal('float32-le-gzip-base64'),
  data: z.string().min(1),
});
export type SkinDoseMapV1 = z.infer<typeof skinDoseMapV1Schema>;

const studyState = {
  ...eventMeta,
  site,
  studyInstanceUid: dicomUid,
  patient: patientRef,
  sopInstanceUids: z.array(dicomUid).min(1),
  /** The study.parsed revision the calculation used. */
  studyRevision: z.number().int().positive(),
};

/** Why a study has no skin dose: only procedures with projection events to trace have one. */
export const SKIN_DOSE_NOT_APPLICABLE_CODES = ['ct', 'mammography', 'radiography', 'no-irradiation-events', 'nuclear-medicine', 'no-dose-report'] as const;
export type SkinDoseNotApplicableCode = (typeof SKIN_DOSE_NOT_APPLICABLE_CODES)[number];

/** Sources of the phantom size: the dose report, the RIS (CSV import), FHIR Observations, an engine option, or the reference body. */
export const PATIENT_SIZE_SOURCES = ['rdsr', 'ris-csv', 'fhir', 'option', 'default'] as const;

export const skinDoseCalculatedShapeV1Schema = z.object({
  ...studyState,
  /** Absent in messages written before the not-applicable status existed; they are all calculated. */
  status: z.literal('calculated').optional(),
  /** 'geometry-unavailable': no event could be placed; psdGy is an estimate with the skin at the reference point (see assumptions). */
  method: z.enum(['ray-trace', 'geometry-unavailable']),
  psdGy: nonNegative,
  /**
   * With method 'geometry-unavailable': the PSD with every event on the same skin at the device class's
   * minimum source–skin distance (21 CFR 1020.32(g)), an upper bound of psdGy. Null when ray-traced; absent from older producers.
   */
  psdUpperBoundGy: nonNegative.nullable().optional(),
  psdLocation: z.object({ region: z.string(), xMm: z.number(), yMm: z.number(), zMm: z.number() }).nullable(),
  /**
   * Larger relative half-width of the 95 % interval, in % (derived from psdInterval95Gy since
   * kerma-skin-dose 1.2.0; a fixed-term budget before).
   */
  expandedUncertaintyPercentK2: nonNegative,
  /**
   * 95 % interval of psdGy from sampling the inputs the study had to assume through the engine
   * (asymmetric, lowerGy ≤ psdGy ≤ upperGy, never negative). Absent from older producers.
   */
  psdInterval95Gy: z.object({ lowerGy: nonNegative, upperGy: nonNegative }).optional(),
  skinAreaCm2AtOrAbove: z.object({ gy2: nonNegative, gy3: nonNegative, gy5: nonNegative, gy10: nonNegative }),
  dapShareOnPhantom: z.number().min(0).max(1).nullable(),
  perPlane: z.array(z.object({ plane: z.string(), psdGy: nonNegative, doseRpGy: nonNegative })),
  doseRpTotalGy: nonNegative,
  assumptions: z.array(z.object({ code: z.string(), detail: z.string() })),
  /** Plausibility of the input doses (e.g. Ka,r against DAP and field size: a mGy/Gy mix-up shows here). */
  sanity: z.object({ status: z.enum(['ok', 'suspect']), findings: z.array(z.object({ code: z.string(), message: z.string() })) }),
  phantom: z.string(),
  profile: z.object({ id: z.string(), version: z.string() }),
  /**
   * The room (Device Observer UID, or "serial@station") and the room-profile version applied over the
   * profile; profileVersion null and commissioned false for an uncommissioned room (also an assumption).
   * Absent from producers that predate rooms.
   */
  room: z.object({ id: z.string().nullable(), profileVersion: z.number().int().positive().nullable(), commissioned: z.boolean() }).nullable().optional(),
  /** Where the phantom's height and mass came from; null for the cylinder and plane phantoms; absent from older producers. */
  patientSizeSource: z
    .object({ heightM: z.enum(PATIENT_SIZE_SOURCES), massKg: z.enum(PATIENT_SIZE_SOURCES) })
    .nullable()
    .optional(),
  /** 1 for a study's first result, +1 per recomputation (profile, room commissioning, patient size); absent from older producers. */
  resultVersion: z.number().int().min(1).optional(),
  algorithmVersion: z.string(),
  /** Where the map image is served (skin-dose service). */
  mapUrl: z.string().nullable(),
  /**
   * The map itself, so a consumer (history's cumulative skin dose) keeps it without calling the
   * skin-dose service. Null when there is no map (geometry unavailable); absent from producers that
   * predate it.
   */
  doseMap: skinDoseMapV1Schema.nullable().optional(),
});

/**
 * A study whose procedure has no skin dose to compute (CT, mammography, radiography, nuclear medicine,
 * no events, or figures from image headers or a dose screen only, without beam geometry): no PSD at all, never 0.
 */
export const skinDoseNotApplicableShapeV1Schema = z.object({
  ...studyState,
  status: z.literal('not-applicable'),
  reason: z.object({ code: z.enum(SKIN_DOSE_NOT_APPLICABLE_CODES), message: z.string().min(1) }),
});

export const skinDoseCalculatedV1Schema = z.union([skinDoseCalculatedShapeV1Schema, skinDoseNotApplicableShapeV1Schema]);
export type SkinDoseCalculatedV1 = z.infer<typeof skinDoseCalculatedV1Schema>;
export type SkinDoseCalculatedShapeV1 = z.infer<typeof skinDoseCalculatedShapeV1Schema>;
export type SkinDoseNotApplicableV1 = z.infer<typeof skinDoseNotApplicableShapeV1Schema>;

export const SkinDoseCalculatedV1 = defineContract<SkinDoseCalculatedV1>({
  name: 'skin-dose.calculated',
  version: 1,
  description:
    'Peak skin dose and key skin-dose figures of one study, with uncertainty, assumptions and the geometry profile used; or, with status not-applicable, why the study has no skin dose (CT, mammography, radiography, nuclear medicine, no irradiation events, no dose report). Superseded by v2 (patient key only): produced by skin-dose services before v2; consumers still read it so messages written before an upgrade are processed.',
  schema: skinDoseCalculatedV1Schema,
  key: (p) => p.patient.key,
});

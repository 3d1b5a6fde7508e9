import { z } from 'zod';

/**
 * A room profile: what a physicist measured on one installed unit (one room), applied over the
 * geometry profile of its model. Every part is optional: what was not measured stays as the model's
 * profile says. Validated untrusted JSON (API body); each error names its field.
 */
const kvp = z.number().min(40, 'must be a tube voltage in kV (40–150)').max(150, 'must be a tube voltage in kV (40–150)');
const cuMm = z.number().min(0, 'must be an added copper thickness in mm (0–1.5)').max(1.5, 'must be an added copper thickness in mm (0–1.5)');
const sign = z.union([z.literal(1), z.literal(-1)], { errorMap: () => ({ message: 'must be 1 or -1' }) });

const distinctPoints = <T extends { kvp: number; cuMm: number }>(points: readonly T[]): boolean =>
  new Set(points.map((p) => `${p.kvp}|${p.cuMm}`)).size === points.length;
const DISTINCT = { message: 'lists the same kV and added Cu twice' };

export const roomProfileSchema = z
  .object({
    /** Isocenter in the table frame (mm; x lateral, y toward the head end, z up from the mattress top) when every table position reads 0. */
    tableOrigin: z
      .object({
        isocenterAtZeroMm: z.object({
          x: z.number().min(-1000).max(1000),
          y: z.number().min(-3000).max(3000),
          z: z.number().min(0, 'must be ≥ 0 (the isocenter lies above the mattress top)').max(1000),
        }),
        method: z.string().min(1).max(500),
      })
      .strict()
      .optional(),
    /** Measured (dosimeter, free in air, beam not crossing the table) ÷ displayed Ka,r (or KAP), per beam quality. */
    kermaCorrection: z
      .object({
        points: z
          .array(
            z
              .object({
                kvp,
                cuMm: cuMm.default(0),
                factor: z.number().min(0.5, 'must be a correction factor in 0.5–1.5').max(1.5, 'must be a correction factor in 0.5–1.5'),
              })
              .strict(),
          )
          .min(1)
          .refine(distinctPoints, DISTINCT),
        /** True when the unit's displayed value for beams that cross the table already carries the table's attenuation. */
        vendorValueIncludesTable: z.boolean(),
      })
      .strict()
      .optional(),
    /** Measured transmission of the patient support, per kV, at the incidence it was measured (converted to normal incidence). */
    supportTransmission: z
      .object({
        /** 'table+mattress' measured together; 'mattress' alone (the table then stays as the profile says). */
        layers: z.enum(['table+mattress', 'mattress']),
        points: z
          .array(
            z
              .object({
                kvp,
                cuMm: cuMm.default(0),
                incidenceDeg: z
                  .number()
                  .min(0, 'must be the beam angle from the table normal in degrees (0–60)')
                  .max(60, 'must be the beam angle from the table normal in degrees (0–60)')
                  .default(0),
                transmission: z.number().gt(0.2, 'must be a transmission in (0.2, 1]').max(1, 'must be a transmission in (0.2, 1]'),
              })
              .strict(),
          )
          .min(1)
          .refine(distinctPoints, DISTINCT),
      })
      .strict()
      .optional(),
    /** Measured first half-value layer, mm Al, per beam quality. */
    hvl: z
      .object({
        points: z
          .array(
            z
              .object({ kvp, cuMm: cuMm.default(0), hvlMmAl: z.number().min(1, 'must be an HVL in mm Al (1–20)').max(20, 'must be an HVL in mm Al (1–20)') })
              .strict(),
          )
          .min(1)
          .refine(distinctPoints, DISTINCT),
      })
      .strict()
      .optional(),
    /** Smallest source–skin distance the unit allows (spacer cone, or the device class limit verified on the unit), mm. */
    minimumSourceSkinDistanceMm: z.number().min(150, 'must be a distance in mm (150–1000)').max(1000, 'must be a distance in mm (150–1000)').optional(),
    /** Angle and table axis conventions verified on the unit (replace the profile's). */
    conventions: z
      .object({
        angleSigns: z.object({ primary: sign, secondary: sign }).strict(),
        tableAxes: z
          .object({
            longitudinal: z.object({ field: z.enum(['longitudinal', 'lateral']), sign }).strict(),
            lateral: z.object({ field: z.enum(['longitudinal', 'lateral']), sign }).strict(),
            heightSign: sign,
          })
          .strict()
          .refine((a) => a.longitudinal.field !== a.lateral.field, {
            message: 'longitudinal and lateral must come from different RDSR table positions',
            path: ['lateral', 'field'],
          }),
      })
      .strict()
      .optional(),
    notes: z.string().max(2000).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kermaCorrection?.vendorValueIncludesTable && p.supportTransmission?.layers === 'table+mattress') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['supportTransmission', 'layers'],
        message:
          "must be 'mattress' when kermaCorrection.vendorValueIncludesTable is true (the displayed value already carries the table: counting it again would under-estimate)",
      });
    }
  });

export type RoomProfile = z.output<typeof roomProfileSchema>;
export type RoomProfileInput = z.input<typeof roomProfileSchema>;

export class InvalidRoomProfileError extends Error {
  constructor(readonly issues: readonly { readonly field: string; readonly message: string }[]) {
    super(`invalid room profile: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
    this.name = 'InvalidRoomProfileError';
  }
}

function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '') || '(root)';
}

/** Untrusted JSON → room profile, or the list of offending fields with why. */
export function validateRoomProfile(json: unknown): { ok: true; profile: RoomProfile } | { ok: false; error: InvalidRoomProfileError } {
  const parsed = roomProfileSchema.safeParse(json);
  if (parsed.success) return { ok: true, profile: parsed.data };
  return { ok: false, error: new InvalidRoomProfileError(parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }))) };
}

import { z } from 'zod';

/**
 * A device geometry profile: what a physicist must know about one family of C-arms to place its beams
 * on the patient. Versioned data, never code; validated before use.
 */
const regexString = z
  .string()
  .min(1)
  .refine(
    (s) => {
      try {
        new RegExp(s, 'i');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'is not a valid regular expression' },
  );

const sign = z.union([z.literal(1), z.literal(-1)]);

const transmissionPoint = z.object({
  kvp: z.number().min(20).max(200),
  cuMm: z.number().min(0).max(3),
  transmission: z.number().gt(0, 'must be > 0 (a layer that stops every photon is not a patient support)').max(1, 'must be ≤ 1'),
});

const transmissionTable = z.object({
  /** 'measured' on a unit, or 'estimated' (flagged as an assumption in every result). */
  kind: z.enum(['measured', 'estimated']),
  source: z.string().min(1),
  points: z.array(transmissionPoint).min(1),
});

const axisSource = z.object({
  /** Which RDSR table position feeds this room axis. */
  field: z.enum(['longitudinal', 'lateral']),
  sign,
});

const vector3 = z.object({ x: z.number(), y: z.number(), z: z.number() });

export const geometryProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, dot, dash or underscore'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version like 1.0.0'),
    description: z.string().min(1),
    match: z.object({ manufacturer: regexString, model: regexString }),
    /** Table position → room axes: which field moves the table along the patient, which across, signs. */
    tableAxes: z.object({
      longitudinal: axisSource,
      lateral: axisSource,
      /** +1: a larger Table Height Position value means the table top is higher. */
      heightSign: sign,
    }),
    angleSigns: z.object({ primary: sign, secondary: sign }),
    /**
     * 'anchored': the dose-weighted median table position puts the isocenter at the target region
     * (an assumption, flagged). 'table-origin': calibrated; the isocenter position in the table frame
     * (mm, x lateral, y toward the head end, z up from the mattress top) when all table positions read 0.
     */
    isocenter: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('anchored') }),
      z.object({ mode: z.literal('table-origin'), isocenterAtZeroMm: vector3 }),
    ]),
    table: z.object({
      widthMm: z.number().min(300).max(1000),
      thicknessMm: z.number().min(0).max(200),
      transmission: transmissionTable,
    }),
    mattress: z.object({
      thicknessMm: z.number().min(0).max(200),
      transmission: transmissionTable,
    }),
    detector: z.object({ sideMm: z.number().min(50).max(600) }),
    /** Fixed (stationary) or mobile unit: sets the minimum source–skin distance of the upper bound without geometry. */
    deviceClass: z.enum(['fixed', 'mobile']).optional(),
    defaults: z.object({
      distanceSourceToIsocenterMm: z.number().min(300).max(1500),
      distanceSourceToDetectorMm: z.number().min(400).max(2000),
      inherentFiltrationMmAl: z.number().min(0).max(10),
    }),
    fieldSizeSources: z
      .array(z.enum(['height-width', 'area', 'dap-over-kar', 'detector']))
      .min(1)
      .refine((a) => new Set(a).size === a.length, { message: 'lists a source twice' }),
  })
  .superRefine((p, ctx) => {
    if (p.defaults.distanceSourceToDetectorMm <= p.defaults.distanceSourceToIsocenterMm) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['defaults', 'distanceSourceToDetectorMm'],
        message: 'must be larger than defaults.distanceSourceToIsocenterMm (the detector lies beyond the isocenter)',
      });
    }
    if (p.tableAxes.longitudinal.field === p.tableAxes.lateral.field) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['tableAxes', 'lateral', 'field'],
        message: 'must differ from tableAxes.longitudinal.field (one RDSR position cannot drive both axes)',
      });
    }
  });

export type GeometryProfile = z.infer<typeof geometryProfileSchema>;
export type TransmissionTable = GeometryProfile['table']['transmission'];
export type FieldSizeSource = GeometryProfile['fieldSizeSources'][number];

export class InvalidProfileError extends Error {
  readonly issues: readonly { readonly field: string; readonly message: string }[];
  constructor(profileLabel: string, issues: readonly { readonly field: string; readonly message: string }[]) {
    super(`invalid geometry profile ${profileLabel}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`);
    this.name = 'InvalidProfileError';
    this.issues = issues;
  }
}

export type ProfileValidation = { readonly ok: true; readonly profile: GeometryProfile } | { readonly ok: false; readonly error: InvalidProfileError };

function fieldPath(path: readonly (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '') || '(root)';
}

/** Validates untrusted JSON (a physicist's file) into a profile; the error names each offending field. */
export function validateProfile(json: unknown): ProfileValidation {
  const parsed = geometryProfileSchema.safeParse(json);
  if (parsed.success) return { ok: true, profile: parsed.data };
  const label = typeof json === 'object' && json !== null && typeof (json as { id?: unknown }).id === 'string' ? `"${(json as { id: string }).id}"` : '(no id)';
  const issues = parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  return { ok: false, error: new InvalidProfileError(label, issues) };
}

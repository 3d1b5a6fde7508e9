import { schema as s, type SchemaObject } from '@kerma/platform';

const figures = s.opaque(
  'PSD (psdGy) and location, areas ≥ 2/3/5/10 Gy, expanded uncertainty (k=2), sanity findings, assumptions, profile, room and room-profile version, phantom size source, algorithm version',
);
const resultVersion = s.integer('1 for the first result, +1 per recomputation; replaced results are kept');

/** Calculated, or not applicable with the reason (skin-dose.controller.ts SkinDoseAnswer). */
export const SKIN_DOSE_ANSWER: SchemaObject = {
  oneOf: [
    s.object({
      studyInstanceUid: s.string(),
      status: s.enum(['calculated']),
      computedAt: s.string(),
      resultVersion,
      result: figures,
      sopInstanceUids: s.array(s.string()),
    }),
    s.object({
      studyInstanceUid: s.string(),
      status: s.enum(['not-applicable']),
      reason: s.object({ code: s.string(), reason: s.string() }),
      computedAt: s.string(),
      sopInstanceUids: s.array(s.string()),
    }),
  ],
};

export const RECOMPUTED: SchemaObject = s.object({ studyInstanceUid: s.string(), computedAt: s.string(), resultVersion, result: figures });

const validation = s.object({
  id: s.string(),
  studyInstanceUid: s.string(),
  site: s.string(),
  createdBy: s.string(),
  createdAt: s.string(),
  calculationComputedAt: s.string(),
  algorithmVersion: s.string(),
  report: s.opaque(
    'source, comparedCells, measured and computed PSD, psdDifferencePercent (measured − computed, % of computed), psdLocationDistanceCm, areaAtOrAboveCm2 measured/computed (2/3/5 Gy), registration, notes',
  ),
  picturePngBase64: s.string(),
});

export const VALIDATION: SchemaObject = validation;
export const VALIDATIONS: SchemaObject = s.object({ validations: s.array(validation) });

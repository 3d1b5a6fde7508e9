import type { AccumulatedAverageGlandularDose, BreastLaterality, MammographyDose } from '../model/procedure';
import type { Concept } from '../sr/codes';
import type { CodedConcept, ContentItem } from '../sr/content-item';
import { children } from '../sr/query';
import { codeValue, quantityOfItem } from '../sr/values';
import { CANONICAL_UNITS as U } from '../units/unit-table';
import { Mammography } from './projection-codes';

/**
 * TID 10005 Accumulated Mammography X-Ray Dose: inside each TID 10002 container, one or two Accumulated
 * Average Glandular Dose values, each with a Laterality modifier (CID 6022 Side, which includes the
 * breast codes of CID 6023; the generic CID 244 sides are accepted as well).
 */

const SIDES: readonly (readonly [Concept, BreastLaterality])[] = [
  [Mammography.leftBreast, 'left'],
  [Mammography.rightBreast, 'right'],
  [Mammography.bothBreasts, 'bilateral'],
  [Mammography.left, 'left'],
  [Mammography.right, 'right'],
  [Mammography.rightAndLeft, 'bilateral'],
];

function laterality(code: CodedConcept | null): BreastLaterality | null {
  if (code === null) return null;
  return SIDES.find(([c]) => c.keys.has(code.key))?.[1] ?? null;
}

export function readMammographyDose(accumulated: readonly ContentItem[], warnings: string[]): MammographyDose {
  const values: AccumulatedAverageGlandularDose[] = [];
  for (const container of accumulated) {
    for (const item of children(container, Mammography.accumulatedAverageGlandularDose, 'NUM')) {
      const doseMGy = quantityOfItem(item, U.MGy);
      if (doseMGy === null) {
        warnings.push('an Accumulated Average Glandular Dose has no value; skipped');
        continue;
      }
      const side = codeValue(item, Mammography.laterality);
      if (side !== null && laterality(side) === null)
        warnings.push(`Accumulated Average Glandular Dose laterality ${side.scheme} ${side.value} is not a known side`);
      values.push({ laterality: laterality(side), doseMGy });
    }
  }
  return { accumulatedAverageGlandularDose: values };
}

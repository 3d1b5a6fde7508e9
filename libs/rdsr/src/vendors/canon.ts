import { Event, Report } from '../sr/codes';
import type { Concept } from '../sr/codes';
import type { ContentItem } from '../sr/content-item';
import type { AdapterFindings, VendorAdapter } from './adapter';

/**
 * Canon / Toshiba: some rows are siblings of the item they modify instead of its children
 * (Has Intent beside Procedure reported, Study Instance UID beside Scope of Accumulation,
 * Patient Orientation Modifier beside Patient Orientation). They are moved under their parent
 * before the templates read the tree. Units (mGy, dGy.cm2, durations in ms) need nothing here:
 * the unit table converts them and the provenance says from which unit.
 */

const NAME = 'canon';

/** [misplaced row, the sibling it belongs under, change name] */
const MISNESTED: readonly (readonly [Concept, Concept, string])[] = [
  [Report.hasIntent, Report.procedureReported, 'has-intent-nested-under-procedure-reported'],
  [Report.studyInstanceUid, Report.scopeOfAccumulation, 'study-uid-nested-under-scope'],
  [Event.patientOrientationModifier, Event.patientOrientation, 'orientation-modifier-nested-under-orientation'],
];

function renest(item: ContentItem, findings: AdapterFindings): ContentItem {
  let kids = item.children.map((c) => (c.children.length > 0 || c.valueType === 'CONTAINER' ? renest(c, findings) : c));
  for (const [misplaced, parentConcept, change] of MISNESTED) {
    const parentIndex = kids.findIndex((c) => c.concept !== null && parentConcept.keys.has(c.concept.key));
    const strays = kids.filter((c) => c.concept !== null && misplaced.keys.has(c.concept.key));
    if (parentIndex < 0 || strays.length === 0) continue;
    const parent = kids[parentIndex]!;
    kids = kids.filter((c) => !strays.includes(c));
    const newParent = { ...parent, children: [...parent.children, ...strays] } as ContentItem;
    kids = kids.map((c) => (c === parent ? newParent : c));
    findings.record(NAME, change);
  }
  return { ...item, children: kids } as ContentItem;
}

export const canon: VendorAdapter = {
  name: NAME,
  matches: (c) => /canon|toshiba/i.test(c.manufacturer ?? ''),
  repairTree: renest,
};

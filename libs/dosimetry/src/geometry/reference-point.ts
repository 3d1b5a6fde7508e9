import type { Coded, IrradiationEvent, ReferencePointDefinition } from '@kerma/rdsr';

/**
 * Where the reported air kerma Ka,r applies: the source-to-reference-point distance of one event.
 * Order: an explicit option; Distance Source to Reference Point (113737); the code of CID 10025;
 * free text seen in real files; else 15 cm from the isocenter toward the source as a labelled assumption.
 */
export interface ReferenceDistance {
  readonly distanceMm: number;
  readonly basis: string;
  readonly defaulted: boolean;
}

export interface ReferenceGeometry {
  readonly distanceSourceToIsocenterMm: number;
  readonly distanceSourceToDetectorMm: number;
  /** Source to the table top along the central ray, when the geometry gives it. */
  readonly distanceSourceToTableTopMm: number | null;
}

type Rule = (g: ReferenceGeometry) => number | null;

/** CID 10025, keyed by DCM code value. */
const CODE_RULES: Readonly<Record<string, { readonly rule: Rule; readonly label: string }>> = {
  '113860': { rule: (g) => g.distanceSourceToIsocenterMm - 150, label: '15 cm from isocenter toward source (113860)' },
  '113861': { rule: (g) => g.distanceSourceToDetectorMm - 300, label: '30 cm in front of image input surface (113861)' },
  '113862': { rule: (g) => (g.distanceSourceToTableTopMm === null ? null : g.distanceSourceToTableTopMm + 10), label: '1 cm above tabletop (113862)' },
  '113863': { rule: (g) => (g.distanceSourceToTableTopMm === null ? null : g.distanceSourceToTableTopMm - 300), label: '30 cm above tabletop (113863)' },
  '113864': { rule: (g) => g.distanceSourceToIsocenterMm - 150, label: '15 cm from table centerline (113864), taken as 15 cm toward the source' },
  '113941': { rule: (g) => g.distanceSourceToDetectorMm, label: 'in detector plane (113941)' },
  '113965': { rule: () => 1000, label: '100 cm from X-ray source (113965)' },
};

const NUMBER = String.raw`(\d+(?:[.,]\d+)?)\s*(mm|cm)\b`;
const ISOCENTER = String.raw`(?:the\s*)?(?:beam\s*)?iso-?cent(?:er|re)`;
const SOURCE = String.raw`(?:the\s*)?(?:x-?ray\s*)?(?:tube\s*)?(?:focus|focal\s*spot|source)`;
const RECEPTOR = String.raw`(?:the\s*)?(?:image\s*(?:input(?:\s*surface)?|receptor|intensifier)|detector|flat\s*panel)`;

interface TextRule {
  readonly pattern: RegExp;
  /** Source-to-reference-point distance from the number (mm) and the geometry. */
  readonly rule: (mm: number, g: ReferenceGeometry) => number;
  readonly label: string;
}

/**
 * Free-text forms vendors write instead of (or beside) a CID 10025 code, each with the reading it gets
 * (tested form by form in reference-point.spec.ts; documented in docs/dosimetry.md §2). The number may
 * be in mm or cm, with a decimal point or comma. "Above the isocenter" is read as toward the detector
 * (the IEC 60601-2-43 point is below the isocenter for an under-table source). Text that fits none,
 * e.g. Canon's "26.0 cm Chamber Patient Distance" (distance from what is not said), is not guessed.
 */
const TEXT_RULES: readonly TextRule[] = [
  { pattern: new RegExp(String.raw`${NUMBER}\s*from\s*${SOURCE}`, 'i'), rule: (mm) => mm, label: 'from the focal spot (free text)' },
  {
    pattern: new RegExp(String.raw`${NUMBER}\s*(?:below|before|from|toward(?:s)?\s*(?:the\s*)?source\s*from)\s*${ISOCENTER}`, 'i'),
    rule: (mm, g) => g.distanceSourceToIsocenterMm - mm,
    label: 'from the isocenter toward the source (free text)',
  },
  {
    pattern: new RegExp(String.raw`${NUMBER}\s*above\s*${ISOCENTER}`, 'i'),
    rule: (mm, g) => g.distanceSourceToIsocenterMm + mm,
    label: 'from the isocenter toward the detector (free text)',
  },
  {
    pattern: new RegExp(String.raw`${NUMBER}\s*(?:in\s*front\s*of|from|before)\s*${RECEPTOR}`, 'i'),
    rule: (mm, g) => g.distanceSourceToDetectorMm - mm,
    label: 'in front of the image receptor (free text)',
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:at\s*)?${ISOCENTER}\s*$`, 'i'),
    rule: (_mm, g) => g.distanceSourceToIsocenterMm,
    label: 'at the isocenter (free text)',
  },
  {
    pattern: new RegExp(String.raw`^\s*(?:in\s*)?(?:the\s*)?detector\s*plane\s*$`, 'i'),
    rule: (_mm, g) => g.distanceSourceToDetectorMm,
    label: 'in the detector plane (free text)',
  },
];

function textDistanceMm(m: RegExpExecArray): number {
  if (m[1] === undefined) return 0;
  const value = Number(m[1].replace(',', '.'));
  return m[2].toLowerCase() === 'cm' ? value * 10 : value;
}

function isDcm(code: Coded): boolean {
  return code.scheme.toUpperCase() === 'DCM';
}

function fromDefinition(def: ReferencePointDefinition | null, g: ReferenceGeometry): ReferenceDistance | null {
  if (!def) return null;
  if (def.code && isDcm(def.code)) {
    const entry = CODE_RULES[def.code.value];
    const d = entry?.rule(g) ?? null;
    if (entry && d !== null && d > 0) return { distanceMm: d, basis: entry.label, defaulted: false };
  }
  if (def.text) {
    for (const t of TEXT_RULES) {
      const m = t.pattern.exec(def.text);
      if (m) {
        const d = t.rule(textDistanceMm(m), g);
        if (d > 0) return { distanceMm: d, basis: `"${def.text.trim()}": ${t.label}`, defaulted: false };
      }
    }
  }
  return null;
}

function describe(def: ReferencePointDefinition | null): string | null {
  if (!def) return null;
  return def.text?.trim() || (def.code ? `${def.code.scheme} ${def.code.value} "${def.code.meaning}"` : null);
}

export function resolveReferenceDistance(
  event: IrradiationEvent,
  planeDefinition: ReferencePointDefinition | null,
  g: ReferenceGeometry,
  forcedCmFromIsocenter: number | undefined,
): ReferenceDistance {
  if (forcedCmFromIsocenter !== undefined) {
    return {
      distanceMm: g.distanceSourceToIsocenterMm - forcedCmFromIsocenter * 10,
      basis: `option: ${forcedCmFromIsocenter} cm from isocenter toward source`,
      defaulted: false,
    };
  }
  const explicit = event.distanceSourceToReferencePointMm?.value;
  if (explicit !== undefined && explicit > 0) return { distanceMm: explicit, basis: 'Distance Source to Reference Point (113737)', defaulted: false };
  const resolved = fromDefinition(event.referencePoint, g) ?? fromDefinition(planeDefinition, g);
  if (resolved) return resolved;
  const given = describe(event.referencePoint) ?? describe(planeDefinition);
  return {
    distanceMm: g.distanceSourceToIsocenterMm - 150,
    basis: `${given === null ? 'no reference point in the report' : `reference point "${given}" not understood`}: assumed 15 cm from isocenter toward source (IEC 60601-2-43 interventional reference point)`,
    defaulted: true,
  };
}

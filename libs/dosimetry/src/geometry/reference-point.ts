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

const TEXT_RULES: readonly { readonly pattern: RegExp; readonly rule: (cm: number, g: ReferenceGeometry) => number; readonly label: string }[] = [
  {
    pattern: /(\d+(?:[.,]\d+)?)\s*cm\s*(?:below|from|before|toward[s]?\s+source\s+from)\s*(?:the\s*)?(?:beam\s*)?iso-?cent(?:er|re)/i,
    rule: (cm, g) => g.distanceSourceToIsocenterMm - cm * 10,
    label: 'cm from isocenter toward source (free text)',
  },
  {
    pattern: /(\d+(?:[.,]\d+)?)\s*cm\s*(?:in\s*front\s*of|from)\s*(?:the\s*)?(?:image\s*input|detector)/i,
    rule: (cm, g) => g.distanceSourceToDetectorMm - cm * 10,
    label: 'cm in front of the image receptor (free text)',
  },
];

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
        const d = t.rule(Number(m[1].replace(',', '.')), g);
        if (d > 0) return { distanceMm: d, basis: `"${def.text.trim()}": ${t.label}`, defaulted: false };
      }
    }
  }
  return null;
}

export function resolveReferenceDistance(
  event: IrradiationEvent,
  planeDefinition: ReferencePointDefinition | null,
  g: ReferenceGeometry,
  forcedCmFromIsocenter: number | undefined,
): ReferenceDistance {
  if (forcedCmFromIsocenter !== undefined) {
    return { distanceMm: g.distanceSourceToIsocenterMm - forcedCmFromIsocenter * 10, basis: `option: ${forcedCmFromIsocenter} cm from isocenter toward source`, defaulted: false };
  }
  const explicit = event.distanceSourceToReferencePointMm?.value;
  if (explicit !== undefined && explicit > 0) return { distanceMm: explicit, basis: 'Distance Source to Reference Point (113737)', defaulted: false };
  const resolved = fromDefinition(event.referencePoint, g) ?? fromDefinition(planeDefinition, g);
  if (resolved) return resolved;
  return {
    distanceMm: g.distanceSourceToIsocenterMm - 150,
    basis: 'assumed 15 cm from isocenter toward source (IEC 60601-2-43 interventional reference point)',
    defaulted: true,
  };
}

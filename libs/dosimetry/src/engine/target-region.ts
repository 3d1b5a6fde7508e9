import type { Coded, IrradiationEvent, Procedure } from '@kerma/rdsr';
import type { BodyTarget } from '../phantoms';

/**
 * Target Region (123014, CID 4031 Common Anatomic Regions and the organs of CID 4030 / CID 4) → where
 * the isocenter is on the phantom, by (scheme, code value), current SCT and legacy SRT codes. The
 * phantoms have a head and a trunk only: limbs are recorded as outside the phantom, so their events are
 * not traced onto the trunk (prepare-steps puts them with the events without geometry, said in the
 * result). "Entire body" names no place on the body.
 */
type Region = { readonly kind: 'on-phantom'; readonly target: BodyTarget } | { readonly kind: 'off-phantom' } | { readonly kind: 'whole-body' };

const on = (target: BodyTarget, codes: readonly string[]): [string, Region][] => codes.map((c) => [c, { kind: 'on-phantom', target }]);
const off = (codes: readonly string[]): [string, Region][] => codes.map((c) => [c, { kind: 'off-phantom' }]);

const REGIONS: ReadonlyMap<string, Region> = new Map<string, Region>([
  // Head, skull, brain, face.
  ...on('head', ['SCT|69536005', 'SCT|89546000', 'SCT|12738006', 'SCT|89545001', 'SRT|T-D1100', 'SRT|T-A0100']),
  // Neck, cervical spine, thyroid, trachea.
  ...on('neck', ['SCT|45048000', 'SCT|122494005', 'SCT|69748006', 'SCT|44567001', 'SRT|T-D1600']),
  // Chest, thorax, heart, lung, thoracic spine, breast, mediastinum, esophagus, rib, bronchus.
  ...on('chest', [
    'SCT|51185008',
    'SCT|816094009',
    'SCT|80891009',
    'SCT|39607008',
    'SCT|122495006',
    'SCT|76752008',
    'SCT|72410000',
    'SCT|32849002',
    'SCT|113197003',
    'SCT|955009',
    'SRT|T-D3000',
    'SRT|T-32000',
  ]),
  // Abdomen, abdomen and pelvis, liver, kidney, lumbar spine, stomach, pancreas, gallbladder, spleen, adrenal, colon.
  ...on('abdomen', [
    'SCT|113345001',
    'SCT|818981001',
    'SCT|818983003',
    'SCT|818982008',
    'SCT|10200004',
    'SCT|64033007',
    'SCT|122496007',
    'SCT|69695003',
    'SCT|15776009',
    'SCT|28231008',
    'SCT|78961009',
    'SCT|23451007',
    'SCT|71854001',
    'SRT|T-D4000',
    'SRT|T-62000',
  ]),
  // Pelvis, bladder, prostate, uterus, ovary, hip.
  ...on('pelvis', ['SCT|12921003', 'SCT|816092008', 'SCT|89837001', 'SCT|41216001', 'SCT|35039007', 'SCT|15497006', 'SCT|29836001', 'SRT|T-D6000']),
  // Limbs: knee, lower leg, lower limb, thigh, femur, foot, ankle, arm (upper limb), upper arm, humerus,
  // forearm, elbow, wrist, hand, shoulder, extremity.
  ...off([
    'SCT|72696002',
    'SCT|30021000',
    'SCT|61685007',
    'SCT|68367000',
    'SCT|71341001',
    'SCT|56459004',
    'SCT|70258002',
    'SCT|53120007',
    'SCT|40983000',
    'SCT|85050009',
    'SCT|14975008',
    'SCT|127949000',
    'SCT|16953009',
    'SCT|8205005',
    'SCT|85562004',
    'SCT|16982005',
    'SCT|66019005',
    'SRT|T-D9200',
    'SRT|T-D9400',
    'SRT|T-D9700',
    'SRT|T-D8700',
    'SRT|T-D8200',
    'SRT|T-D9000',
    'SRT|T-D8000',
    'SRT|T-D2220',
  ]),
  ['SCT|38266002', { kind: 'whole-body' }],
  ['SRT|T-D0010', { kind: 'whole-body' }],
]);

function regionOf(code: Coded | null): Region | null {
  if (!code) return null;
  const scheme = code.scheme.toUpperCase() === 'SNM3' ? 'SRT' : code.scheme.toUpperCase();
  return REGIONS.get(`${scheme}|${code.value}`) ?? null;
}

const named = (code: Coded): string => `"${code.meaning}" (${code.scheme} ${code.value})`;

/** Why an event cannot be traced onto the phantom because of its target region; null when it can. */
export function offPhantomReason(e: IrradiationEvent): string | null {
  return regionOf(e.targetRegion)?.kind === 'off-phantom'
    ? `target region ${named(e.targetRegion!)} is not on the phantom (head and trunk only, no arms or legs)`
    : null;
}

export interface DominantTarget {
  /** The body part most of the Ka,r went to; null when no event names one the phantom has. */
  readonly target: BodyTarget | null;
  /** Why there is no target, when there is none. */
  readonly note: string | null;
}

export function dominantTarget(procedure: Procedure): DominantTarget {
  const weight = new Map<BodyTarget, number>();
  const elsewhere = new Map<string, string>();
  for (const e of procedure.events) {
    const code = e.targetRegion;
    const region = regionOf(code);
    if (region?.kind === 'on-phantom') weight.set(region.target, (weight.get(region.target) ?? 0) + (e.doseRpGy?.value ?? 0) + 1e-12);
    else if (code)
      elsewhere.set(
        `${code.scheme}|${code.value}`,
        `${named(code)} ${region?.kind === 'off-phantom' ? 'is outside the phantom' : 'locates no part of the phantom'}`,
      );
  }
  const best = [...weight.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) return { target: best[0], note: null };
  if (elsewhere.size === 0) return { target: null, note: 'no target region coded' };
  return { target: null, note: `target region ${[...elsewhere.values()].join(', ')}` };
}

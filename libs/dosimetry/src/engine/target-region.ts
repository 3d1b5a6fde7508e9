import type { Coded, Procedure } from '@kerma/rdsr';
import type { BodyTarget } from '../phantoms';

/** Target Region (123014) codes → phantom target, by (scheme, value); legacy SRT and current SCT. */
const TARGETS: Readonly<Record<string, BodyTarget>> = {
  'SCT|69536005': 'head',
  'SRT|T-D1100': 'head',
  'SCT|12738006': 'head',
  'SRT|T-A0100': 'head',
  'SCT|51185008': 'chest',
  'SRT|T-D3000': 'chest',
  'SCT|80891009': 'chest',
  'SRT|T-32000': 'chest',
  'SCT|113345001': 'abdomen',
  'SCT|818983003': 'abdomen',
  'SRT|T-D4000': 'abdomen',
  'SCT|10200004': 'abdomen',
  'SRT|T-62000': 'abdomen',
  'SCT|12921003': 'pelvis',
  'SCT|816092008': 'pelvis',
  'SRT|T-D6000': 'pelvis',
};

function targetOf(code: Coded | null): BodyTarget | null {
  if (!code) return null;
  const scheme = code.scheme.toUpperCase() === 'SNM3' ? 'SRT' : code.scheme.toUpperCase();
  return TARGETS[`${scheme}|${code.value}`] ?? null;
}

/** The body part most of the Ka,r went to, by the events' Target Region; null when none is coded. */
export function dominantTarget(procedure: Procedure): BodyTarget | null {
  const weight = new Map<BodyTarget, number>();
  for (const e of procedure.events) {
    const t = targetOf(e.targetRegion);
    if (t) weight.set(t, (weight.get(t) ?? 0) + (e.doseRpGy?.value ?? 0) + 1e-12);
  }
  const best = [...weight.entries()].sort((a, b) => b[1] - a[1])[0];
  return best ? best[0] : null;
}

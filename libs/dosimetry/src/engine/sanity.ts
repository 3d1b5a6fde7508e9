import type { Procedure } from '@kerma/rdsr';
import type { SanityFinding } from './types';

/**
 * Unit sanity of Ka,r against DAP. DAP = Ka,r × field area at the reference point, so DAP/Ka,r is a
 * field area; for interventional fields it lies between a few cm² and ~1,600 cm² (40 × 40 cm). A median
 * outside 1–5,000 cm² means one of the two is off by about a power of ten, typically mGy written as Gy
 * (OpenREM #808) or dGy·cm² read as Gy·m² (#704).
 */
const AREA_RANGE_CM2: readonly [number, number] = [1, 5000];
const IMPLAUSIBLE_TOTAL_KAR_GY = 50;

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function checkKermaDapConsistency(procedure: Procedure): SanityFinding[] {
  const findings: SanityFinding[] = [];
  const areas: number[] = [];
  const fieldRatios: number[] = [];
  let totalKar = 0;
  for (const e of procedure.events) {
    const kar = e.doseRpGy?.value;
    const dap = e.dapGyM2?.value;
    if (kar && kar > 0) totalKar += kar;
    if (!kar || !dap || kar <= 0 || dap <= 0) continue;
    const areaCm2 = (dap / kar) * 1e4;
    areas.push(areaCm2);
    const dsi = e.distanceSourceToIsocenterMm?.value;
    const dsd = e.distanceSourceToDetectorMm?.value;
    const cfa = e.collimatedFieldAreaM2?.value;
    const dsrp = e.distanceSourceToReferencePointMm?.value ?? (dsi ? dsi - 150 : undefined);
    if (cfa && cfa > 0 && dsd && dsrp) fieldRatios.push(areaCm2 / (cfa * 1e4 * (dsrp / dsd) ** 2));
  }
  if (areas.length > 0) {
    const m = median(areas);
    const decades = Math.round(Math.log10(m / 100));
    if (m < AREA_RANGE_CM2[0]) {
      findings.push({
        code: 'kar-too-large-for-dap',
        message: `DAP / Ka,r gives a median field of ${m.toPrecision(3)} cm² at the reference point: Ka,r looks ~10^${-decades} too large for the DAP (mGy reported as Gy?)`,
      });
    } else if (m > AREA_RANGE_CM2[1]) {
      findings.push({
        code: 'kar-too-small-for-dap',
        message: `DAP / Ka,r gives a median field of ${m.toPrecision(3)} cm² at the reference point: Ka,r looks ~10^${decades} too small for the DAP (or the DAP unit is wrong)`,
      });
    }
  }
  if (fieldRatios.length > 0) {
    const r = median(fieldRatios);
    if (r < 0.2 || r > 5) {
      findings.push({
        code: 'kar-dap-field-mismatch',
        message: `DAP / Ka,r is ${r.toPrecision(3)} × the collimated field scaled to the reference point (expected ≈ 1): check the Ka,r and DAP units`,
      });
    }
  }
  if (totalKar > IMPLAUSIBLE_TOTAL_KAR_GY) {
    findings.push({ code: 'kar-implausibly-high', message: `Σ Ka,r = ${totalKar.toPrecision(3)} Gy is beyond any survivable procedure: check the unit` });
  }
  return findings;
}

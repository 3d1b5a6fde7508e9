import type { Procedure } from '@kerma/rdsr';
import type { AssumptionLog } from './assumptions';
import type { Uncertainty, UncertaintyComponent } from './types';

/**
 * Uncertainty budget of the PSD (relative standard uncertainties, combined in quadrature, k = 2).
 * Magnitudes follow the published analyses summarised in docs/dosimetry.md (Krajinović et al. 2021:
 * ~13 % best, 28 % realistic, 61 % worst case at k = 2); each component grows when the matching
 * assumption had to be made.
 */
export function uncertaintyBudget(procedure: Procedure, log: AssumptionLog, psdGy: number): Uncertainty {
  const calibration = procedure.planes.flatMap((p) => p.calibrations.map((c) => c.uncertaintyPercent?.value ?? null)).filter((v): v is number => v !== null && v > 0);
  const budget: UncertaintyComponent[] = [
    calibration.length > 0
      ? { component: 'Ka,r calibration', relativeStandardUncertainty: Math.max(...calibration) / 100 / 2, basis: 'calibration uncertainty reported in the RDSR (taken as k = 2)' }
      : { component: 'Ka,r calibration', relativeStandardUncertainty: 0.07, basis: 'no calibration in the report; typical kerma-meter accuracy of an uncalibrated unit (IEC 60580 / 60601-2-43 tolerances)' },
    { component: 'backscatter and medium factors', relativeStandardUncertainty: 0.03, basis: 'Benmakhlouf et al. 2011/2013 fits, HVL estimated from kV and filtration' },
    log.has('table-transmission-estimated')
      ? { component: 'table and mattress transmission', relativeStandardUncertainty: 0.1, basis: 'estimated, not measured on this unit' }
      : { component: 'table and mattress transmission', relativeStandardUncertainty: 0.03, basis: 'measured values for this model' },
    log.has('isocenter-anchored') || log.has('patient-position-assumed')
      ? { component: 'patient position and skin distance', relativeStandardUncertainty: 0.12, basis: 'isocenter anchored at the target region or position assumed: skin distance uncertain by a few cm' }
      : { component: 'patient position and skin distance', relativeStandardUncertainty: 0.06, basis: 'table positions calibrated to the isocenter' },
    log.has('patient-height-assumed') || log.has('patient-mass-assumed')
      ? { component: 'phantom shape', relativeStandardUncertainty: 0.08, basis: 'phantom scaled from assumed height or mass' }
      : { component: 'phantom shape', relativeStandardUncertainty: 0.05, basis: 'mathematical phantom scaled to the patient' },
  ];
  if (log.has('profile-fallback')) {
    budget.push({
      component: 'geometry profile',
      relativeStandardUncertainty: 0.2,
      basis: 'generic profile: a wrong table axis or angle sign moves fields to other skin (about ±50 % seen on one device, taken as a ±2σ excursion: 20 % relative standard uncertainty)',
    });
  }
  if (log.has('profile-partial-match')) {
    budget.push({ component: 'geometry profile', relativeStandardUncertainty: 0.05, basis: 'profile chosen on the model or manufacturer name alone' });
  }
  if (log.has('reference-point-defaulted')) budget.push({ component: 'reference point', relativeStandardUncertainty: 0.05, basis: 'reference point not stated; 15 cm assumed' });
  if (log.has('geometry-unavailable')) budget.push({ component: 'missing geometry', relativeStandardUncertainty: 0.35, basis: 'events without angles estimated as one field at the reference point' });
  if (log.has('field-from-detector-size')) budget.push({ component: 'field size', relativeStandardUncertainty: 0.05, basis: 'field assumed equal to the detector' });
  const combined = Math.sqrt(budget.reduce((s, c) => s + c.relativeStandardUncertainty ** 2, 0));
  const expanded = 2 * combined;
  return { coverageFactor: 2, expandedRelative: expanded, psdLowGy: psdGy * Math.max(0, 1 - expanded), psdHighGy: psdGy * (1 + expanded), budget };
}

import type { Component } from './components';
import type { FhirStudyInput } from './study-input';

/**
 * Observation.valueString, the IG's "dose summary text" whose template is left to the dose management system: the
 * components in words, plus the peak skin dose, which the IG has no element for.
 */
export function summaryText(input: FhirStudyInput, components: readonly Component[]): string {
  const parts = components.flatMap(describe);
  const psd = input.peakSkinDose;
  if (psd.status === 'calculated') parts.push(`Peak skin dose (Kerma estimate): ${psd.psdGy} Gy`);
  else if (input.kind === 'projection-xray') parts.push(`Peak skin dose: ${psd.reason}`);
  return parts.length > 0 ? parts.join('; ') : 'No dose figures known yet';
}

function describe(c: Component): string[] {
  const name = c.code.coding[0].display;
  if ('valueQuantity' in c) return [`${name}: ${c.valueQuantity.value} ${c.valueQuantity.unit}`];
  if ('valueInteger' in c) return [`${name}: ${c.valueInteger}`];
  if ('valueCodeableConcept' in c) return [`${name}: ${c.valueCodeableConcept.coding[0].display}`];
  return [`${name}: unknown`];
}

import { COMPONENT, PROCEDURE_REPORTED, type Coding } from './codes';
import { mGy, mGyCm, mGyCm2FromGyCm2, mGyFromGy, seconds, type FhirQuantity } from './quantities';
import type { FhirStudyInput } from './study-input';

export type Component =
  | { readonly code: { coding: Coding[] }; readonly valueQuantity: FhirQuantity }
  | { readonly code: { coding: Coding[] }; readonly valueInteger: number }
  | { readonly code: { coding: Coding[] }; readonly valueCodeableConcept: { coding: Coding[] } }
  | { readonly code: { coding: Coding[] }; readonly dataAbsentReason: { coding: Coding[] } };

/** The components and the assumptions made in choosing them (written into Observation.note). */
export interface Components {
  readonly components: Component[];
  readonly assumptions: string[];
}

const UNKNOWN: Coding = { system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'unknown', display: 'Unknown' };

const quantity = (code: Coding, value: FhirQuantity): Component => ({ code: { coding: [code] }, valueQuantity: value });
const count = (code: Coding, value: number): Component => ({ code: { coding: [code] }, valueInteger: value });
const procedure = (value: Coding): Component => ({ code: { coding: [COMPONENT.procedureReported] }, valueCodeableConcept: { coding: [value] } });

/** A known figure becomes a component; an unknown one none at all (never a 0). */
function known<T>(value: T | null, make: (v: T) => Component): Component[] {
  return value === null ? [] : [make(value)];
}

export function components(input: FhirStudyInput): Components {
  switch (input.kind) {
    case 'ct':
      return ctComponents(input);
    case 'mammography':
      return mammographyComponents(input);
    case 'projection-xray':
    case 'radiography':
      return { components: [procedure(PROCEDURE_REPORTED.projectionXray), ...projectionComponents(input)], assumptions: [] };
    case 'nuclear-medicine':
      return {
        components: [],
        assumptions: ['radiopharmaceutical administrations are not mapped to this summary: its components cover CT and projection X-ray'],
      };
    case null:
      return { components: [], assumptions: ['the dose report is not parsed yet: no procedure and no figures'] };
  }
}

function ctComponents(input: FhirStudyInput): Components {
  const ct = input.ct;
  const assumptions: string[] = [];
  if (ct?.dlpTotalSource === 'sum-of-acquisitions')
    assumptions.push('CT Dose Length Product Total is the sum of the acquisitions: the scanner reported no total');
  // The CT profile requires the DLP total: an unknown one is said with a data-absent reason rather than left out.
  const dlp: Component =
    ct?.dlpTotalMGyCm == null
      ? { code: { coding: [COMPONENT.dlpTotal] }, dataAbsentReason: { coding: [UNKNOWN] } }
      : quantity(COMPONENT.dlpTotal, mGyCm(ct.dlpTotalMGyCm));
  const ctdi = known(ct?.ctdiVolMaxMGy ?? null, (v) => quantity(COMPONENT.meanCtdiVol, mGy(v)));
  if (ctdi.length > 0) assumptions.push('Mean CTDIvol is the highest of the acquisitions (the figure diagnostic reference levels compare)');
  return {
    components: [procedure(PROCEDURE_REPORTED.ct), dlp, ...ctdi, ...known(ct?.acquisitionCount ?? null, (n) => count(COMPONENT.irradiationEventCount, n))],
    assumptions,
  };
}

function mammographyComponents(input: FhirStudyInput): Components {
  const agds = input.mammography?.accumulatedAgd ?? [];
  const highest = agds.reduce<(typeof agds)[number] | null>((top, a) => (top === null || a.doseMGy > top.doseMGy ? a : top), null);
  const assumptions =
    agds.length > 1
      ? [
          `Accumulated Average Glandular Dose is the highest of ${agds.length} reported (${agds.map((a) => `${a.laterality ?? 'laterality unknown'} ${a.doseMGy} mGy`).join(', ')}): the profile allows one`,
        ]
      : [];
  return {
    components: [
      procedure(PROCEDURE_REPORTED.mammography),
      ...known(highest, (a) => quantity(COMPONENT.accumulatedAgd, mGy(a.doseMGy))),
      ...projectionComponents(input),
    ],
    assumptions,
  };
}

function projectionComponents(input: FhirStudyInput): Component[] {
  const t = input.totals;
  if (t === null) return [];
  return [
    ...known(t.doseRpTotalGy, (v) => quantity(COMPONENT.doseRpTotal, mGyFromGy(v))),
    ...known(t.dapTotalGyCm2, (v) => quantity(COMPONENT.dapTotal, mGyCm2FromGyCm2(v))),
    ...known(t.fluoroTimeTotalS, (v) => quantity(COMPONENT.fluoroTimeTotal, seconds(v))),
    count(COMPONENT.irradiationEventCount, t.eventCount),
  ];
}

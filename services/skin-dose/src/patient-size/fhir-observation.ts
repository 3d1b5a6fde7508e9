import { implausibleHeight, implausibleMass, KG_PER_LB } from './plausible-size';

/**
 * Height and weight from FHIR R4 Observations: LOINC 8302-2 (body height, UCUM cm or m) and 29463-7
 * (body weight, UCUM kg or [lb_av]), as one Observation or a Bundle of them. Every resource is
 * checked; any problem refuses the whole request with each reason (a measurement set is not split).
 */
export interface FhirSize {
  readonly reference: string;
  readonly heightM: number | null;
  readonly massKg: number | null;
  /** subject.identifier.value, when the Observation names the patient that way (checked against the study). */
  readonly patientId: string | null;
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const CODES = {
  '8302-2': { quantity: 'height', units: { cm: 0.01, m: 1 } },
  '29463-7': { quantity: 'weight', units: { kg: 1, '[lb_av]': KG_PER_LB } },
} as const;
const USABLE_STATUS = new Set(['final', 'amended', 'corrected', 'preliminary']);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function observation(resource: unknown, where: string): FhirSize | string[] {
  if (!isObject(resource)) return [`${where}: not a JSON object`];
  if (resource.resourceType !== 'Observation') return [`${where}: resourceType must be Observation, got ${JSON.stringify(resource.resourceType ?? null)}`];
  const label = `${where} (Observation${typeof resource.id === 'string' ? `/${resource.id}` : ''})`;
  const problems: string[] = [];
  if (typeof resource.status !== 'string' || !USABLE_STATUS.has(resource.status)) {
    problems.push(`${label}: status must be final, amended, corrected or preliminary, got ${JSON.stringify(resource.status ?? null)}`);
  }
  const codings = isObject(resource.code) && Array.isArray(resource.code.coding) ? resource.code.coding.filter(isObject) : [];
  if (codings.length === 0) return [...problems, `${label}: code.coding is missing`];
  const loinc = codings.filter((c) => c.system === LOINC).map((c) => String(c.code));
  const known = loinc.find((c): c is keyof typeof CODES => c in CODES);
  if (!known) {
    const seen = codings.map((c) => `${String(c.system ?? '?')}|${String(c.code ?? '?')}`).join(', ');
    return [...problems, `${label}: only LOINC 8302-2 (body height) and 29463-7 (body weight) are accepted, got ${seen}`];
  }
  const spec = CODES[known];
  const q = resource.valueQuantity;
  if (!isObject(q)) return [...problems, `${label}: valueQuantity is missing (${spec.quantity} needs a value with a UCUM unit)`];
  if (typeof q.value !== 'number' || !Number.isFinite(q.value)) problems.push(`${label}: valueQuantity.value must be a number`);
  const units = spec.units as Record<string, number>;
  if (q.system !== UCUM || typeof q.code !== 'string' || !(q.code in units)) {
    problems.push(
      `${label}: valueQuantity must be UCUM (system ${UCUM}) with code ${Object.keys(units).join(' or ')} for ${spec.quantity}, got ${String(q.system ?? '?')}|${String(q.code ?? '?')}`,
    );
  }
  if (problems.length) return problems;
  const value = (q.value as number) * units[q.code as string];
  const implausible = spec.quantity === 'height' ? implausibleHeight(value) : implausibleMass(value);
  if (implausible) return [`${label}: ${implausible}`];
  const subject =
    isObject(resource.subject) && isObject(resource.subject.identifier) && typeof resource.subject.identifier.value === 'string'
      ? resource.subject.identifier.value
      : null;
  return {
    reference: `Observation/${typeof resource.id === 'string' ? resource.id : '(no id)'}`,
    heightM: spec.quantity === 'height' ? value : null,
    massKg: spec.quantity === 'weight' ? value : null,
    patientId: subject,
  };
}

export class FhirSizeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** An Observation, or a Bundle whose entries are all Observations → sizes; FhirSizeError naming each problem. */
export function sizesFromFhir(body: unknown): FhirSize[] {
  if (!isObject(body)) throw new FhirSizeError(['the body must be a FHIR R4 Observation or Bundle (JSON object)']);
  if (body.resourceType === 'Bundle') {
    if (!Array.isArray(body.entry) || body.entry.length === 0) throw new FhirSizeError(['Bundle.entry must list at least one Observation']);
    const results = body.entry.map((e, i) => observation(isObject(e) ? e.resource : undefined, `entry[${i}].resource`));
    const problems = results.flatMap((r) => (Array.isArray(r) ? r : []));
    if (problems.length) throw new FhirSizeError(problems);
    return results as FhirSize[];
  }
  const single = observation(body, 'body');
  if (Array.isArray(single)) throw new FhirSizeError(single);
  return [single];
}

import { generateCtDoseReport, generateRdsr, procedureSpec, type RdsrVendor } from '@kerma/testing';

/**
 * Generated reports whose parse output is recorded in reference-outputs.json: every vendor flavour
 * (biplane, with rotational and stepping runs) and a CT report. Speed work on the reader must leave
 * these outputs unchanged.
 */

const VENDORS: readonly RdsrVendor[] = ['standard', 'siemens', 'philips-allura', 'philips-azurion', 'ge-oec', 'canon', 'enhanced'];

export interface ReferenceFlavour {
  readonly name: string;
  readonly bytes: () => Uint8Array;
}

export const REFERENCE_FLAVOURS: readonly ReferenceFlavour[] = [
  ...VENDORS.map((vendor, i) => ({
    name: vendor,
    bytes: () => generateRdsr(procedureSpec({ vendor, seed: 500 + i, events: 8, biplane: true, rotationalRuns: 1, steppingRuns: 1 })),
  })),
  { name: 'ct', bytes: () => generateCtDoseReport() },
];

/** The outcome as JSON would carry it, so that it compares equal to the recorded file. */
export function asJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

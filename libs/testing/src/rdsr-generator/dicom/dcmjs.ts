/**
 * The slice of dcmjs used to write and read Part-10 files, typed locally (dcmjs ships no type declarations).
 * A module-scoped `require` keeps this typing private to this library instead of declaring a global module.
 */
export type NaturalDataset = Record<string, unknown>;
export type DenaturalDataset = Record<string, { vr: string; Value: unknown[] }>;

interface DicomDictInstance {
  dict: DenaturalDataset;
  meta: DenaturalDataset;
  write(options?: Record<string, unknown>): ArrayBuffer;
}

export interface Dcmjs {
  readonly data: {
    readonly DicomDict: new (meta: DenaturalDataset) => DicomDictInstance;
    readonly DicomMessage: { readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DicomDictInstance };
    readonly DicomMetaDictionary: {
      naturalizeDataset(dataset: DenaturalDataset): NaturalDataset;
      denaturalizeDataset(dataset: NaturalDataset): DenaturalDataset;
    };
  };
  readonly log: { setLevel(level: string): void };
}

export const dcmjs: Dcmjs = require('dcmjs');
dcmjs.log.setLevel('error');

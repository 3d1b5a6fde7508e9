import { dcmjs, type NaturalDataset } from './dicom/dcmjs';

/** Reads Part-10 bytes with dcmjs (an independent reader) into its naturalized form, for assertions. */
export function readBack(bytes: Uint8Array): { meta: NaturalDataset; dataset: NaturalDataset } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const file = dcmjs.data.DicomMessage.readFile(buffer);
  return {
    meta: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.meta),
    dataset: dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict),
  };
}

export type SrNode = NaturalDataset & {
  readonly ValueType?: string;
  readonly RelationshipType?: string;
  readonly ContentSequence?: SrNode[];
};

interface CodeEntry {
  readonly CodeValue: string;
  readonly CodingSchemeDesignator: string;
  readonly CodeMeaning?: string;
}

export function conceptOf(node: SrNode): CodeEntry | undefined {
  return (node['ConceptNameCodeSequence'] as CodeEntry[] | undefined)?.[0];
}

export function codeOf(node: SrNode): CodeEntry | undefined {
  return (node['ConceptCodeSequence'] as CodeEntry[] | undefined)?.[0];
}

/** Children of `node` whose concept name is `codeValue` (any scheme when not given). */
export function children(node: SrNode, codeValue: string, scheme?: string): SrNode[] {
  return (node.ContentSequence ?? []).filter((child) => {
    const concept = conceptOf(child);
    return concept?.CodeValue === codeValue && (scheme === undefined || concept.CodingSchemeDesignator === scheme);
  });
}

export function child(node: SrNode, codeValue: string, scheme?: string): SrNode | undefined {
  return children(node, codeValue, scheme)[0];
}

/** The measured value of a NUM item: number, and its unit code. */
export function measured(node: SrNode | undefined): { value: number; unit: string } | undefined {
  const values = node?.['MeasuredValueSequence'] as Array<Record<string, unknown>> | undefined;
  const first = values?.[0];
  if (!first) return undefined;
  const units = first['MeasurementUnitsCodeSequence'] as CodeEntry[];
  return { value: Number(first['NumericValue']), unit: units[0].CodeValue };
}

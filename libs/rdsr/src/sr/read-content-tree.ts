import type { DicomDataset } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getBinaryNumber, getDecimal, getFirstItem, getItems, getText } from '../dicom/values';
import { codeKey } from './codes';
import type { CodedConcept, ContentItem } from './content-item';

/** Reads a code sequence item (Code Value, Long Code Value or URN Code Value, and its scheme). */
export function readCode(item: DicomDataset | null): CodedConcept | null {
  if (!item) return null;
  const value = getText(item, Tag.CodeValue) ?? getText(item, Tag.LongCodeValue) ?? getText(item, Tag.UrnCodeValue);
  if (value === null) return null;
  const scheme = getText(item, Tag.CodingSchemeDesignator) ?? '';
  return { scheme, value, meaning: getText(item, Tag.CodeMeaning) ?? '', key: codeKey(scheme, value) };
}

function readCodeIn(ds: DicomDataset, tag: number): CodedConcept | null {
  return readCode(getFirstItem(ds, tag));
}

/** Floating Point Value, when present, is the full-precision form of Numeric Value (PS3.3 C.18.1). */
function readMeasuredValue(mv: DicomDataset): number | null {
  const fp = getBinaryNumber(mv, Tag.FloatingPointValue);
  if (fp !== null && Number.isFinite(fp)) return fp;
  return getDecimal(mv, Tag.NumericValue);
}

interface Common {
  readonly relationship: string | null;
  readonly concept: CodedConcept | null;
  readonly children: readonly ContentItem[];
}

function composite(ds: DicomDataset, valueType: 'COMPOSITE' | 'IMAGE' | 'WAVEFORM', c: Common): ContentItem {
  const ref = getFirstItem(ds, Tag.ReferencedSopSequence);
  return {
    valueType,
    ...c,
    referencedSopClassUid: ref ? getText(ref, Tag.ReferencedSopClassUid) : null,
    referencedSopInstanceUid: ref ? getText(ref, Tag.ReferencedSopInstanceUid) : null,
  };
}

/** Value-type readers: one small function per value type, chosen by table. */
const ITEM_READERS: Readonly<Record<string, (ds: DicomDataset, c: Common) => ContentItem>> = {
  CONTAINER: (_ds, c) => ({ valueType: 'CONTAINER', ...c }),
  CODE: (ds, c) => ({ valueType: 'CODE', ...c, code: readCodeIn(ds, Tag.ConceptCodeSequence) }),
  NUM: (ds, c) => {
    const mv = getFirstItem(ds, Tag.MeasuredValueSequence);
    return {
      valueType: 'NUM',
      ...c,
      value: mv ? readMeasuredValue(mv) : null,
      unit: mv ? readCodeIn(mv, Tag.MeasurementUnitsCodeSequence) : null,
      qualifier: readCodeIn(ds, Tag.NumericValueQualifierCodeSequence),
    };
  },
  TEXT: (ds, c) => ({ valueType: 'TEXT', ...c, text: getText(ds, Tag.TextValue) }),
  UIDREF: (ds, c) => ({ valueType: 'UIDREF', ...c, uid: getText(ds, Tag.Uid) }),
  DATETIME: (ds, c) => ({ valueType: 'DATETIME', ...c, dateTime: getText(ds, Tag.DateTime) }),
  DATE: (ds, c) => ({ valueType: 'DATE', ...c, date: getText(ds, Tag.Date) }),
  TIME: (ds, c) => ({ valueType: 'TIME', ...c, time: getText(ds, Tag.Time) }),
  PNAME: (ds, c) => ({ valueType: 'PNAME', ...c, personName: getText(ds, Tag.PersonName) }),
  COMPOSITE: (ds, c) => composite(ds, 'COMPOSITE', c),
  IMAGE: (ds, c) => composite(ds, 'IMAGE', c),
  WAVEFORM: (ds, c) => composite(ds, 'WAVEFORM', c),
};

function readItem(ds: DicomDataset): ContentItem {
  const declared = getText(ds, Tag.ValueType);
  const common: Common = {
    relationship: getText(ds, Tag.RelationshipType),
    concept: readCodeIn(ds, Tag.ConceptNameCodeSequence),
    children: getItems(ds, Tag.ContentSequence).map(readItem),
  };
  const reader = declared === null ? undefined : ITEM_READERS[declared];
  return reader ? reader(ds, common) : { valueType: 'OTHER', ...common, declaredValueType: declared };
}

/**
 * The SR content tree of a document. Nesting depth is already bounded by the dataset reader, so
 * the recursion here is bounded too.
 */
export function readContentTree(dataset: DicomDataset): ContentItem {
  return readItem(dataset);
}

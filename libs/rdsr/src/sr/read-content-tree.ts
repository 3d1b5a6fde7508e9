import { NONE, type DatasetId, type DicomDocument } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getBinaryNumber, getDecimal, getFirstItem, getItems, getText } from '../dicom/values';
import { codeKey } from './codes';
import type { CodedConcept, ContentItem } from './content-item';

/** Reads a code sequence item (Code Value, Long Code Value or URN Code Value, and its scheme). */
export function readCode(doc: DicomDocument, item: DatasetId): CodedConcept | null {
  if (item === NONE) return null;
  const value = getText(doc, item, Tag.CodeValue) ?? getText(doc, item, Tag.LongCodeValue) ?? getText(doc, item, Tag.UrnCodeValue);
  if (value === null) return null;
  const scheme = getText(doc, item, Tag.CodingSchemeDesignator) ?? '';
  return { scheme, value, meaning: getText(doc, item, Tag.CodeMeaning) ?? '', key: codeKey(scheme, value) };
}

function readCodeIn(doc: DicomDocument, ds: DatasetId, tag: number): CodedConcept | null {
  return readCode(doc, getFirstItem(doc, ds, tag));
}

/** Floating Point Value, when present, is the full-precision form of Numeric Value (PS3.3 C.18.1). */
function readMeasuredValue(doc: DicomDocument, mv: DatasetId): number | null {
  const fp = getBinaryNumber(doc, mv, Tag.FloatingPointValue);
  if (fp !== null && Number.isFinite(fp)) return fp;
  return getDecimal(doc, mv, Tag.NumericValue);
}

interface Common {
  readonly relationship: string | null;
  readonly concept: CodedConcept | null;
  readonly children: readonly ContentItem[];
}

function composite(doc: DicomDocument, ds: DatasetId, valueType: 'COMPOSITE' | 'IMAGE' | 'WAVEFORM', c: Common): ContentItem {
  const ref = getFirstItem(doc, ds, Tag.ReferencedSopSequence);
  return {
    valueType,
    ...c,
    referencedSopClassUid: ref === NONE ? null : getText(doc, ref, Tag.ReferencedSopClassUid),
    referencedSopInstanceUid: ref === NONE ? null : getText(doc, ref, Tag.ReferencedSopInstanceUid),
  };
}

/** Value-type readers: one small function per value type, chosen by table. */
const ITEM_READERS: Readonly<Record<string, (doc: DicomDocument, ds: DatasetId, c: Common) => ContentItem>> = {
  CONTAINER: (_doc, _ds, c) => ({ valueType: 'CONTAINER', ...c }),
  CODE: (doc, ds, c) => ({ valueType: 'CODE', ...c, code: readCodeIn(doc, ds, Tag.ConceptCodeSequence) }),
  NUM: (doc, ds, c) => {
    const mv = getFirstItem(doc, ds, Tag.MeasuredValueSequence);
    return {
      valueType: 'NUM',
      ...c,
      value: mv === NONE ? null : readMeasuredValue(doc, mv),
      unit: mv === NONE ? null : readCodeIn(doc, mv, Tag.MeasurementUnitsCodeSequence),
      qualifier: readCodeIn(doc, ds, Tag.NumericValueQualifierCodeSequence),
    };
  },
  TEXT: (doc, ds, c) => ({ valueType: 'TEXT', ...c, text: getText(doc, ds, Tag.TextValue) }),
  UIDREF: (doc, ds, c) => ({ valueType: 'UIDREF', ...c, uid: getText(doc, ds, Tag.Uid) }),
  DATETIME: (doc, ds, c) => ({ valueType: 'DATETIME', ...c, dateTime: getText(doc, ds, Tag.DateTime) }),
  DATE: (doc, ds, c) => ({ valueType: 'DATE', ...c, date: getText(doc, ds, Tag.Date) }),
  TIME: (doc, ds, c) => ({ valueType: 'TIME', ...c, time: getText(doc, ds, Tag.Time) }),
  PNAME: (doc, ds, c) => ({ valueType: 'PNAME', ...c, personName: getText(doc, ds, Tag.PersonName) }),
  COMPOSITE: (doc, ds, c) => composite(doc, ds, 'COMPOSITE', c),
  IMAGE: (doc, ds, c) => composite(doc, ds, 'IMAGE', c),
  WAVEFORM: (doc, ds, c) => composite(doc, ds, 'WAVEFORM', c),
};

const NO_CHILDREN: readonly ContentItem[] = Object.freeze([]);

function readItem(doc: DicomDocument, ds: DatasetId): ContentItem {
  const declared = getText(doc, ds, Tag.ValueType);
  const items = getItems(doc, ds, Tag.ContentSequence);
  const common: Common = {
    relationship: getText(doc, ds, Tag.RelationshipType),
    concept: readCodeIn(doc, ds, Tag.ConceptNameCodeSequence),
    children: items.length === 0 ? NO_CHILDREN : items.map((item) => readItem(doc, item)),
  };
  const reader = declared === null ? undefined : ITEM_READERS[declared];
  return reader ? reader(doc, ds, common) : { valueType: 'OTHER', ...common, declaredValueType: declared };
}

/**
 * The SR content tree of a document. Nesting depth is already bounded by the dataset reader, so
 * the recursion here is bounded too.
 */
export function readContentTree(doc: DicomDocument): ContentItem {
  return readItem(doc, doc.root);
}

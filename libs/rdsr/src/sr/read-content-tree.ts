import { ByteInterner } from '../dicom/byte-interner';
import { ByteRangeTable } from '../dicom/byte-range-table';
import { NONE, type DatasetId, type DicomDocument, type ElementId } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { binaryNumberOfElement, decimalOfElement, getText, textOfElement } from '../dicom/values';
import { codeKey } from './codes';
import type { CodedConcept, ContentItem } from './content-item';

/** Reads a code sequence item (Code Value, Long Code Value or URN Code Value, and its scheme). */
export function readCode(doc: DicomDocument, item: DatasetId, interner?: ByteInterner): CodedConcept | null {
  if (item === NONE) return null;
  const value =
    getText(doc, item, Tag.CodeValue, interner) ?? getText(doc, item, Tag.LongCodeValue, interner) ?? getText(doc, item, Tag.UrnCodeValue, interner);
  if (value === null) return null;
  const scheme = getText(doc, item, Tag.CodingSchemeDesignator, interner) ?? '';
  return { scheme, value, meaning: getText(doc, item, Tag.CodeMeaning, interner) ?? '', key: codeKey(scheme, value) };
}

const NO_CHILDREN: readonly ContentItem[] = Object.freeze([]);

/**
 * Reads the content tree of one document. Codes repeat thousands of times in a long report (every
 * event names the same concepts and units): each distinct code item is decoded once, found again by
 * its bytes, and each distinct code is one shared object.
 */
class ContentTreeReader {
  private readonly codesByText = new Map<string, Map<string, Map<string, CodedConcept>>>();
  private readonly interner: ByteInterner;
  /** Null when equal bytes may not mean equal codes (see ElementIndex.mixedEncodings). */
  private readonly codeItems: ByteRangeTable<CodedConcept | null> | null;

  constructor(private readonly doc: DicomDocument) {
    this.interner = new ByteInterner(doc.source);
    this.codeItems = doc.index.mixedEncodings ? null : new ByteRangeTable(doc.source.bytes);
  }

  /** The code in the first item of a code sequence element. */
  private code(sequence: ElementId): CodedConcept | null {
    if (sequence === NONE) return null;
    const item = this.doc.index.firstItem[sequence]!;
    return item === NONE ? null : this.codeOfItem(item);
  }

  private codeOfItem(item: DatasetId): CodedConcept | null {
    const table = this.codeItems;
    if (table === null) return this.decodeCode(item);
    const { itemStart, itemEnd } = this.doc.index;
    const start = itemStart[item]!;
    const end = itemEnd[item]!;
    let code = table.get(start, end);
    if (code === undefined) {
      code = this.decodeCode(item);
      table.set(start, end, code);
    }
    return code;
  }

  /** Interned strings make the nested lookup cheap: no key string is built per occurrence. */
  private decodeCode(item: DatasetId): CodedConcept | null {
    const doc = this.doc;
    const i = this.interner;
    const value = getText(doc, item, Tag.CodeValue, i) ?? getText(doc, item, Tag.LongCodeValue, i) ?? getText(doc, item, Tag.UrnCodeValue, i);
    if (value === null) return null;
    const scheme = getText(doc, item, Tag.CodingSchemeDesignator, i) ?? '';
    const meaning = getText(doc, item, Tag.CodeMeaning, i) ?? '';
    let bySchemes = this.codesByText.get(value);
    if (!bySchemes) this.codesByText.set(value, (bySchemes = new Map()));
    let byMeanings = bySchemes.get(scheme);
    if (!byMeanings) bySchemes.set(scheme, (byMeanings = new Map()));
    let code = byMeanings.get(meaning);
    if (!code) byMeanings.set(meaning, (code = { scheme, value, meaning, key: codeKey(scheme, value) }));
    return code;
  }

  /** Value of the first Measured Value Sequence item; Floating Point Value, when present, is its full-precision form (PS3.3 C.18.1). */
  private measuredNumber(mv: DatasetId): number | null {
    const { index } = this.doc;
    let floating: ElementId = NONE;
    let decimal: ElementId = NONE;
    for (let e = index.itemFirstElement[mv]!; e !== NONE; e = index.nextElement[e]!) {
      const tag = index.tag[e];
      if (tag === Tag.FloatingPointValue && floating === NONE) floating = e;
      else if (tag === Tag.NumericValue && decimal === NONE) decimal = e;
    }
    const fp = binaryNumberOfElement(this.doc, floating);
    return fp !== null && Number.isFinite(fp) ? fp : decimalOfElement(this.doc, decimal, this.interner);
  }

  private measuredUnit(mv: DatasetId): CodedConcept | null {
    const { index } = this.doc;
    for (let e = index.itemFirstElement[mv]!; e !== NONE; e = index.nextElement[e]!) {
      if (index.tag[e] === Tag.MeasurementUnitsCodeSequence) return this.code(e);
    }
    return null;
  }

  /** One pass over the item's elements picks out every element any value type needs (the last of repeated tags). */
  item(ds: DatasetId): ContentItem {
    const doc = this.doc;
    const { index } = doc;
    let valueType: ElementId = NONE;
    let relationshipType: ElementId = NONE;
    let conceptName: ElementId = NONE;
    let content: ElementId = NONE;
    let conceptCode: ElementId = NONE;
    let measured: ElementId = NONE;
    let qualifierCode: ElementId = NONE;
    let value: ElementId = NONE;
    let reference: ElementId = NONE;
    for (let e = index.itemFirstElement[ds]!; e !== NONE; e = index.nextElement[e]!) {
      switch (index.tag[e]) {
        case Tag.ValueType:
          valueType = e;
          break;
        case Tag.RelationshipType:
          relationshipType = e;
          break;
        case Tag.ConceptNameCodeSequence:
          conceptName = e;
          break;
        case Tag.ContentSequence:
          content = e;
          break;
        case Tag.ConceptCodeSequence:
          conceptCode = e;
          break;
        case Tag.MeasuredValueSequence:
          measured = e;
          break;
        case Tag.NumericValueQualifierCodeSequence:
          qualifierCode = e;
          break;
        case Tag.ReferencedSopSequence:
          reference = e;
          break;
        case Tag.TextValue:
        case Tag.Uid:
        case Tag.DateTime:
        case Tag.Date:
        case Tag.Time:
        case Tag.PersonName:
          value = e;
          break;
        default:
          break;
      }
    }
    let children = NO_CHILDREN;
    if (content !== NONE && index.firstItem[content] !== NONE) {
      const list: ContentItem[] = [];
      for (let i = index.firstItem[content]!; i !== NONE; i = index.nextItem[i]!) list.push(this.item(i));
      children = list;
    }
    const relationship = textOfElement(doc, relationshipType, this.interner);
    const concept = this.code(conceptName);
    // Each value type builds its object literal whole: one allocation and one stable shape per type.
    switch (textOfElement(doc, valueType, this.interner)) {
      case 'CONTAINER':
        return { valueType: 'CONTAINER', relationship, concept, children, childIndex: null };
      case 'CODE':
        return { valueType: 'CODE', relationship, concept, children, childIndex: null, code: this.code(conceptCode) };
      case 'NUM': {
        const mv = measured === NONE ? NONE : index.firstItem[measured]!;
        return {
          valueType: 'NUM',
          relationship,
          concept,
          children,
          childIndex: null,
          value: mv === NONE ? null : this.measuredNumber(mv),
          unit: mv === NONE ? null : this.measuredUnit(mv),
          qualifier: this.code(qualifierCode),
        };
      }
      case 'TEXT':
        return { valueType: 'TEXT', relationship, concept, children, childIndex: null, text: textOfElement(doc, value) };
      case 'UIDREF':
        return { valueType: 'UIDREF', relationship, concept, children, childIndex: null, uid: textOfElement(doc, value) };
      case 'DATETIME':
        return { valueType: 'DATETIME', relationship, concept, children, childIndex: null, dateTime: textOfElement(doc, value) };
      case 'DATE':
        return { valueType: 'DATE', relationship, concept, children, childIndex: null, date: textOfElement(doc, value) };
      case 'TIME':
        return { valueType: 'TIME', relationship, concept, children, childIndex: null, time: textOfElement(doc, value) };
      case 'PNAME':
        return { valueType: 'PNAME', relationship, concept, children, childIndex: null, personName: textOfElement(doc, value) };
      case 'COMPOSITE':
      case 'IMAGE':
      case 'WAVEFORM': {
        const ref = reference === NONE ? NONE : index.firstItem[reference]!;
        return {
          valueType: textOfElement(doc, valueType) as 'COMPOSITE' | 'IMAGE' | 'WAVEFORM',
          relationship,
          concept,
          children,
          childIndex: null,
          referencedSopClassUid: ref === NONE ? null : getText(doc, ref, Tag.ReferencedSopClassUid),
          referencedSopInstanceUid: ref === NONE ? null : getText(doc, ref, Tag.ReferencedSopInstanceUid),
        };
      }
      default:
        return { valueType: 'OTHER', relationship, concept, children, childIndex: null, declaredValueType: textOfElement(doc, valueType) };
    }
  }
}

/**
 * The SR content tree of a document. Nesting depth is already bounded by the dataset reader, so
 * the recursion here is bounded too.
 */
export function readContentTree(doc: DicomDocument): ContentItem {
  return new ContentTreeReader(doc).item(doc.root);
}

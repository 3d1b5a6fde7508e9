import { ByteInterner } from '../dicom/byte-interner';
import { NONE, type DatasetId, type DicomDocument, type ElementId } from '../dicom/dataset';
import { Tag } from '../dicom/tags';
import { getBinaryNumber, getDecimal, getFirstItem, getText, textOfElement } from '../dicom/values';
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

/**
 * Reads the content tree of one document. Codes repeat thousands of times in a long report (every
 * event names the same concepts and units), so each distinct code is one shared object.
 */
class ContentTreeReader {
  private readonly codes = new Map<string, Map<string, Map<string, CodedConcept>>>();
  private readonly interner: ByteInterner;

  constructor(private readonly doc: DicomDocument) {
    this.interner = new ByteInterner(doc.source);
  }

  private code(sequence: ElementId): CodedConcept | null {
    if (sequence === NONE) return null;
    const item = this.doc.index.firstItem[sequence]!;
    return item === NONE ? null : this.codeOfItem(item);
  }

  private measuredValue(sequence: ElementId): { value: number | null; unit: CodedConcept | null } {
    const mv = sequence === NONE ? NONE : this.doc.index.firstItem[sequence]!;
    if (mv === NONE) return { value: null, unit: null };
    const fp = getBinaryNumber(this.doc, mv, Tag.FloatingPointValue);
    // Floating Point Value, when present, is the full-precision form of Numeric Value (PS3.3 C.18.1).
    const value = fp !== null && Number.isFinite(fp) ? fp : getDecimal(this.doc, mv, Tag.NumericValue, this.interner);
    const unitItem = getFirstItem(this.doc, mv, Tag.MeasurementUnitsCodeSequence);
    return { value, unit: unitItem === NONE ? null : this.codeOfItem(unitItem) };
  }

  /** Interned strings make the nested lookup cheap: no key string is built per occurrence. */
  private codeOfItem(item: DatasetId): CodedConcept | null {
    const doc = this.doc;
    const i = this.interner;
    const value = getText(doc, item, Tag.CodeValue, i) ?? getText(doc, item, Tag.LongCodeValue, i) ?? getText(doc, item, Tag.UrnCodeValue, i);
    if (value === null) return null;
    const scheme = getText(doc, item, Tag.CodingSchemeDesignator, i) ?? '';
    const meaning = getText(doc, item, Tag.CodeMeaning, i) ?? '';
    let bySchemes = this.codes.get(value);
    if (!bySchemes) this.codes.set(value, (bySchemes = new Map()));
    let byMeanings = bySchemes.get(scheme);
    if (!byMeanings) bySchemes.set(scheme, (byMeanings = new Map()));
    let code = byMeanings.get(meaning);
    if (!code) byMeanings.set(meaning, (code = { scheme, value, meaning, key: codeKey(scheme, value) }));
    return code;
  }

  /** One pass over the item's elements picks out every element any value type needs. */
  item(ds: DatasetId): ContentItem {
    const { index } = this.doc;
    let valueType: ElementId = NONE;
    let relationship: ElementId = NONE;
    let conceptName: ElementId = NONE;
    let content: ElementId = NONE;
    let conceptCode: ElementId = NONE;
    let measured: ElementId = NONE;
    let qualifier: ElementId = NONE;
    let value: ElementId = NONE;
    let reference: ElementId = NONE;
    for (let e = index.itemFirstElement[ds]!; e !== NONE; e = index.nextElement[e]!) {
      switch (index.tag[e]) {
        case Tag.ValueType: valueType = e; break;
        case Tag.RelationshipType: relationship = e; break;
        case Tag.ConceptNameCodeSequence: conceptName = e; break;
        case Tag.ContentSequence: content = e; break;
        case Tag.ConceptCodeSequence: conceptCode = e; break;
        case Tag.MeasuredValueSequence: measured = e; break;
        case Tag.NumericValueQualifierCodeSequence: qualifier = e; break;
        case Tag.ReferencedSopSequence: reference = e; break;
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
    const children: ContentItem[] = [];
    if (content !== NONE) {
      for (let i = index.firstItem[content]!; i !== NONE; i = index.nextItem[i]!) children.push(this.item(i));
    }
    const common = {
      relationship: textOfElement(this.doc, relationship, this.interner),
      concept: this.code(conceptName),
      children: children.length === 0 ? NO_CHILDREN : children,
    };
    const text = () => textOfElement(this.doc, value);
    switch (textOfElement(this.doc, valueType, this.interner)) {
      case 'CONTAINER':
        return { valueType: 'CONTAINER', ...common };
      case 'CODE':
        return { valueType: 'CODE', ...common, code: this.code(conceptCode) };
      case 'NUM':
        return { valueType: 'NUM', ...common, ...this.measuredValue(measured), qualifier: this.code(qualifier) };
      case 'TEXT':
        return { valueType: 'TEXT', ...common, text: text() };
      case 'UIDREF':
        return { valueType: 'UIDREF', ...common, uid: text() };
      case 'DATETIME':
        return { valueType: 'DATETIME', ...common, dateTime: text() };
      case 'DATE':
        return { valueType: 'DATE', ...common, date: text() };
      case 'TIME':
        return { valueType: 'TIME', ...common, time: text() };
      case 'PNAME':
        return { valueType: 'PNAME', ...common, personName: text() };
      case 'COMPOSITE':
      case 'IMAGE':
      case 'WAVEFORM': {
        const ref = reference === NONE ? NONE : index.firstItem[reference]!;
        return {
          valueType: textOfElement(this.doc, valueType) as 'COMPOSITE' | 'IMAGE' | 'WAVEFORM',
          ...common,
          referencedSopClassUid: ref === NONE ? null : getText(this.doc, ref, Tag.ReferencedSopClassUid),
          referencedSopInstanceUid: ref === NONE ? null : getText(this.doc, ref, Tag.ReferencedSopInstanceUid),
        };
      }
      default:
        return { valueType: 'OTHER', ...common, declaredValueType: textOfElement(this.doc, valueType) };
    }
  }
}

const NO_CHILDREN: readonly ContentItem[] = Object.freeze([]);

/**
 * The SR content tree of a document. Nesting depth is already bounded by the dataset reader, so
 * the recursion here is bounded too.
 */
export function readContentTree(doc: DicomDocument): ContentItem {
  return new ContentTreeReader(doc).item(doc.root);
}

import { formatDecimalString } from '../decimal-string';
import type { Code } from './codes';

/**
 * Builders for SR content items in dcmjs's naturalized form (attribute keywords as keys, sequences as arrays).
 * Numeric values are written as strings formatted here, so dcmjs never reformats or truncates them.
 */
export type ContentItem = Record<string, unknown>;
export type Relationship = 'CONTAINS' | 'HAS CONCEPT MOD' | 'HAS OBS CONTEXT' | 'HAS PROPERTIES' | 'HAS ACQ CONTEXT';

/** A UCUM unit and the factor from the canonical unit of the quantity to it. */
export interface Unit {
  readonly code: Code;
  readonly fromCanonical: number;
}

export function ucum(value: string, meaning = value, fromCanonical = 1): Unit {
  return { code: { value, scheme: 'UCUM', meaning }, fromCanonical };
}

export function codeItem(code: Code): ContentItem {
  return { CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning };
}

function head(relationship: Relationship, valueType: string, concept: Code): ContentItem {
  return { RelationshipType: relationship, ValueType: valueType, ConceptNameCodeSequence: [codeItem(concept)] };
}

export function container(relationship: Relationship, concept: Code, children: readonly ContentItem[]): ContentItem {
  return { ...head(relationship, 'CONTAINER', concept), ContinuityOfContent: 'SEPARATE', ContentSequence: [...children] };
}

export function codeValue(relationship: Relationship, concept: Code, value: Code, children?: readonly ContentItem[]): ContentItem {
  const item: ContentItem = { ...head(relationship, 'CODE', concept), ConceptCodeSequence: [codeItem(value)] };
  return children && children.length > 0 ? { ...item, ContentSequence: [...children] } : item;
}

export function text(relationship: Relationship, concept: Code, value: string): ContentItem {
  return { ...head(relationship, 'TEXT', concept), TextValue: value };
}

export function uidRef(relationship: Relationship, concept: Code, uid: string, children?: readonly ContentItem[]): ContentItem {
  const item: ContentItem = { ...head(relationship, 'UIDREF', concept), UID: uid };
  return children && children.length > 0 ? { ...item, ContentSequence: [...children] } : item;
}

export function dateTime(relationship: Relationship, concept: Code, value: string): ContentItem {
  return { ...head(relationship, 'DATETIME', concept), DateTime: value };
}

/** A NUM item; `value` is in the canonical unit and is scaled to `unit` when written. */
export function num(relationship: Relationship, concept: Code, value: number, unit: Unit): ContentItem {
  const written = unit.fromCanonical === 1 ? value : value * unit.fromCanonical;
  return {
    ...head(relationship, 'NUM', concept),
    MeasuredValueSequence: [{ MeasurementUnitsCodeSequence: [codeItem(unit.code)], NumericValue: formatDecimalString(written) }],
  };
}

/** A NUM item without a measured value, as some devices send for quantities they do not know. */
export function emptyNum(relationship: Relationship, concept: Code): ContentItem {
  return { ...head(relationship, 'NUM', concept), MeasuredValueSequence: [] };
}

/** Appends a NUM only when the value exists: absent items are how a report says "not known". */
export function optionalNum(items: ContentItem[], concept: Code, value: number | null, unit: Unit): void {
  if (value !== null) items.push(num('CONTAINS', concept, value, unit));
}

import type { Coded, Quantity } from '../model/procedure';
import { convertToUnit } from '../units/convert';
import type { CanonicalUnit } from '../units/unit-table';
import type { Concept } from './codes';
import type { CodedConcept, ContentItem, NumItem } from './content-item';
import { child } from './query';
import { isoDateTime } from './dicom-datetime';

/** Typed readers of one child item's value, built on the content-tree query. */

export function toCoded(code: CodedConcept | null): Coded | null {
  return code === null ? null : { scheme: code.scheme, value: code.value, meaning: code.meaning };
}

/** A NUM item in the model's unit; null when absent or when its measured value is empty. */
export function quantityOfItem(item: NumItem | null, unit: CanonicalUnit): Quantity | null {
  if (item === null || item.value === null) return null;
  // A converted value is already a fresh Quantity (value, provenance and a note only when converted).
  return convertToUnit(
    { value: item.value, unitScheme: item.unit?.scheme ?? null, unitCode: item.unit?.value ?? null, concept: item.concept?.value ?? '?' },
    unit,
  );
}

export function numValue(parent: ContentItem | null, concept: Concept, unit: CanonicalUnit): Quantity | null {
  return quantityOfItem(child(parent, concept, 'NUM'), unit);
}

export function textValue(parent: ContentItem | null, concept: Concept): string | null {
  return child(parent, concept, 'TEXT')?.text ?? null;
}

export function codeValue(parent: ContentItem | null, concept: Concept): CodedConcept | null {
  return child(parent, concept, 'CODE')?.code ?? null;
}

export function uidValue(parent: ContentItem | null, concept: Concept): string | null {
  return child(parent, concept, 'UIDREF')?.uid ?? null;
}

export function dateTimeValue(parent: ContentItem | null, concept: Concept): string | null {
  const raw = child(parent, concept, 'DATETIME')?.dateTime ?? null;
  return raw === null ? null : isoDateTime(raw);
}

/** A value given as a code by most vendors and as free text by others (e.g. Reference Point Definition). */
export function codeOrText(parent: ContentItem | null, concept: Concept): { code: Coded | null; text: string | null } | null {
  const code = codeValue(parent, concept);
  const text = textValue(parent, concept);
  return code === null && text === null ? null : { code: toCoded(code), text };
}

import type { Concept } from './codes';
import type { ContentItem, ItemOf, ValueType } from './content-item';

/**
 * The one query over the content tree: the children of `parent` whose concept name is `concept`
 * (any of its codes) and, when given, whose value type is `valueType`.
 */
export function children<V extends ValueType = ValueType>(
  parent: ContentItem | null | undefined,
  concept: Concept,
  valueType?: V,
): ItemOf<V>[] {
  if (!parent) return [];
  const out: ItemOf<V>[] = [];
  for (const child of parent.children) {
    if (child.concept !== null && concept.keys.has(child.concept.key) && (valueType === undefined || child.valueType === valueType)) {
      out.push(child as ItemOf<V>);
    }
  }
  return out;
}

/** The first match of `children`, or null (the same test, without building the list). */
export function child<V extends ValueType = ValueType>(
  parent: ContentItem | null | undefined,
  concept: Concept,
  valueType?: V,
): ItemOf<V> | null {
  if (!parent) return null;
  for (const c of parent.children) {
    if (c.concept !== null && concept.keys.has(c.concept.key) && (valueType === undefined || c.valueType === valueType)) return c as ItemOf<V>;
  }
  return null;
}

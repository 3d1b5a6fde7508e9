import type { Concept } from './codes';
import type { ContentItem, ItemOf, ValueType } from './content-item';

/**
 * Children of an item grouped by concept key, built on the first query of that item. Templates
 * ask an event for some forty concepts, so one pass over its children beats forty scans.
 */
const byConcept = new WeakMap<ContentItem, Map<string, ContentItem[]>>();

function childrenByConcept(parent: ContentItem): Map<string, ContentItem[]> {
  let index = byConcept.get(parent);
  if (!index) {
    index = new Map();
    for (const c of parent.children) {
      if (c.concept === null) continue;
      const list = index.get(c.concept.key);
      if (list) list.push(c);
      else index.set(c.concept.key, [c]);
    }
    byConcept.set(parent, index);
  }
  return index;
}

/**
 * The one query over the content tree: the children of `parent` whose concept name is `concept`
 * (any of its codes) and, when given, whose value type is `valueType`, in document order.
 */
export function children<V extends ValueType = ValueType>(
  parent: ContentItem | null | undefined,
  concept: Concept,
  valueType?: V,
): ItemOf<V>[] {
  if (!parent || parent.children.length === 0) return [];
  const index = childrenByConcept(parent);
  const out: ItemOf<V>[] = [];
  for (const key of concept.keys) {
    for (const c of index.get(key) ?? []) {
      if (valueType === undefined || c.valueType === valueType) out.push(c as ItemOf<V>);
    }
  }
  if (concept.keys.size > 1) out.sort((a, b) => parent.children.indexOf(a) - parent.children.indexOf(b));
  return out;
}

/** The first match of `children`, or null. */
export function child<V extends ValueType = ValueType>(
  parent: ContentItem | null | undefined,
  concept: Concept,
  valueType?: V,
): ItemOf<V> | null {
  if (!parent || parent.children.length === 0) return null;
  const index = childrenByConcept(parent);
  let first: ItemOf<V> | null = null;
  let firstAt = Infinity;
  for (const key of concept.keys) {
    for (const c of index.get(key) ?? []) {
      if (valueType !== undefined && c.valueType !== valueType) continue;
      if (concept.keys.size === 1) return c as ItemOf<V>;
      const at = parent.children.indexOf(c);
      if (at < firstAt) {
        first = c as ItemOf<V>;
        firstAt = at;
      }
      break;
    }
  }
  return first;
}

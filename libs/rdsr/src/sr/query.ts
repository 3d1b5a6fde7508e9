import type { Concept } from './codes';
import type { ContentItem, ItemOf, ValueType } from './content-item';

interface Layout {
  readonly keys: readonly (string | undefined)[];
  readonly firstByKey: ReadonlyMap<string, number>;
}

/**
 * The child layouts (concept keys in order) last indexed, most recent first. Events of one report
 * repeat a few layouts (one per event type and plane), so most items share an earlier item's
 * positions instead of building their own; only keys and positions are kept, never items.
 */
const recentLayouts: Layout[] = [];
const MAX_RECENT_LAYOUTS = 8;

function sameKeys(kids: readonly ContentItem[], keys: readonly (string | undefined)[]): boolean {
  if (keys.length !== kids.length) return false;
  for (let i = 0; i < kids.length; i++) {
    if (kids[i]!.concept?.key !== keys[i]) return false;
  }
  return true;
}

function layoutOf(kids: readonly ContentItem[]): Layout {
  const known = recentLayouts.find((layout) => sameKeys(kids, layout.keys));
  if (known) return known;
  const firstByKey = new Map<string, number>();
  for (let i = 0; i < kids.length; i++) {
    const key = kids[i]!.concept?.key;
    if (key !== undefined && !firstByKey.has(key)) firstByKey.set(key, i);
  }
  const layout = { keys: kids.map((c) => c.concept?.key), firstByKey };
  recentLayouts.unshift(layout);
  if (recentLayouts.length > MAX_RECENT_LAYOUTS) recentLayouts.pop();
  return layout;
}

/**
 * The query index of an item: position of the first child with each concept key, built on the
 * item's first query and kept on the item. Templates ask an event for some forty concepts, so one
 * pass over its children beats forty scans.
 */
function firstPositions(parent: ContentItem): ReadonlyMap<string, number> {
  const kids = parent.children;
  if (parent.childIndex && parent.childIndex.children === kids) return parent.childIndex.firstByKey;
  const { firstByKey } = layoutOf(kids);
  parent.childIndex = { children: kids, firstByKey };
  return firstByKey;
}

/** Position of the first child at or after `from` with the concept key and value type, or -1. */
function nextMatch(kids: readonly ContentItem[], from: number, key: string, valueType: ValueType | undefined): number {
  for (let i = from; i < kids.length; i++) {
    const c = kids[i]!;
    if (c.concept?.key === key && (valueType === undefined || c.valueType === valueType)) return i;
  }
  return -1;
}

/**
 * The one query over the content tree: the children of `parent` whose concept name is `concept`
 * (any of its codes) and, when given, whose value type is `valueType`, in document order.
 */
export function children<V extends ValueType = ValueType>(parent: ContentItem | null | undefined, concept: Concept, valueType?: V): ItemOf<V>[] {
  if (!parent || parent.children.length === 0) return [];
  const index = firstPositions(parent);
  const kids = parent.children;
  const positions: number[] = [];
  for (const key of concept.keyList) {
    const first = index.get(key);
    if (first === undefined) continue;
    for (let at = nextMatch(kids, first, key, valueType); at >= 0; at = nextMatch(kids, at + 1, key, valueType)) positions.push(at);
  }
  if (concept.keyList.length > 1) positions.sort((a, b) => a - b);
  return positions.map((at) => kids[at] as ItemOf<V>);
}

/** The first match of `children`, or null. */
export function child<V extends ValueType = ValueType>(parent: ContentItem | null | undefined, concept: Concept, valueType?: V): ItemOf<V> | null {
  if (!parent || parent.children.length === 0) return null;
  const index = firstPositions(parent);
  const kids = parent.children;
  let firstAt = -1;
  for (const key of concept.keyList) {
    const first = index.get(key);
    if (first === undefined) continue;
    const at = nextMatch(kids, first, key, valueType);
    if (at >= 0 && (firstAt < 0 || at < firstAt)) firstAt = at;
  }
  return firstAt < 0 ? null : (kids[firstAt] as ItemOf<V>);
}

/**
 * SR content items as a union keyed on the value type, after PS3.3 C.17.3 (as highdicom and
 * pydicom.sr model them). Only what the dose templates read is decoded; other value types keep
 * their place in the tree so that nesting stays intact.
 */

export interface CodedConcept {
  readonly scheme: string;
  readonly value: string;
  readonly meaning: string;
  /** `${scheme}|${value}` with legacy scheme names folded (see codes.ts); what queries match on. */
  readonly key: string;
}

/** Position of the first child with each concept key, for the children array it was built from. */
export interface ChildIndex {
  readonly children: readonly ContentItem[];
  readonly firstByKey: ReadonlyMap<string, number>;
}

interface ItemBase {
  readonly relationship: string | null;
  readonly concept: CodedConcept | null;
  readonly children: readonly ContentItem[];
  /**
   * Cache of the query over `children` (query.ts), set on the item's first query. A copy of the
   * item with other children (a vendor repair) carries a stale index, which the query detects by
   * its `children` and rebuilds.
   */
  childIndex?: ChildIndex | null;
}

export interface ContainerItem extends ItemBase {
  readonly valueType: 'CONTAINER';
}

export interface CodeItem extends ItemBase {
  readonly valueType: 'CODE';
  readonly code: CodedConcept | null;
}

export interface NumItem extends ItemBase {
  readonly valueType: 'NUM';
  /** Null when the Measured Value Sequence is empty (allowed; GE OEC sends such items). */
  readonly value: number | null;
  readonly unit: CodedConcept | null;
  readonly qualifier: CodedConcept | null;
}

export interface TextItem extends ItemBase {
  readonly valueType: 'TEXT';
  readonly text: string | null;
}

export interface UidRefItem extends ItemBase {
  readonly valueType: 'UIDREF';
  readonly uid: string | null;
}

export interface DateTimeItem extends ItemBase {
  readonly valueType: 'DATETIME';
  readonly dateTime: string | null;
}

export interface DateItem extends ItemBase {
  readonly valueType: 'DATE';
  readonly date: string | null;
}

export interface TimeItem extends ItemBase {
  readonly valueType: 'TIME';
  readonly time: string | null;
}

export interface PersonNameItem extends ItemBase {
  readonly valueType: 'PNAME';
  readonly personName: string | null;
}

export interface CompositeItem extends ItemBase {
  readonly valueType: 'COMPOSITE' | 'IMAGE' | 'WAVEFORM';
  readonly referencedSopClassUid: string | null;
  readonly referencedSopInstanceUid: string | null;
}

/** SCOORD, SCOORD3D, TCOORD, TABLE and value types of later editions: kept for structure only. */
export interface OtherItem extends ItemBase {
  readonly valueType: 'OTHER';
  readonly declaredValueType: string | null;
}

export type ContentItem =
  | ContainerItem
  | CodeItem
  | NumItem
  | TextItem
  | UidRefItem
  | DateTimeItem
  | DateItem
  | TimeItem
  | PersonNameItem
  | CompositeItem
  | OtherItem;

export type ValueType = ContentItem['valueType'];

export type ItemOf<V extends ValueType> = Extract<ContentItem, { valueType: V }>;

import type { ReceivedSize } from './patient-sizes.service';

interface Sized {
  readonly heightM: number | null;
  readonly massKg: number | null;
  readonly reference: string;
}

/** One size per key and request: a later line (or entry) overrides an earlier one, quantity by quantity. */
export function latestPer<T extends Sized>(received: readonly T[], keyOf: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of received) {
    const before = byKey.get(keyOf(r));
    byKey.set(
      keyOf(r),
      before
        ? { ...r, heightM: r.heightM ?? before.heightM, massKg: r.massKg ?? before.massKg, reference: `${before.reference}, ${r.reference}`.slice(0, 256) }
        : r,
    );
  }
  return [...byKey.values()];
}

export const latestPerStudy = (received: readonly ReceivedSize[]): ReceivedSize[] => latestPer(received, (r) => r.studyInstanceUid);

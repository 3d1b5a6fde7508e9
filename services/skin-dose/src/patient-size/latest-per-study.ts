import type { ReceivedSize } from './patient-sizes.service';

/** One size per study and request: a later line (or entry) overrides an earlier one, quantity by quantity. */
export function latestPerStudy(received: readonly ReceivedSize[]): ReceivedSize[] {
  const byStudy = new Map<string, ReceivedSize>();
  for (const r of received) {
    const before = byStudy.get(r.studyInstanceUid);
    byStudy.set(
      r.studyInstanceUid,
      before
        ? { ...r, heightM: r.heightM ?? before.heightM, massKg: r.massKg ?? before.massKg, reference: `${before.reference}, ${r.reference}`.slice(0, 256) }
        : r,
    );
  }
  return [...byStudy.values()];
}

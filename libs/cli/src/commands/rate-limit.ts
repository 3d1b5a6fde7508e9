/**
 * At most `perSecond` starts a second, spaced evenly (a PACS in clinical use must not be flooded
 * by a backfill). Null: no limit.
 */
export function pacer(
  perSecond: number | null,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  now: () => number = Date.now,
): () => Promise<void> {
  if (perSecond === null) return async () => undefined;
  const intervalMs = 1000 / perSecond;
  let next = 0;
  return async () => {
    const at = Math.max(now(), next);
    next = at + intervalMs;
    const waitMs = at - now();
    if (waitMs > 0) await sleep(waitMs);
  };
}

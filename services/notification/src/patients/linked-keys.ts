/**
 * The patient keys that are one person with `start`: `start` and every key linked to it, directly or
 * through others, sorted (the order locks are taken in). Pure: `links` are the links that hold now.
 */
export function linkedKeys(start: string, links: readonly { readonly aKey: string; readonly bKey: string }[]): string[] {
  const neighbours = new Map<string, string[]>();
  for (const { aKey, bKey } of links) {
    neighbours.set(aKey, [...(neighbours.get(aKey) ?? []), bKey]);
    neighbours.set(bKey, [...(neighbours.get(bKey) ?? []), aKey]);
  }
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const next of neighbours.get(queue.pop()!) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen].sort();
}

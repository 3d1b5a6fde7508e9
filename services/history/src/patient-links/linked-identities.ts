import type { PatientIdentity } from '@kerma/contracts';

/** A link between two identities, as far as who-is-who is concerned. */
export interface IdentityPair {
  readonly a: PatientIdentity;
  readonly b: PatientIdentity;
}

/** One string per identity (JSON keeps the parts apart whatever characters they hold). */
export const identityId = (i: PatientIdentity): string => JSON.stringify([i.site, i.issuer, i.patientId]);

/**
 * Every identity linked to the given ones, directly or through others (a links b, b links c: one
 * person), the given ones included, each once. Pure: the links are what is active now.
 */
export function linkedIdentities(start: readonly PatientIdentity[], links: readonly IdentityPair[]): PatientIdentity[] {
  const neighbours = new Map<string, PatientIdentity[]>();
  const add = (from: PatientIdentity, to: PatientIdentity) => neighbours.set(identityId(from), [...(neighbours.get(identityId(from)) ?? []), to]);
  for (const { a, b } of links) {
    add(a, b);
    add(b, a);
  }
  const seen = new Map(start.map((i) => [identityId(i), i]));
  const queue = [...seen.values()];
  while (queue.length > 0) {
    for (const next of neighbours.get(identityId(queue.pop()!)) ?? []) {
      if (seen.has(identityId(next))) continue;
      seen.set(identityId(next), next);
      queue.push(next);
    }
  }
  return [...seen.values()];
}

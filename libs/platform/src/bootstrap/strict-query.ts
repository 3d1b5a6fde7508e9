import { BadRequestException } from '@nestjs/common';

/**
 * Refuses query parameters a route does not know, naming them, and repeated ones. Express reads
 * `site[]=a&site[]=b` as a parameter called "site[]": left unchecked, a filter the caller meant to
 * apply would silently not be applied.
 */
export function assertKnownQuery(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new BadRequestException(`unknown query parameter(s) ${unknown.map((n) => `"${n}"`).join(', ')}: expected ${known.join(', ')}`);
  const repeated = known.filter((name) => Array.isArray(query[name]));
  if (repeated.length > 0) throw new BadRequestException(`query parameter(s) ${repeated.map((n) => `"${n}"`).join(', ')} given more than once`);
}

import { BadRequestException } from '@nestjs/common';
import type { Principal } from './roles';

/**
 * Who made a change: the token's subject; with authentication off (loopback, no identity) the `by`
 * the body states. A `by` next to a token is refused: the audit trail never records a claimed name.
 */
export function actorOf(principal: Principal, by: string | undefined): string {
  if (principal.via === 'none') {
    if (!by) throw new BadRequestException('by is required (who does this) when authentication is off');
    return by;
  }
  if (by !== undefined) throw new BadRequestException('by is taken from your token; leave it out');
  return principal.subject;
}

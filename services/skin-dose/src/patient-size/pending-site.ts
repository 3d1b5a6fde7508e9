import { canSeeSite, type Principal } from '@kerma/platform';

/**
 * The site a size for a study not received yet is kept for: the row's `site` when given (it must be in
 * the caller's scope), else the caller's only site. A caller with several sites (or all) must name it:
 * guessing would apply the size to another site's study with the same accession number.
 */
export function pendingSite(rowSite: string | null, principal: Principal): { site: string } | { refused: string } {
  if (rowSite !== null) return canSeeSite(principal, rowSite) ? { site: rowSite } : { refused: `site ${rowSite} is outside your site scope` };
  if (principal.sites !== 'all' && principal.sites.length === 1) return { site: principal.sites[0] };
  return { refused: 'add a site column to keep its size until the study arrives (your scope has several sites)' };
}

import type { AlertKind } from '@kerma/contracts';
import type { AlertRule, RuleMatch } from './alert-rule';
import type { RuleSubject } from './study-context';

function matches(match: RuleMatch | undefined, s: RuleSubject): boolean {
  if (!match) return true;
  if (match.sites && !match.sites.includes(s.site)) return false;
  if (match.devices && !s.devices.some((d) => match.devices!.includes(d))) return false;
  if (match.procedureCodes && (s.procedureCode === null || !match.procedureCodes.includes(s.procedureCode))) return false;
  if (match.protocols && !s.protocols.some((p) => match.protocols!.includes(p))) return false;
  if (match.ageYears) {
    if (s.ageYears === null) return false;
    if (match.ageYears.minYears !== undefined && s.ageYears < match.ageYears.minYears) return false;
    if (match.ageYears.maxYears !== undefined && s.ageYears >= match.ageYears.maxYears) return false;
  }
  return true;
}

/** How many criteria a rule states: a rule for a room overrides the site's rule, which overrides the SRDL default. */
function specificity(match: RuleMatch | undefined): number {
  return match ? Object.keys(match).length : 0;
}

/**
 * The rules that apply to a study: among the rules of one (kind, metric, level) that match it, only the
 * most specific one (the earlier in the set on a tie). A more specific rule may so raise or lower a default.
 */
export function applicableRules(rules: readonly AlertRule[], subject: RuleSubject, kinds: readonly AlertKind[]): AlertRule[] {
  const chosen = new Map<string, AlertRule>();
  for (const rule of rules) {
    if (!kinds.includes(rule.kind) || !matches(rule.match, subject)) continue;
    const slot = `${rule.kind}|${rule.metric}|${rule.level}`;
    const current = chosen.get(slot);
    if (!current || specificity(rule.match) > specificity(current.match)) chosen.set(slot, rule);
  }
  return [...chosen.values()];
}

import { BadRequestException, Body, Controller, ForbiddenException, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { actorOf, AllowRoles, ApiErrors, Audited, JSON_BODY_LIMIT, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import type { AlertRuleSetVersion } from '../persistence/alert-rule-set.entity';
import type { AlertRule } from '../rules/alert-rule';
import { RuleSetService } from '../rules/rule-set.service';
import { ALERT_RULE_SET_HISTORY, ALERT_RULE_SET_VERSION } from './api-schemas';

const bodySchema = z.object({ rules: z.array(z.unknown()), note: z.string().max(2000).optional(), by: z.string().min(1).max(128).optional() }).strict();

/** The rules a caller may see: rules for other sites are left out (a rule without a site criterion applies to all). */
function visibleRules(principal: Principal, rules: readonly AlertRule[]): AlertRule[] {
  if (principal.sites === 'all') return [...rules];
  const mine = principal.sites;
  return rules.filter((r) => !r.match?.sites || r.match.sites.some((s) => mine.includes(s)));
}

function versionView(principal: Principal, v: AlertRuleSetVersion) {
  return { version: v.version, source: v.source, changedBy: v.changedBy, changedAt: v.changedAt, note: v.note, rules: visibleRules(principal, v.rules) };
}

/** The alert rules in force and their versions (each change audited); replacing them is for a group-wide site-admin. */
@ApiTags('alert-rules')
@Controller('api/v1/alert-rules')
export class AlertRulesController {
  constructor(private readonly ruleSet: RuleSetService) {}

  @Get()
  @ApiOkResponse({ description: 'The version in force, with the rules that apply within your site scope', schema: ALERT_RULE_SET_VERSION })
  @ApiErrors(GUARDED)
  @ApiOperation({ summary: 'The alert rules in force (study, cumulative and already-above rules, with their criteria) and their version' })
  current(@CurrentPrincipal() principal: Principal) {
    return versionView(principal, this.ruleSet.version());
  }

  @Get('versions')
  @ApiOkResponse({ description: 'Every version, newest first, each with the rules that apply within your site scope', schema: ALERT_RULE_SET_HISTORY })
  @ApiErrors(GUARDED)
  @ApiOperation({ summary: 'Every version of the rules, newest first: who changed them, when, from the file or the API' })
  async versions(@CurrentPrincipal() principal: Principal) {
    return { versions: (await this.ruleSet.history()).map((v) => versionView(principal, v)) };
  }

  @Put()
  @AllowRoles('site-admin')
  @Audited('change')
  @ApiOkResponse({ description: 'The new version, now in force', schema: ALERT_RULE_SET_VERSION })
  @ApiErrors({
    ...GUARDED,
    ...JSON_BODY_LIMIT,
    400: 'The body or a rule is invalid (the message names the rule and field), or `by` is missing with authentication off or given next to a token',
    403: 'Needs the site-admin role with a group-wide site scope (the rules apply to every site)',
  })
  @ApiOperation({ summary: 'Replace the rule set (validated as the rules file is; the new version is stored with who and why)' })
  async replace(@CurrentPrincipal() principal: Principal, @Body() body: unknown) {
    // The rule set is one for every site: replacing it would change other sites' rules.
    if (principal.sites !== 'all') throw new ForbiddenException('the alert rules apply to every site: replacing them needs a group-wide site scope');
    const parsed = bodySchema.safeParse(body ?? {});
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const by = actorOf(principal, parsed.data.by);
    try {
      return versionView(principal, await this.ruleSet.replace(parsed.data.rules, by, parsed.data.note ?? null));
    } catch (err) {
      if (err instanceof z.ZodError) throw new BadRequestException(err.issues.map((i) => `rule ${i.path.join('.')}: ${i.message}`).join('; '));
      if (err instanceof Error && /alert rule/.test(err.message)) throw new BadRequestException(err.message);
      throw err;
    }
  }
}

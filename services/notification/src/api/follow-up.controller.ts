import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { z } from 'zod';
import { SKIN_FINDINGS } from '@kerma/contracts';
import { actorOf, AllowRoles, ApiErrors, Audited, JSON_BODY_LIMIT, canSeeSite, CurrentPrincipal, GUARDED, type Principal } from '@kerma/platform';
import { ALERT_WITH_TRAIL } from './api-schemas';
import { InvalidTransitionError, outcomeProblem, type FollowUpAction } from '../alerts/follow-up';
import { ConcurrentTransitionError, FollowUpService } from '../alerts/follow-up.service';
import { DoseAlert } from '../persistence/alert.entity';
import type { DoseAlertTransition } from '../persistence/alert-transition.entity';
import { noteAuditedAlerts, toView } from './alerts.controller';

const common = { by: z.string().min(1).max(128).optional(), note: z.string().max(2000).optional() };
const BODIES = {
  acknowledge: z.object(common).strict(),
  'inform-patient': z.object(common).strict(),
  'schedule-skin-check': z
    .object({
      ...common,
      dueOn: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
        .refine((d) => !Number.isNaN(Date.parse(d)), 'not a calendar date')
        .optional(),
    })
    .strict(),
  close: z.object({ ...common, outcome: z.object({ finding: z.enum(SKIN_FINDINGS), ctcaeGrade: z.number().int().min(0).max(5) }).strict() }).strict(),
} as const;

function parseBody<A extends keyof typeof BODIES>(action: A, body: unknown): z.infer<(typeof BODIES)[A]> {
  const parsed = BODIES[action].safeParse(body ?? {});
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  return parsed.data as z.infer<(typeof BODIES)[A]>;
}

const NOT_FOUND = 'No such alert, or an alert of a site outside your scope';
/** What every follow-up transition answers besides 200. */
const TRANSITION_ERRORS = ApiErrors({
  ...GUARDED,
  ...JSON_BODY_LIMIT,
  403: 'Needs the physicist or site-admin role',
  400: 'The body is invalid (the message names the field), or `by` is missing with authentication off or given next to a token',
  404: NOT_FOUND,
  409: 'Not allowed from the current state (code, state and allowedFrom say why), or the alert changed state meanwhile',
});

function trailView(t: DoseAlertTransition) {
  return {
    seq: t.seq,
    state: t.state,
    at: t.at,
    by: t.by,
    note: t.note,
    skinCheckDueOn: t.skinCheckDueOn,
    outcome: t.outcome,
    published: t.publishedAt !== null,
  };
}

/** The follow-up of one alert: read it with its audit trail, move it on (physicist or site-admin). */
@ApiTags('alerts')
@Controller('api/v1/alerts')
export class FollowUpController {
  constructor(
    @InjectRepository(DoseAlert, 'notification') private readonly alerts: Repository<DoseAlert>,
    private readonly followUp: FollowUpService,
  ) {}

  @Get(':alertId')
  @Audited('read-alert')
  @ApiOkResponse({ description: 'The alert, its follow-up state and its audit trail', schema: ALERT_WITH_TRAIL })
  @ApiErrors({ ...GUARDED, 404: NOT_FOUND })
  @ApiOperation({ summary: 'One alert, its follow-up state and the audit trail of every transition' })
  async get(@CurrentPrincipal() principal: Principal, @Param('alertId') alertId: string) {
    const alert = await this.visible(principal, alertId);
    return { ...toView(alert), trail: (await this.followUp.trail(alert.id)).map(trailView) };
  }

  @Post(':alertId/acknowledge')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The alert in its new state, with its audit trail', schema: ALERT_WITH_TRAIL })
  @TRANSITION_ERRORS
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @ApiOperation({ summary: 'open → acknowledged (note optional)' })
  acknowledge(@CurrentPrincipal() p: Principal, @Param('alertId') id: string, @Body() body: unknown) {
    const b = parseBody('acknowledge', body);
    return this.move(p, id, 'acknowledge', b.by, b.note);
  }

  @Post(':alertId/inform-patient')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The alert in its new state, with its audit trail', schema: ALERT_WITH_TRAIL })
  @TRANSITION_ERRORS
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @ApiOperation({ summary: 'acknowledged → patient-informed' })
  informPatient(@CurrentPrincipal() p: Principal, @Param('alertId') id: string, @Body() body: unknown) {
    const b = parseBody('inform-patient', body);
    return this.move(p, id, 'inform-patient', b.by, b.note);
  }

  @Post(':alertId/schedule-skin-check')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The alert in its new state, with its audit trail', schema: ALERT_WITH_TRAIL })
  @TRANSITION_ERRORS
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @ApiOperation({ summary: 'patient-informed → skin-check-due (dueOn YYYY-MM-DD, default 4 weeks after the procedure per SIR 2–4 weeks)' })
  scheduleSkinCheck(@CurrentPrincipal() p: Principal, @Param('alertId') id: string, @Body() body: unknown) {
    const b = parseBody('schedule-skin-check', body);
    return this.move(p, id, 'schedule-skin-check', b.by, b.note, { skinCheckDueOn: b.dueOn });
  }

  @Post(':alertId/close')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The alert in its new state, with its audit trail', schema: ALERT_WITH_TRAIL })
  @TRANSITION_ERRORS
  @AllowRoles('physicist', 'site-admin')
  @Audited('change')
  @ApiOperation({ summary: 'skin-check-due or skin-check-overdue → closed, with the outcome (finding and NCI CTCAE grade)' })
  close(@CurrentPrincipal() p: Principal, @Param('alertId') id: string, @Body() body: unknown) {
    const b = parseBody('close', body);
    const problem = outcomeProblem(b.outcome.finding, b.outcome.ctcaeGrade);
    if (problem) throw new BadRequestException(`outcome: ${problem}`);
    return this.move(p, id, 'close', b.by, b.note, { outcome: b.outcome });
  }

  private async move(
    principal: Principal,
    alertId: string,
    action: FollowUpAction,
    by: string | undefined,
    note: string | undefined,
    extra: { skinCheckDueOn?: string; outcome?: { finding: (typeof SKIN_FINDINGS)[number]; ctcaeGrade: number } } = {},
  ) {
    const alert = await this.visible(principal, alertId);
    const actor = actorOf(principal, by);
    try {
      const moved = await this.followUp.apply(alert, action, { by: actor, note: note ?? null, ...extra });
      return { ...toView(moved), trail: (await this.followUp.trail(alert.id)).map(trailView) };
    } catch (err) {
      if (err instanceof InvalidTransitionError)
        throw new ConflictException({ statusCode: 409, code: err.code, message: err.message, state: err.state, allowedFrom: err.allowedFrom });
      if (err instanceof ConcurrentTransitionError) throw new ConflictException({ statusCode: 409, code: err.code, message: err.message });
      throw err;
    }
  }

  /** Another site's alert is answered as not found, like one that does not exist. */
  private async visible(principal: Principal, alertId: string): Promise<DoseAlert> {
    const alert = /^[0-9a-f-]{36}$/.test(alertId) ? await this.alerts.findOneBy({ id: alertId }) : null;
    if (!alert || !canSeeSite(principal, alert.site)) throw new NotFoundException('no such alert');
    noteAuditedAlerts([alert]);
    return alert;
  }
}

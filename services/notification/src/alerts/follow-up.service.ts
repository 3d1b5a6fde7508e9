import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, type Repository } from 'typeorm';
import type { AlertState, SkinFinding } from '@kerma/contracts';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options';
import { DoseAlert } from '../persistence/alert.entity';
import { DoseAlertTransition } from '../persistence/alert-transition.entity';
import { AlertService, SYSTEM_ACTOR } from './alert.service';
import { defaultSkinCheckDueOn, isSkinCheckOverdue, nextState, type FollowUpAction } from './follow-up';

export interface TransitionInput {
  readonly by: string;
  readonly note: string | null;
  readonly skinCheckDueOn?: string;
  readonly outcome?: { readonly finding: SkinFinding; readonly ctcaeGrade: number };
}

/** Another transition of the same alert was stored first (HTTP 409: read the alert again). */
export class ConcurrentTransitionError extends Error {
  readonly code = 'concurrent-transition';
}

/**
 * Moves an alert through its follow-up: each transition is checked against the state machine, stored
 * as a new audit row (one per state) with the alert's new state in one transaction, then published.
 * A sweep marks skin checks overdue (the reminder) and retries publications that failed.
 */
@Injectable()
export class FollowUpService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(FollowUpService.name);
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @InjectRepository(DoseAlert, 'notification') private readonly alerts: Repository<DoseAlert>,
    @InjectRepository(DoseAlertTransition, 'notification') private readonly transitions: Repository<DoseAlertTransition>,
    @InjectDataSource('notification') private readonly db: DataSource,
    private readonly publisher: AlertService,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
  ) {}

  onModuleInit(): void {
    const every = this.options.followUpSweepIntervalMs;
    if (every) {
      this.timer = setInterval(
        () => void this.sweep(new Date()).catch((err: Error) => this.log.warn({ msg: 'follow-up sweep failed; next round retries', error: err.message })),
        every,
      );
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  async apply(alert: DoseAlert, action: FollowUpAction, input: TransitionInput, now = new Date()): Promise<DoseAlert> {
    const to = nextState(alert.state as AlertState, action);
    const skinCheckDueOn = to === 'skin-check-due' ? (input.skinCheckDueOn ?? defaultSkinCheckDueOn(alert.raisedAt)) : alert.skinCheckDueOn;
    const seq = alert.stateSeq + 1;
    const at = now.toISOString();
    await this.db.transaction(async (m) => {
      // Only from the state the caller saw: a concurrent transition makes this one fail, never both apply.
      const moved = await m.update(DoseAlert, { id: alert.id, stateSeq: alert.stateSeq }, { state: to, stateSeq: seq, skinCheckDueOn });
      if (moved.affected !== 1) throw new ConcurrentTransitionError(`the alert changed state meanwhile; read it again`);
      await m.insert(DoseAlertTransition, {
        alertId: alert.id,
        seq,
        state: to,
        at,
        by: input.by,
        note: input.note,
        skinCheckDueOn,
        outcome: input.outcome ?? null,
        publishedAt: null,
      });
    });
    this.log.log({ msg: 'alert follow-up transition', alertId: alert.id, action, from: alert.state, to, seq });
    await this.publisher.publishPending(alert.id);
    return this.alerts.findOneByOrFail({ id: alert.id });
  }

  trail(alertId: string): Promise<DoseAlertTransition[]> {
    return this.transitions.find({ where: { alertId }, order: { seq: 'ASC' } });
  }

  /** Marks overdue skin checks (one reminder state per alert) and re-publishes states whose publication failed. */
  sweep(now: Date): Promise<void> {
    this.sweeping ??= this.sweepOnce(now).finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(now: Date): Promise<void> {
    for (const alertId of await this.publisher.unpublishedAlertIds()) await this.publisher.publishPending(alertId);
    const due = await this.alerts.findBy({ state: In(['skin-check-due']) });
    for (const alert of due) {
      if (!alert.skinCheckDueOn || !isSkinCheckOverdue(alert.skinCheckDueOn, now)) continue;
      try {
        await this.apply(alert, 'mark-overdue', { by: SYSTEM_ACTOR, note: `skin check was due on ${alert.skinCheckDueOn}` }, now);
      } catch (err) {
        if (!(err instanceof ConcurrentTransitionError)) throw err;
      }
    }
  }
}

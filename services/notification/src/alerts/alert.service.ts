import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type Repository } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { DoseAlertV1, type AlertKind, type DoseMetric, type PatientRef } from '@kerma/contracts';
import { EventPublisher } from '@kerma/messaging';
import { KermaMetrics } from '@kerma/platform';
import { DoseAlert } from '../persistence/alert.entity';
import { DoseAlertTransition } from '../persistence/alert-transition.entity';
import { unitOf, type AlertRule } from '../rules/alert-rule';
import { alertIdOf } from './alert-id';
import { alertMessage } from './alert-message';

export interface StudyContext {
  readonly site: string;
  readonly studyInstanceUid: string;
  readonly patient: PatientRef;
}

export interface Breach {
  readonly rule: AlertRule;
  readonly measured: number;
  /** Cumulative and already-above alerts: the window and the studies added up. */
  readonly cumulative?: { readonly windowDays: number; readonly studyInstanceUids: readonly string[] };
}

/** The actor of the states Kerma sets itself (open, skin-check-overdue). */
export const SYSTEM_ACTOR = 'kerma';

/** Alert id: a study alert keeps its historical id; cumulative kinds add the kind, so both can fire on one study. */
export function alertIdFor(studyInstanceUid: string, kind: AlertKind, metric: string, level: string): string {
  return kind === 'study' ? alertIdOf(studyInstanceUid, metric, level) : alertIdOf(studyInstanceUid, `${kind}:${metric}`, level);
}

/**
 * Raises alerts idempotently and publishes every state of an alert: the alert row and its open transition
 * are written first (unique per study, kind, metric, level), then published; a redelivered message finds
 * the row and only re-publishes what was not published. Each state's event id is derived from
 * (alert id, state), so consumers can dedupe too.
 */
@Injectable()
export class AlertService {
  private readonly log = new Logger(AlertService.name);

  constructor(
    @InjectRepository(DoseAlert, 'notification') private readonly alerts: Repository<DoseAlert>,
    @InjectRepository(DoseAlertTransition, 'notification') private readonly transitions: Repository<DoseAlertTransition>,
    @InjectDataSource('notification') private readonly db: DataSource,
    private readonly events: EventPublisher,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  async raise(study: StudyContext, breach: Breach): Promise<DoseAlert> {
    const { rule } = breach;
    const id = alertIdFor(study.studyInstanceUid, rule.kind, rule.metric, rule.level);
    let alert = await this.alerts.findOneBy({ id });
    if (!alert) {
      const raisedAt = new Date().toISOString();
      alert = this.alerts.create({
        id,
        studyInstanceUid: study.studyInstanceUid,
        kind: rule.kind,
        metric: rule.metric,
        level: rule.level,
        site: study.site,
        patientKey: study.patient.key,
        patientId: study.patient.id,
        patientIdIssuer: study.patient.issuer,
        measuredValue: breach.measured,
        thresholdValue: rule.threshold,
        unit: unitOf(rule.metric),
        ruleId: rule.id,
        ruleDescription: rule.description,
        ruleReference: rule.reference,
        raisedAt,
        publishedAt: null,
        cumulative: breach.cumulative ? { windowDays: breach.cumulative.windowDays, studyInstanceUids: [...breach.cumulative.studyInstanceUids] } : null,
        state: 'open',
        stateSeq: 1,
        skinCheckDueOn: null,
      });
      const open = this.transitions.create({
        alertId: id,
        seq: 1,
        state: 'open',
        at: raisedAt,
        by: SYSTEM_ACTOR,
        note: rule.description,
        skinCheckDueOn: null,
        outcome: null,
        publishedAt: null,
      });
      try {
        await this.db.transaction(async (m) => {
          await m.insert(DoseAlert, alert!);
          await m.insert(DoseAlertTransition, open);
        });
        this.metrics?.alertRaised(alert.metric, alert.level);
      } catch (err) {
        const concurrent = await this.alerts.findOneBy({ id });
        if (!concurrent) throw err;
        alert = concurrent;
      }
      this.log.log({
        msg: 'dose alert raised',
        alertId: id,
        kind: rule.kind,
        studyInstanceUid: study.studyInstanceUid,
        metric: alert.metric,
        alertLevel: alert.level,
        measured: alert.measuredValue,
        threshold: alert.thresholdValue,
        unit: alert.unit,
      });
    }
    await this.publishPending(alert.id);
    return alert;
  }

  /** Publishes the alert's unpublished states in order (after a crash or a failed publish, on the next call). */
  async publishPending(alertId: string): Promise<void> {
    const pending = await this.transitions.find({ where: { alertId, publishedAt: IsNull() }, order: { seq: 'ASC' } });
    if (pending.length === 0) return;
    const alert = await this.alerts.findOneByOrFail({ id: alertId });
    for (const t of pending) {
      await this.events.publish(DoseAlertV1, alertMessage(alert, t));
      const now = new Date().toISOString();
      await this.transitions.update({ alertId, seq: t.seq }, { publishedAt: now });
      if (t.state === 'open') await this.alerts.update({ id: alertId }, { publishedAt: now });
    }
  }

  /** Every alert with a state not yet published (the follow-up sweep retries them). */
  async unpublishedAlertIds(): Promise<string[]> {
    const rows = await this.transitions
      .createQueryBuilder('t')
      .select('DISTINCT t.alert_id', 'alertId')
      .where('t.published_at IS NULL')
      .getRawMany<{ alertId: string }>();
    return rows.map((r) => r.alertId);
  }

  /** Whether the person (these patient keys) already has an alert of this cumulative kind, metric and level raised by a study of the window. */
  async hasPatientAlert(
    patientKeys: readonly string[],
    kind: AlertKind,
    metric: DoseMetric,
    level: string,
    studyInstanceUids: readonly string[],
  ): Promise<DoseAlert | null> {
    const rows = await this.alerts.findBy({ patientKey: In([...patientKeys]), kind, metric, level });
    return rows.find((a) => studyInstanceUids.includes(a.studyInstanceUid)) ?? null;
  }
}

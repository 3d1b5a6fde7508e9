import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';

import type { Repository } from 'typeorm';
import { DoseAlertV1, type DoseMetric, type PatientRef } from '@kerma/contracts';
import { EventPublisher } from '@kerma/messaging';
import { KermaMetrics } from '@kerma/platform';
import { NOTIFICATION_OPTIONS, type NotificationOptions } from '../notification-options';
import { DoseAlert } from '../persistence/alert.entity';
import { unitOf } from '../rules/alert-rule';
import { evaluateRules } from '../rules/evaluate-rules';
import { alertEventIdOf, alertIdOf } from './alert-id';

export interface StudyContext {
  readonly site: string;
  readonly studyInstanceUid: string;
  readonly patient: PatientRef;
}

/**
 * Raises alerts idempotently: the alert row is written first (unique per study, metric, level),
 * then published; a redelivered message finds the row and only re-publishes if the first publish
 * did not complete. The event id is derived from the alert id, so consumers can dedupe too.
 */
@Injectable()
export class AlertService {
  private readonly log = new Logger(AlertService.name);

  constructor(
    @InjectRepository(DoseAlert, 'notification') private readonly alerts: Repository<DoseAlert>,
    private readonly events: EventPublisher,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: NotificationOptions,
    @Optional() private readonly metrics?: KermaMetrics,
  ) {}

  async evaluate(study: StudyContext, metrics: Partial<Record<DoseMetric, number>>): Promise<DoseAlert[]> {
    const raised: DoseAlert[] = [];
    for (const breach of evaluateRules(this.options.rules, metrics)) {
      const id = alertIdOf(study.studyInstanceUid, breach.rule.metric, breach.rule.level);
      let alert = await this.alerts.findOneBy({ id });
      if (!alert) {
        alert = this.alerts.create({
          id,
          studyInstanceUid: study.studyInstanceUid,
          metric: breach.rule.metric,
          level: breach.rule.level,
          site: study.site,
          patientKey: study.patient.key,
          patientId: study.patient.id,
          patientIdIssuer: study.patient.issuer,
          measuredValue: breach.measured,
          thresholdValue: breach.rule.threshold,
          unit: unitOf(breach.rule.metric),
          ruleId: breach.rule.id,
          ruleDescription: breach.rule.description,
          ruleReference: breach.rule.reference,
          raisedAt: new Date().toISOString(),
          publishedAt: null,
        });
        try {
          await this.alerts.insert(alert);
          this.metrics?.alertRaised(alert.metric, alert.level);
        } catch (err) {
          const concurrent = await this.alerts.findOneBy({ id });
          if (!concurrent) throw err;
          alert = concurrent;
        }
        this.log.log({ msg: 'dose alert raised', alertId: id, studyInstanceUid: study.studyInstanceUid, metric: alert.metric, alertLevel: alert.level, measured: alert.measuredValue, threshold: alert.thresholdValue, unit: alert.unit });
      }
      if (!alert.publishedAt) await this.publish(alert);
      raised.push(alert);
    }
    return raised;
  }

  private async publish(alert: DoseAlert): Promise<void> {
    await this.events.publish(DoseAlertV1, {
      eventId: alertEventIdOf(alert.id),
      occurredAt: new Date().toISOString(),
      alertId: alert.id,
      site: alert.site,
      patient: { id: alert.patientId, issuer: alert.patientIdIssuer, key: alert.patientKey },
      studyInstanceUid: alert.studyInstanceUid,
      metric: alert.metric as DoseMetric,
      measured: { value: alert.measuredValue, unit: alert.unit },
      threshold: { value: alert.thresholdValue, unit: alert.unit },
      level: alert.level,
      rule: { id: alert.ruleId, description: alert.ruleDescription, reference: alert.ruleReference },
      raisedAt: alert.raisedAt,
    });
    await this.alerts.update({ id: alert.id }, { publishedAt: new Date().toISOString() });
  }
}


import { Injectable } from '@nestjs/common';
import type { DoseMetric, SkinDoseCalculatedV1, StudyParsedV1 } from '@kerma/contracts';
import { studyDoseFigures } from '@kerma/dose-figures';
import { KeyedLock } from '../patients/keyed-lock';
import { PatientStudiesService } from '../patients/patient-studies.service';
import type { PatientStudy } from '../persistence/patient-study.entity';
import { DEFAULT_WINDOW_DAYS } from '../rules/alert-rule';
import { evaluateRules } from '../rules/evaluate-rules';
import { RuleSetService } from '../rules/rule-set.service';
import { applicableRules } from '../rules/select-rules';
import { siteOnlySubject } from '../rules/study-context';
import { studyMetrics } from '../study-metrics/study-metrics';
import { AlertService, type StudyContext } from './alert.service';
import type { DoseAlert } from '../persistence/alert.entity';

/** A cumulative figure is a patient's sum over studies: one study alone is judged by the study rules. */
const MIN_STUDIES_FOR_CUMULATIVE = 2;

/**
 * Judges each study event: the study's own figures against the study rules that apply to it (site,
 * room, procedure, protocol, age), then the patient's figures over the window against the cumulative
 * and already-above rules. A patient's events are judged one at a time (see KeyedLock).
 */
@Injectable()
export class DoseEvaluationService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly alerts: AlertService,
    private readonly studies: PatientStudiesService,
    private readonly ruleSet: RuleSetService,
  ) {}

  onStudyParsed(event: StudyParsedV1): Promise<DoseAlert[]> {
    return this.lock.run(event.patient.key, async () => {
      const row = await this.studies.recordParsed(event);
      const raised = await this.judgeStudy(event, row, studyMetrics(studyDoseFigures(event.procedure)));
      return [...raised, ...(await this.judgePatient(event, row))];
    });
  }

  onSkinDoseCalculated(event: SkinDoseCalculatedV1): Promise<DoseAlert[]> {
    return this.lock.run(event.patient.key, async () => {
      const row = await this.studies.recordSkinDose(event);
      const raised = event.status === 'not-applicable' ? [] : await this.judgeStudy(event, row, { 'peak-skin-dose': event.psdGy });
      return [...raised, ...(await this.judgePatient(event, row))];
    });
  }

  private async judgeStudy(study: StudyContext, row: PatientStudy, metrics: Partial<Record<DoseMetric, number>>): Promise<DoseAlert[]> {
    const rules = applicableRules(this.ruleSet.rules(), row.subject ?? siteOnlySubject(study.site), ['study']);
    const raised: DoseAlert[] = [];
    for (const breach of evaluateRules(rules, metrics)) raised.push(await this.alerts.raise(study, breach));
    return raised;
  }

  private async judgePatient(study: StudyContext, row: PatientStudy): Promise<DoseAlert[]> {
    const rules = applicableRules(this.ruleSet.rules(), row.subject ?? siteOnlySubject(study.site), ['cumulative', 'already-above']);
    const raised: DoseAlert[] = [];
    for (const rule of rules) {
      const metric = rule.metric as 'peak-skin-dose' | 'reference-air-kerma';
      const window = await this.studies.windowFigures(row, rule.windowDays ?? DEFAULT_WINDOW_DAYS, rule.kind === 'already-above');
      const value = window.figures[metric];
      if (value === null || value < rule.threshold) continue;
      const breach = { rule, measured: value, cumulative: { windowDays: window.windowDays, studyInstanceUids: window.studyInstanceUids } };
      if (rule.kind === 'cumulative') {
        if (window.studyInstanceUids.length < MIN_STUDIES_FOR_CUMULATIVE) continue;
        // One alert per patient while the window holds the study that raised it; later studies are already-above.
        const existing = await this.alerts.hasPatientAlert(row.patientKey, 'cumulative', metric, rule.level, window.studyInstanceUids);
        if (existing && existing.studyInstanceUid !== study.studyInstanceUid) continue;
      }
      raised.push(await this.alerts.raise(study, breach));
    }
    return raised;
  }
}

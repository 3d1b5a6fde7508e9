import { Injectable, Logger } from '@nestjs/common';
import type { DoseMetric, PatientIdentityV1, PatientLinkV1, PatientRef, SkinDoseCalculatedV2, StudyParsedV2 } from '@kerma/contracts';
import { keyOf, PatientLinksService } from '../patients/patient-links.service';
import { PatientStudiesService, windowsOver, type WindowsOf } from '../patients/patient-studies.service';
import { PersonLock } from '../patients/person-lock';
import type { PatientStudy } from '../persistence/patient-study.entity';
import { DEFAULT_WINDOW_DAYS } from '../rules/alert-rule';
import { evaluateRules } from '../rules/evaluate-rules';
import { RuleSetService } from '../rules/rule-set.service';
import { applicableRules } from '../rules/select-rules';
import { siteOnlySubject } from '../rules/study-context';
import { AlertService, type StudyContext } from './alert.service';
import type { DoseAlert } from '../persistence/alert.entity';

/** A cumulative figure is a patient's sum over studies: one study alone is judged by the study rules. */
const MIN_STUDIES_FOR_CUMULATIVE = 2;

const DAY_MS = 86_400_000;

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((k, i) => k === b[i]);

/** The studies whose time lies within `windowDays` of this one, before or after: one cumulative episode. */
function episodeOf(study: PatientStudy, all: readonly PatientStudy[], windowDays: number): string[] {
  const t = Date.parse(study.studyTime);
  return all.filter((r) => Math.abs(Date.parse(r.studyTime) - t) <= windowDays * DAY_MS).map((r) => r.studyInstanceUid);
}

/**
 * Judges each study event: the study's own figures against the study rules that apply to it (site,
 * room, procedure, protocol, age), then the person's figures over the window against the cumulative
 * and already-above rules. A person is a patient key and the keys linked to it (patient links); a
 * person's events are judged one at a time, across replicas too (PersonLock). A new link judges the
 * person's cumulative rules again, study by study in time order.
 */
@Injectable()
export class DoseEvaluationService {
  private readonly log = new Logger(DoseEvaluationService.name);

  constructor(
    private readonly alerts: AlertService,
    private readonly studies: PatientStudiesService,
    private readonly ruleSet: RuleSetService,
    private readonly links: PatientLinksService,
    private readonly lock: PersonLock,
  ) {}

  /**
   * A study is judged once both its figures (study.parsed) and its patient (patient-identity) are known,
   * whichever arrives last; the study's peak skin dose, when it came first, is judged with them
   * (skin-dose.calculated names the patient by key only). Alert ids are per (study, metric, level), so
   * judging the same figures again raises nothing new.
   */
  onStudyParsed(event: StudyParsedV2): Promise<DoseAlert[]> {
    return this.forPerson([event.patient.key], async (keys) => this.judgeParsedStudy(await this.studies.recordParsed(event), keys));
  }

  /** The study's patient id and issuer: a study already parsed is judged now (it waited for them). */
  onPatientIdentity(event: PatientIdentityV1): Promise<DoseAlert[]> {
    return this.forPerson([event.patient.key], async (keys) => {
      const row = await this.studies.recordIdentity(event);
      return row.parsedRevision === null ? [] : this.judgeParsedStudy(row, keys);
    });
  }

  /** Judged once the study's patient is known (study parsed, identity seen); before that the result is only kept. */
  onSkinDoseCalculated(event: SkinDoseCalculatedV2): Promise<DoseAlert[]> {
    return this.forPerson([event.patient.key], async (keys) => {
      const row = await this.studies.recordSkinDose(event);
      const patient = await this.patientOfStudy(row);
      if (!patient) {
        this.log.log({ msg: 'skin dose kept until the study is parsed and its patient known', studyInstanceUid: event.studyInstanceUid });
        return [];
      }
      const study: StudyContext = { site: event.site, studyInstanceUid: event.studyInstanceUid, patient };
      const raised = event.status === 'not-applicable' ? [] : await this.judgeStudy(study, row, { 'peak-skin-dose': event.psdGy });
      return [...raised, ...(await this.judgeAlreadyAbove(study, row, keys)), ...(await this.judgeCumulative(study, row, keys))];
    });
  }

  /** A parsed study's own figures (and its kept peak skin dose), then the person's; nothing while its patient is unknown. */
  private async judgeParsedStudy(row: PatientStudy, keys: readonly string[]): Promise<DoseAlert[]> {
    const patient = await this.patientOfStudy(row);
    if (!patient) {
      this.log.log({ msg: 'study kept until its patient identity arrives', studyInstanceUid: row.studyInstanceUid });
      return [];
    }
    const study: StudyContext = { site: row.site, studyInstanceUid: row.studyInstanceUid, patient };
    const metrics = { ...(row.studyMetrics ?? {}) };
    if (row.skinDoseStatus === 'calculated' && row.psdGy !== null) metrics['peak-skin-dose'] = row.psdGy;
    const raised = await this.judgeStudy(study, row, metrics);
    return [...raised, ...(await this.judgeAlreadyAbove(study, row, keys)), ...(await this.judgeCumulative(study, row, keys))];
  }

  /**
   * The patient of a study as patient-identity named it; null before the study is parsed, or after while
   * its identity has not arrived yet. A study parsed before notification kept the identity (no figures
   * kept either, and without an alert to take it from) falls back to a patient link of its key, else to
   * the key alone: the alert is raised all the same, without the id.
   */
  private async patientOfStudy(row: PatientStudy): Promise<PatientRef | null> {
    // Not before the study is parsed, even with its identity: the rules to apply depend on the study (room, procedure, age).
    if (row.parsedRevision === null) return null;
    if (row.patient) return row.patient;
    if (row.studyMetrics !== null) return null;
    return (await this.links.patientOf(row.patientKey)) ?? { id: null, issuer: null, key: row.patientKey };
  }

  /**
   * A link makes one person of two: their cumulative figures are judged again, each study's window in
   * time order, as if the link had always been there (the first study whose window reaches a level
   * raises the alert; alert ids and the one-per-window check keep it to one). An unlink raises nothing.
   */
  onPatientLink(event: PatientLinkV1): Promise<DoseAlert[]> {
    const [a, b] = event.identities.map(keyOf);
    return this.forPerson([a, b], async () => {
      await this.links.apply(event);
      if (event.action === 'unlinked') return [];
      const keys = await this.links.personKeys(a);
      const [first] = await this.studies.ofPatients(keys);
      const raised = first ? await this.judgeCumulative(null, first, keys) : [];
      if (raised.length) this.log.log({ msg: 'patient link raised cumulative alerts', linkId: event.linkId, alerts: raised.length });
      return raised;
    });
  }

  /**
   * Runs the task under the lock of every key of the person(s) of `start`, with those keys; when a
   * link changed the person between reading its keys and taking the locks, it starts again.
   */
  private async forPerson<T>(start: readonly string[], task: (keys: string[]) => Promise<T>): Promise<T> {
    for (;;) {
      const keys = await this.keysOf(start);
      const outcome = await this.lock.run(keys, async () =>
        sameKeys(await this.keysOf(start), keys) ? { done: true as const, value: await task(keys) } : { done: false as const },
      );
      if (outcome.done) return outcome.value;
    }
  }

  private async keysOf(start: readonly string[]): Promise<string[]> {
    const all = new Set<string>();
    for (const key of start) for (const k of await this.links.personKeys(key)) all.add(k);
    return [...all].sort();
  }

  private async judgeStudy(study: StudyContext, row: PatientStudy, metrics: Partial<Record<DoseMetric, number>>): Promise<DoseAlert[]> {
    const rules = applicableRules(this.ruleSet.rules(), row.subject ?? siteOnlySubject(study.site), ['study']);
    const raised: DoseAlert[] = [];
    for (const breach of evaluateRules(rules, metrics)) raised.push(await this.alerts.raise(study, breach));
    return raised;
  }

  /** A new procedure on a person already above a level: the figures of the window before this study. */
  private async judgeAlreadyAbove(study: StudyContext, row: PatientStudy, keys: readonly string[]): Promise<DoseAlert[]> {
    const raised: DoseAlert[] = [];
    let windowsOf: WindowsOf | null = null;
    for (const rule of applicableRules(this.ruleSet.rules(), row.subject ?? siteOnlySubject(study.site), ['already-above'])) {
      const metric = rule.metric as 'peak-skin-dose' | 'reference-air-kerma';
      windowsOf ??= windowsOver(await this.studies.ofPatients(keys));
      const window = windowsOf(row, rule.windowDays ?? DEFAULT_WINDOW_DAYS, true);
      const value = window.figures[metric];
      if (value === null || value < rule.threshold) continue;
      raised.push(
        await this.alerts.raise(study, { rule, measured: value, cumulative: { windowDays: window.windowDays, studyInstanceUids: window.studyInstanceUids } }),
      );
    }
    return raised;
  }

  /**
   * The person's cumulative rules over the window ending at each study from `from` on, in time order:
   * a study's figures change the windows of the later studies too (reports do not arrive in study
   * order, nor on one replica). The first window to reach a level raises the alert, on its study; one
   * alert per person, kind, metric and level while the studies are within a window of each other.
   * `event`: the study event being judged (null: a link).
   */
  private async judgeCumulative(event: StudyContext | null, from: PatientStudy, keys: readonly string[]): Promise<DoseAlert[]> {
    const all = await this.studies.ofPatients(keys);
    const windowsOf = windowsOver(all);
    const raised: DoseAlert[] = [];
    for (const row of all.filter((r) => r.studyTime >= from.studyTime)) {
      const context = await this.contextOf(row, event);
      if (!context) continue;
      for (const rule of applicableRules(this.ruleSet.rules(), row.subject ?? siteOnlySubject(row.site), ['cumulative'])) {
        const metric = rule.metric as 'peak-skin-dose' | 'reference-air-kerma';
        const windowDays = rule.windowDays ?? DEFAULT_WINDOW_DAYS;
        const window = windowsOf(row, windowDays, false);
        const value = window.figures[metric];
        if (value === null || value < rule.threshold || window.studyInstanceUids.length < MIN_STUDIES_FOR_CUMULATIVE) continue;
        const existing = await this.alerts.hasPatientAlert(keys, 'cumulative', metric, rule.level, episodeOf(row, all, windowDays));
        if (existing && existing.studyInstanceUid !== row.studyInstanceUid) continue;
        raised.push(
          await this.alerts.raise(context, {
            rule,
            measured: value,
            cumulative: { windowDays: window.windowDays, studyInstanceUids: window.studyInstanceUids },
          }),
        );
      }
    }
    return raised;
  }

  /** Who a study's alert names: the event's patient for its own key, else the linked identity of the key. */
  private async contextOf(row: PatientStudy, event: StudyContext | null): Promise<StudyContext | null> {
    if (event && row.studyInstanceUid === event.studyInstanceUid) return event;
    const patient = event && row.patientKey === event.patient.key ? event.patient : (row.patient ?? (await this.links.patientOf(row.patientKey)));
    return patient ? { site: row.site, studyInstanceUid: row.studyInstanceUid, patient } : null;
  }
}

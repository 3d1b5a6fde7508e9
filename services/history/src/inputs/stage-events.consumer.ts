import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  DoseAlertV1,
  PatientIdentityV1,
  patientIdentityOf,
  procedureOf,
  RdsrReceivedV1,
  SkinDoseCalculatedV1,
  SkinDoseCalculatedV2,
  skinDoseCalculatedV2Of,
  StudyParsedV1,
  StudyParsedV2,
  studyParsedV2Of,
} from '@kerma/contracts';
import { studyDoseFigures } from '@kerma/dose-figures';
import { withAlertState } from './alert-states';
import { ConsumeEvent } from '@kerma/messaging';
import { DrlFiguresService } from '../drl/drl-figures.service';
import { FhirPushOutbox } from '../fhir/fhir-push-outbox';
import { studyFigureRows } from '../drl/study-figure-rows';
import { SkinDoseMapsService } from '../skin-dose-maps/skin-dose-maps.service';
import { StudyRecordsService, type StudyIdentity } from '../studies/study-records.service';
import { failuresAfter } from './failure-clearing';

const GROUP = 'kerma-history';

/** Follows a study through the stages: received, parsed, skin dose calculated, alerts raised. */
@Controller()
export class StageEventsConsumer {
  constructor(
    private readonly studies: StudyRecordsService,
    private readonly skinDoseMaps: SkinDoseMapsService,
    private readonly drlFigures: DrlFiguresService,
    private readonly fhirPush: FhirPushOutbox,
  ) {}

  @ConsumeEvent(RdsrReceivedV1, GROUP)
  async onReceived(@Payload() event: RdsrReceivedV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.receivedState = 'done';
      r.receivedAt ??= event.receivedAt;
      if (!r.sopInstanceUids.includes(event.sopInstanceUid)) r.sopInstanceUids = [...r.sopInstanceUids, event.sopInstanceUid];
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: RdsrReceivedV1.topic });
    });
  }

  @ConsumeEvent(StudyParsedV2, GROUP)
  async onParsed(@Payload() event: StudyParsedV2): Promise<void> {
    await this.parsed(event, StudyParsedV2.topic);
  }

  /** Messages written before study.parsed v2 (a rolling upgrade) are read as v2 and as the identity they carry. */
  @ConsumeEvent(StudyParsedV1, GROUP)
  async onParsedV1(@Payload() event: StudyParsedV1): Promise<void> {
    await this.parsed(studyParsedV2Of(event), StudyParsedV1.topic, patientIdentityOf(event));
  }

  /**
   * The study's patient id and issuer (study.parsed.v2 names the patient by key only). A record begun
   * without them learns them here, whichever of the study's events came first.
   */
  @ConsumeEvent(PatientIdentityV1, GROUP)
  async onIdentity(@Payload() event: PatientIdentityV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: PatientIdentityV1.topic });
    });
  }

  @ConsumeEvent(SkinDoseCalculatedV2, GROUP)
  async onSkinDose(@Payload() event: SkinDoseCalculatedV2): Promise<void> {
    await this.skinDose(event, SkinDoseCalculatedV2.topic);
  }

  /** Messages written before skin-dose.calculated v2 (a rolling upgrade): their patient id is not used (the study's events bring it). */
  @ConsumeEvent(SkinDoseCalculatedV1, GROUP)
  async onSkinDoseV1(@Payload() event: SkinDoseCalculatedV1): Promise<void> {
    await this.skinDose(skinDoseCalculatedV2Of(event), SkinDoseCalculatedV1.topic);
  }

  /** `identity`: the study and patient the record is updated for (a v1 message also names the id). */
  private async parsed(event: StudyParsedV2, topic: string, identity: StudyIdentity = event): Promise<void> {
    const procedure = procedureOf(event);
    const figures = studyDoseFigures(procedure);
    const record = await this.studies.update(identity, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic });
      if (event.studyRevision < r.studyRevision) return;
      r.failures = failuresAfter(r.failures, { stage: 'parse', sopInstanceUids: event.sopInstanceUids });
      r.studyRevision = event.studyRevision;
      r.parsedState = 'done';
      r.parsedAt = event.occurredAt;
      r.parserVersion = event.parserVersion ?? null;
      r.receivedState = 'done';
      r.sopInstanceUids = [...new Set([...r.sopInstanceUids, ...event.sopInstanceUids])];
      r.studyDateTime = procedure.study.studyDateTime;
      r.device = { manufacturer: procedure.device.manufacturer, modelName: procedure.device.modelName, stationName: procedure.device.stationName };
      const { kind, source, ct, mammography, nuclearMedicine, skinDose: applicability, ...totals } = figures;
      r.kind = kind;
      r.doseSource = source;
      r.totals = totals;
      r.ct = ct;
      r.mammography = mammography;
      r.nuclearMedicine = nuclearMedicine;
      r.skinDoseApplicability = applicability;
      // A new report changes the study: a skin dose of an earlier state no longer completes the stage.
      r.skinDoseState = !applicability.applicable
        ? 'not-applicable'
        : r.skinDose && r.skinDose.studyRevision >= event.studyRevision
          ? r.skinDoseState
          : 'pending';
    });
    // Only the newest revision's figures count in DRL analytics (an older redelivery leaves them be).
    if (record.studyRevision === event.studyRevision) {
      await this.drlFigures.replaceForStudy(event.studyInstanceUid, event.studyRevision, studyFigureRows(event, procedure, figures));
      await this.fhirPush.enqueue(record.studyInstanceUid, record.site);
    }
  }

  private async skinDose(event: SkinDoseCalculatedV2, topic: string): Promise<void> {
    const record = await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic });
      if (r.skinDose && event.studyRevision < r.skinDose.studyRevision) return;
      if (event.status === 'not-applicable') {
        // The parsed study already says so when history saw it; this covers a skin-dose answer arriving first.
        if (event.studyRevision >= r.studyRevision) {
          r.skinDoseState = 'not-applicable';
          r.failures = failuresAfter(r.failures, { stage: 'skin-dose' });
          r.skinDoseApplicability ??= { applicable: false, code: event.reason.code, reason: event.reason.message };
        }
        return;
      }
      r.skinDoseState = event.studyRevision >= r.studyRevision ? 'done' : 'pending';
      if (r.skinDoseState === 'done') r.failures = failuresAfter(r.failures, { stage: 'skin-dose' });
      r.skinDose = {
        psdGy: event.psdGy,
        method: event.method,
        expandedUncertaintyPercentK2: event.expandedUncertaintyPercentK2,
        psdLocation: event.psdLocation,
        sanity: event.sanity,
        skinAreaCm2AtOrAbove: event.skinAreaCm2AtOrAbove,
        assumptions: event.assumptions,
        profile: event.profile,
        algorithmVersion: event.algorithmVersion,
        mapUrl: event.mapUrl,
        sopInstanceUids: event.sopInstanceUids,
        studyRevision: event.studyRevision,
        calculatedAt: event.occurredAt,
      };
    });
    // The map is kept beside the record (a patient's cumulative skin dose adds the maps up).
    if (event.status !== 'not-applicable') await this.skinDoseMaps.keep(event);
    // The summary names the peak skin dose: pushed again once the study's figures are there.
    if (record.kind !== null && record.skinDose?.studyRevision === event.studyRevision) await this.fhirPush.enqueue(record.studyInstanceUid, record.site);
  }

  @ConsumeEvent(DoseAlertV1, GROUP)
  async onAlert(@Payload() event: DoseAlertV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: DoseAlertV1.topic });
      r.alerts = withAlertState(r.alerts, event);
    });
  }
}

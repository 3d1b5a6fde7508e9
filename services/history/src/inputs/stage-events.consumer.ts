import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DoseAlertV1, RdsrReceivedV1, SkinDoseCalculatedV1, StudyParsedV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { StudyRecordsService } from '../studies/study-records.service';
import { failuresAfter } from './failure-clearing';
import { studyTotals } from './study-totals';

const GROUP = 'kerma-history';

/** Follows a study through the stages: received, parsed, skin dose calculated, alerts raised. */
@Controller()
export class StageEventsConsumer {
  constructor(private readonly studies: StudyRecordsService) {}

  @ConsumeEvent(RdsrReceivedV1, GROUP)
  async onReceived(@Payload() event: RdsrReceivedV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.receivedState = 'done';
      r.receivedAt ??= event.receivedAt;
      if (!r.sopInstanceUids.includes(event.sopInstanceUid)) r.sopInstanceUids = [...r.sopInstanceUids, event.sopInstanceUid];
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: RdsrReceivedV1.topic });
    });
  }

  @ConsumeEvent(StudyParsedV1, GROUP)
  async onParsed(@Payload() event: StudyParsedV1): Promise<void> {
    const { procedure } = event;
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: StudyParsedV1.topic });
      if (event.studyRevision < r.studyRevision) return;
      r.failures = failuresAfter(r.failures, { stage: 'parse', sopInstanceUids: event.sopInstanceUids });
      r.studyRevision = event.studyRevision;
      r.parsedState = 'done';
      r.parsedAt = event.occurredAt;
      r.receivedState = 'done';
      r.sopInstanceUids = [...new Set([...r.sopInstanceUids, ...event.sopInstanceUids])];
      r.studyDateTime = procedure.study.studyDateTime;
      r.device = { manufacturer: procedure.device.manufacturer, modelName: procedure.device.modelName, stationName: procedure.device.stationName };
      r.totals = studyTotals(procedure);
      // A new report changes the study: a skin dose of an earlier state no longer completes the stage.
      r.skinDoseState = r.skinDose && r.skinDose.studyRevision >= event.studyRevision ? r.skinDoseState : 'pending';
    });
  }

  @ConsumeEvent(SkinDoseCalculatedV1, GROUP)
  async onSkinDose(@Payload() event: SkinDoseCalculatedV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: SkinDoseCalculatedV1.topic });
      if (r.skinDose && event.studyRevision < r.skinDose.studyRevision) return;
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
  }

  @ConsumeEvent(DoseAlertV1, GROUP)
  async onAlert(@Payload() event: DoseAlertV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: DoseAlertV1.topic });
      if (r.alerts.some((a) => a.alertId === event.alertId)) return;
      r.alerts = [...r.alerts, { alertId: event.alertId, metric: event.metric, level: event.level, measured: event.measured, threshold: event.threshold, raisedAt: event.raisedAt }];
    });
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DoseAlertV1, RdsrReceivedV1, SkinDoseCalculatedV1, StudyParsedV1 } from '@kerma/contracts';
import { studyDoseFigures } from '@kerma/dose-figures';
import { withAlertState } from './alert-states';
import { ConsumeEvent } from '@kerma/messaging';
import { DrlFiguresService } from '../drl/drl-figures.service';
import { studyFigureRows } from '../drl/study-figure-rows';
import { SkinDoseMapsService } from '../skin-dose-maps/skin-dose-maps.service';
import { StudyRecordsService } from '../studies/study-records.service';
import { failuresAfter } from './failure-clearing';

const GROUP = 'kerma-history';

/** Follows a study through the stages: received, parsed, skin dose calculated, alerts raised. */
@Controller()
export class StageEventsConsumer {
  constructor(
    private readonly studies: StudyRecordsService,
    private readonly skinDoseMaps: SkinDoseMapsService,
    private readonly drlFigures: DrlFiguresService,
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

  @ConsumeEvent(StudyParsedV1, GROUP)
  async onParsed(@Payload() event: StudyParsedV1): Promise<void> {
    const { procedure } = event;
    const figures = studyDoseFigures(procedure);
    const record = await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: StudyParsedV1.topic });
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
    if (record.studyRevision === event.studyRevision)
      await this.drlFigures.replaceForStudy(event.studyInstanceUid, event.studyRevision, studyFigureRows(event, procedure, figures));
  }

  @ConsumeEvent(SkinDoseCalculatedV1, GROUP)
  async onSkinDose(@Payload() event: SkinDoseCalculatedV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: SkinDoseCalculatedV1.topic });
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
  }

  @ConsumeEvent(DoseAlertV1, GROUP)
  async onAlert(@Payload() event: DoseAlertV1): Promise<void> {
    await this.studies.update(event, (r) => {
      r.failures = failuresAfter(r.failures, { stage: 'history', topic: DoseAlertV1.topic });
      r.alerts = withAlertState(r.alerts, event);
    });
  }
}

import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SkinDoseCalculatedV1, SkinDoseCalculatedV2, skinDoseCalculatedV2Of } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { DoseEvaluationService } from '../alerts/dose-evaluation.service';

/** Peak skin dose alerts come from the skin-dose engine's result; cumulative PSD from the patient's maps. */
@Controller()
export class SkinDoseCalculatedConsumer {
  private readonly log = new Logger(SkinDoseCalculatedConsumer.name);

  constructor(private readonly evaluation: DoseEvaluationService) {}

  @ConsumeEvent(SkinDoseCalculatedV2, 'kerma-notification')
  async onSkinDoseCalculated(@Payload() event: SkinDoseCalculatedV2): Promise<void> {
    if (event.status === 'not-applicable')
      this.log.log({ msg: 'no peak skin dose to judge', studyInstanceUid: event.studyInstanceUid, reason: event.reason.code });
    await this.evaluation.onSkinDoseCalculated(event);
  }

  /** Messages written before skin-dose.calculated v2 (a rolling upgrade): read as v2, the patient named by study.parsed. */
  @ConsumeEvent(SkinDoseCalculatedV1, 'kerma-notification')
  async onSkinDoseCalculatedV1(@Payload() event: SkinDoseCalculatedV1): Promise<void> {
    await this.onSkinDoseCalculated(skinDoseCalculatedV2Of(event));
  }
}

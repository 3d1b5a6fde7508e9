import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SkinDoseCalculatedV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { DoseEvaluationService } from '../alerts/dose-evaluation.service';

/** Peak skin dose alerts come from the skin-dose engine's result; cumulative PSD from the patient's maps. */
@Controller()
export class SkinDoseCalculatedConsumer {
  private readonly log = new Logger(SkinDoseCalculatedConsumer.name);

  constructor(private readonly evaluation: DoseEvaluationService) {}

  @ConsumeEvent(SkinDoseCalculatedV1, 'kerma-notification')
  async onSkinDoseCalculated(@Payload() event: SkinDoseCalculatedV1): Promise<void> {
    if (event.status === 'not-applicable')
      this.log.log({ msg: 'no peak skin dose to judge', studyInstanceUid: event.studyInstanceUid, reason: event.reason.code });
    await this.evaluation.onSkinDoseCalculated(event);
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PatientLinkV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { DoseEvaluationService } from '../alerts/dose-evaluation.service';

/** A link makes two identities one person for the cumulative rules (judged again at once); an unlink separates them. */
@Controller()
export class PatientLinkConsumer {
  constructor(private readonly evaluation: DoseEvaluationService) {}

  @ConsumeEvent(PatientLinkV1, 'kerma-notification')
  async onPatientLink(@Payload() event: PatientLinkV1): Promise<void> {
    await this.evaluation.onPatientLink(event);
  }
}

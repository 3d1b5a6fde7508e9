import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { StudyParsedV1 } from '@kerma/contracts';
import { studyDoseFigures } from '@kerma/dose-figures';
import { ConsumeEvent } from '@kerma/messaging';
import { AlertService } from '../alerts/alert.service';
import { studyMetrics } from './study-metrics';

/** Reference air kerma, kerma-area product and fluoroscopy time alerts come straight from the parsed study. */
@Controller()
export class StudyParsedConsumer {
  constructor(private readonly alerts: AlertService) {}

  @ConsumeEvent(StudyParsedV1, 'kerma-notification')
  async onStudyParsed(@Payload() event: StudyParsedV1): Promise<void> {
    await this.alerts.evaluate(event, studyMetrics(studyDoseFigures(event.procedure)));
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { StudyParsedV1 } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';

/** kerma.study.parsed.v1 → skin dose of the study → kerma.skin-dose.calculated.v1. Replicas share the work as one consumer group. */
@Controller()
export class StudyParsedConsumer {
  constructor(private readonly studies: SkinDoseStudiesService) {}

  @ConsumeEvent(StudyParsedV1, 'kerma-skin-dose')
  async onStudyParsed(@Payload() event: StudyParsedV1): Promise<void> {
    await this.studies.calculate(event);
  }
}

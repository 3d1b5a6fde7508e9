import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { StudyParsedV1, StudyParsedV2, studyParsedV2Of } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { SkinDoseStudiesService } from '../calculation/skin-dose-studies.service';

/** kerma.study.parsed.v2 → skin dose of the study → kerma.skin-dose.calculated.v2. Replicas share the work as one consumer group. */
@Controller()
export class StudyParsedConsumer {
  constructor(private readonly studies: SkinDoseStudiesService) {}

  @ConsumeEvent(StudyParsedV2, 'kerma-skin-dose')
  async onStudyParsed(@Payload() event: StudyParsedV2): Promise<void> {
    await this.studies.calculate(event);
  }

  /** Messages written by a parser before v2 (a rolling upgrade): read as v2. */
  @ConsumeEvent(StudyParsedV1, 'kerma-skin-dose')
  async onStudyParsedV1(@Payload() event: StudyParsedV1): Promise<void> {
    await this.studies.calculate(studyParsedV2Of(event));
  }
}

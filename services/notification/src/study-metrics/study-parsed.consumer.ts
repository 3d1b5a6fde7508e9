import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PatientIdentityV1, patientIdentityOf, StudyParsedV1, StudyParsedV2, studyParsedV2Of } from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { DoseEvaluationService } from '../alerts/dose-evaluation.service';

/** Reference air kerma, kerma-area product and fluoroscopy time alerts come straight from the parsed study; Σ Ka,r from the patient's studies. */
@Controller()
export class StudyParsedConsumer {
  constructor(private readonly evaluation: DoseEvaluationService) {}

  @ConsumeEvent(StudyParsedV2, 'kerma-notification')
  async onStudyParsed(@Payload() event: StudyParsedV2): Promise<void> {
    await this.evaluation.onStudyParsed(event);
  }

  /** The study's patient id and issuer: its alerts name them (study.parsed.v2 carries the key only). */
  @ConsumeEvent(PatientIdentityV1, 'kerma-notification')
  async onPatientIdentity(@Payload() event: PatientIdentityV1): Promise<void> {
    await this.evaluation.onPatientIdentity(event);
  }

  /** Messages written before study.parsed v2 (a rolling upgrade) are read as the identity they carry and as v2. */
  @ConsumeEvent(StudyParsedV1, 'kerma-notification')
  async onStudyParsedV1(@Payload() event: StudyParsedV1): Promise<void> {
    await this.evaluation.onPatientIdentity(patientIdentityOf(event));
    await this.evaluation.onStudyParsed(studyParsedV2Of(event));
  }
}

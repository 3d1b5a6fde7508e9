import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  PatientIdentityV1,
  RdsrReceivedV1,
  SkinDoseCalculatedV1,
  SkinDoseCalculatedV2,
  StudyParsedV1,
  StudyParsedV2,
  patientKey,
  type DeadLetter,
} from '@kerma/contracts';
import { ConsumeEvent } from '@kerma/messaging';
import { StudyRecordsService } from '../studies/study-records.service';

const GROUP = 'kerma-history';

/** Which stage a consumer group stands for, in the study status. */
const STAGE_OF_GROUP: Readonly<Record<string, 'parse' | 'skin-dose' | 'notification' | 'history'>> = {
  'kerma-parser': 'parse',
  'kerma-skin-dose': 'skin-dose',
  'kerma-notification': 'notification',
  'kerma-history': 'history',
};

/**
 * Failures are facts about a study too: a report the parser could not read shows its reason in the
 * study's status instead of vanishing. Letters whose original is not attributable to a study (not
 * even JSON) are only logged; they remain in the dead-letter topic for operators.
 */
@Controller()
export class DeadLettersConsumer {
  private readonly log = new Logger(DeadLettersConsumer.name);

  constructor(private readonly studies: StudyRecordsService) {}

  @ConsumeEvent({ topic: RdsrReceivedV1.deadLetterTopic }, GROUP)
  async onRdsrReceivedFailure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  @ConsumeEvent({ topic: StudyParsedV1.deadLetterTopic }, GROUP)
  async onStudyParsedFailure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  @ConsumeEvent({ topic: SkinDoseCalculatedV1.deadLetterTopic }, GROUP)
  async onSkinDoseFailure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  @ConsumeEvent({ topic: StudyParsedV2.deadLetterTopic }, GROUP)
  async onStudyParsedV2Failure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  @ConsumeEvent({ topic: PatientIdentityV1.deadLetterTopic }, GROUP)
  async onPatientIdentityFailure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  @ConsumeEvent({ topic: SkinDoseCalculatedV2.deadLetterTopic }, GROUP)
  async onSkinDoseV2Failure(@Payload() letter: DeadLetter): Promise<void> {
    await this.record(letter);
  }

  private async record(letter: DeadLetter): Promise<void> {
    const original = attributable(letter.original);
    if (!original) {
      this.log.warn({
        msg: 'dead letter not attributable to a study',
        topic: letter.originalTopic,
        consumerGroup: letter.consumerGroup,
        error: letter.error.message,
      });
      return;
    }
    const stage = STAGE_OF_GROUP[letter.consumerGroup] ?? letter.consumerGroup;
    await this.studies.update(original, (r) => {
      const failure = {
        stage,
        consumerGroup: letter.consumerGroup,
        topic: letter.originalTopic,
        kind: letter.error.kind,
        code: letter.error.code ?? null,
        message: letter.error.message,
        sopInstanceUid: original.sopInstanceUid,
        failedAt: letter.failedAt,
      };
      if (r.failures.some((f) => f.failedAt === failure.failedAt && f.consumerGroup === failure.consumerGroup)) return;
      r.failures = [...r.failures, failure];
      if (stage === 'parse') {
        r.receivedState = 'done';
        if (r.parsedState !== 'done') r.parsedState = 'failed';
        if (original.sopInstanceUid && !r.sopInstanceUids.includes(original.sopInstanceUid))
          r.sopInstanceUids = [...r.sopInstanceUids, original.sopInstanceUid];
      }
      if (stage === 'skin-dose') r.skinDoseState = 'failed';
    });
  }
}

function attributable(original: string) {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(original);
  } catch {
    return null;
  }
  const studyInstanceUid = typeof value.studyInstanceUid === 'string' ? value.studyInstanceUid : null;
  const site = typeof value.site === 'string' ? value.site : null;
  if (!studyInstanceUid || !site) return null;
  const patient = value.patient as { id?: unknown; issuer?: unknown; key?: unknown } | undefined;
  const id = typeof patient?.id === 'string' ? patient.id : null;
  const issuer = typeof patient?.issuer === 'string' ? patient.issuer : null;
  const key =
    typeof patient?.key === 'string' && /^[0-9a-f]{64}$/.test(patient.key) ? patient.key : patientKey({ site, patientId: id, issuer, studyInstanceUid });
  return {
    studyInstanceUid,
    site,
    patient: { id, issuer, key },
    sopInstanceUid:
      typeof value.sopInstanceUid === 'string'
        ? value.sopInstanceUid
        : typeof value.triggeringSopInstanceUid === 'string'
          ? value.triggeringSopInstanceUid
          : null,
  };
}

import { DoseAlertV1, PatientIdentityV1, RdsrReceivedV1, SkinDoseCalculatedV1, SkinDoseCalculatedV2, StudyParsedV1, StudyParsedV2 } from '@kerma/contracts';

/** The topics each service's consumer group reads (see each service's @ConsumeEvent handlers; v1 topics are still drained after the v2 upgrade). */
export const SERVICE_SUBSCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  'kerma-parser': [RdsrReceivedV1.topic],
  'kerma-skin-dose': [StudyParsedV2.topic, StudyParsedV1.topic],
  'kerma-notification': [StudyParsedV2.topic, PatientIdentityV1.topic, StudyParsedV1.topic, SkinDoseCalculatedV2.topic, SkinDoseCalculatedV1.topic],
  'kerma-history': [
    RdsrReceivedV1.topic,
    StudyParsedV2.topic,
    PatientIdentityV1.topic,
    StudyParsedV1.topic,
    SkinDoseCalculatedV2.topic,
    SkinDoseCalculatedV1.topic,
    DoseAlertV1.topic,
    RdsrReceivedV1.deadLetterTopic,
    StudyParsedV2.deadLetterTopic,
    PatientIdentityV1.deadLetterTopic,
    StudyParsedV1.deadLetterTopic,
    SkinDoseCalculatedV2.deadLetterTopic,
    SkinDoseCalculatedV1.deadLetterTopic,
  ],
};

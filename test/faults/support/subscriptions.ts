import { DoseAlertV1, RdsrReceivedV1, SkinDoseCalculatedV1, StudyParsedV1 } from '@kerma/contracts';

/** The topics each service's consumer group reads (see each service's @ConsumeEvent handlers). */
export const SERVICE_SUBSCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  'kerma-parser': [RdsrReceivedV1.topic],
  'kerma-skin-dose': [StudyParsedV1.topic],
  'kerma-notification': [StudyParsedV1.topic, SkinDoseCalculatedV1.topic],
  'kerma-history': [
    RdsrReceivedV1.topic,
    StudyParsedV1.topic,
    SkinDoseCalculatedV1.topic,
    DoseAlertV1.topic,
    RdsrReceivedV1.deadLetterTopic,
    StudyParsedV1.deadLetterTopic,
    SkinDoseCalculatedV1.deadLetterTopic,
  ],
};

import { RdsrReceivedV1 } from '@kerma/contracts';
import { ensureTopics } from '@kerma/messaging';
import { skipEarlierMessages } from '@kerma/testing';

/**
 * Moves the parser's consumer group past the reports announced by earlier runs on a reused broker
 * before a suite starts the services. Those announcements point at ingest instances that no longer
 * exist (their ports refuse), and the parser would rightly wait for them to come back, for ever.
 * (The other services read no URL from their messages: earlier runs' events only pass through.)
 */
export async function skipEarlierAnnouncements(brokers: readonly string[], partitions: number): Promise<void> {
  await ensureTopics({ brokers, serviceId: 'kerma-test-setup', partitions, replicationFactor: 1 });
  await skipEarlierMessages(brokers, 'kerma-parser', [RdsrReceivedV1.topic]);
}

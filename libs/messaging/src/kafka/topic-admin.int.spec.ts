import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { ApiKeyV1, AuditV1 } from '@kerma/contracts';
import { describeIntegration, integrationKafkaBrokers } from '@kerma/testing';
import { compactedTopics } from '../consumed-topics';
import { ensureTopics } from './topic-admin';

describeIntegration(['kafka'])('topic creation on a real broker', () => {
  it('creates state topics (API keys) with log compaction and event streams (audit) with deletion', async () => {
    expect([...compactedTopics()]).toEqual([ApiKeyV1.topic]);
    const brokers = integrationKafkaBrokers();
    const suffix = randomUUID().slice(0, 8);
    // Fresh names, so a topic an earlier run created differently cannot pass the check.
    const names = { state: `${ApiKeyV1.topic}.int-${suffix}`, stream: `${AuditV1.topic}.int-${suffix}` };
    const settings = { brokers, serviceId: `kerma-topics-${suffix}`, partitions: 1, replicationFactor: 1 };
    const compacted = compactedTopics();
    compacted.add(names.state);
    await ensureTopics(settings, [names.state, names.stream], compacted);
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [names.state, names.stream].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['cleanup.policy'] })),
      });
      const policy = Object.fromEntries(described.resources.map((r) => [r.resourceName, r.configEntries[0]?.configValue]));
      expect(policy).toEqual({ [names.state]: 'compact', [names.stream]: 'delete' });
    } finally {
      await admin.deleteTopics({ topics: [names.state, names.stream] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});

import { deadLetterSchema } from '../dead-letter';
import { ALL_CONTRACTS } from '../registry';
import { toJsonSchema } from './json-schema';
import { TOPIC_FLOW } from './topic-flow';

const channelId = (topic: string) => topic.replace(/^kerma\./, '').replace(/[^A-Za-z0-9]+/g, '-');

/**
 * The AsyncAPI 3 description of every Kerma topic, built from the contracts themselves.
 * docs/asyncapi.yaml is this document written out; a test keeps the two identical.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const deadLetterMessage = 'DeadLetter';
  messages[deadLetterMessage] = {
    name: deadLetterMessage,
    title: 'Dead letter',
    summary: 'A message a consumer gave up on: the original (UTF-8 text), its key and position, and why.',
    contentType: 'application/json',
    payload: toJsonSchema(deadLetterSchema),
  };
  for (const contract of ALL_CONTRACTS) {
    const id = channelId(contract.topic);
    const messageName = `${contract.name.replace(/(^|[.-])([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}V${contract.version}`;
    messages[messageName] = {
      name: messageName,
      title: contract.topic,
      summary: contract.description,
      contentType: 'application/json',
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description: 'Patient key (sha256 of site, issuer and patient id; study UID when no patient id): one patient stays on one partition',
          },
        },
      },
      payload: toJsonSchema(contract.schema as never),
    };
    channels[id] = {
      address: contract.topic,
      description: `${contract.description} Produced by ${TOPIC_FLOW[contract.topic].producers.join(', ')}; consumed by ${TOPIC_FLOW[contract.topic].consumers.join(', ')}.`,
      messages: { [messageName]: { $ref: `#/components/messages/${messageName}` } },
    };
    const dlqId = `${id}-dlq`;
    channels[dlqId] = {
      address: contract.deadLetterTopic,
      description: `Dead letters of ${contract.topic}. Produced by ${TOPIC_FLOW[contract.deadLetterTopic].producers.join(', ')}; consumed by ${TOPIC_FLOW[contract.deadLetterTopic].consumers.join(', ')}.`,
      messages: { [deadLetterMessage]: { $ref: `#/components/messages/${deadLetterMessage}` } },
    };
    for (const producer of TOPIC_FLOW[contract.topic].producers) {
      operations[`${producer}-sends-${id}`] = { action: 'send', channel: { $ref: `#/channels/${id}` } };
    }
    for (const consumer of TOPIC_FLOW[contract.topic].consumers.filter((c) => !c.includes(' '))) {
      operations[`${consumer}-receives-${id}`] = { action: 'receive', channel: { $ref: `#/channels/${id}` } };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Kerma events',
      version: '1.0.0',
      description:
        'Events between the Kerma services (ingest, parser, skin-dose, history, notification) and to subscribers. Every payload is validated on produce and on consume; a message that keeps failing goes to `<topic>.dlq`.',
    },
    defaultContentType: 'application/json',
    servers: { kafka: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'Set KAFKA_BROKERS for a deployment' } },
    channels,
    operations,
    components: { messages },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { ALL_CONTRACTS } from '../registry';
import { asyncApiDocument } from './asyncapi-document';
import { TOPIC_FLOW } from './topic-flow';

const docPath = join(__dirname, '..', '..', '..', '..', 'docs', 'asyncapi.yaml');

describe('docs/asyncapi.yaml', () => {
  const written = load(readFileSync(docPath, 'utf8')) as ReturnType<typeof asyncApiDocument>;

  it('is exactly the document derived from the contracts (regenerate with tools/generate-asyncapi.ts)', () => {
    expect(written).toEqual(asyncApiDocument());
  });

  it('has a channel for every event topic and its dead-letter topic, and nothing else', () => {
    const addresses = Object.values(written.channels as Record<string, { address: string }>)
      .map((c) => c.address)
      .sort();
    expect(addresses).toEqual(ALL_CONTRACTS.flatMap((c) => [c.topic, c.deadLetterTopic]).sort());
  });

  it('describes each payload (each shape of a union payload) with the fields the contract requires', () => {
    type Payload = { required?: string[]; oneOf?: Payload[] };
    const messages = (written.components as { messages: Record<string, { title: string; payload: Payload }> }).messages;
    const requiredKeys = (schema: z.AnyZodObject) =>
      Object.entries(schema.shape as Record<string, z.ZodTypeAny>)
        .filter(([, t]) => !t.isOptional())
        .map(([k]) => k)
        .sort();
    for (const contract of ALL_CONTRACTS) {
      const message = Object.values(messages).find((m) => m.title === contract.topic);
      expect(message).toBeDefined();
      const schema = contract.schema as unknown as z.ZodTypeAny;
      const shapes = schema instanceof z.ZodUnion ? (schema.options as z.AnyZodObject[]) : [schema as z.AnyZodObject];
      const payloads = message!.payload.oneOf ?? [message!.payload];
      expect(payloads.map((p) => [...(p.required ?? [])].sort())).toEqual(shapes.map(requiredKeys));
    }
  });

  it('names a producer and a consumer for every topic', () => {
    for (const contract of ALL_CONTRACTS) {
      expect(TOPIC_FLOW[contract.topic].producers.length).toBeGreaterThan(0);
      expect(TOPIC_FLOW[contract.topic].consumers.length).toBeGreaterThan(0);
      expect(TOPIC_FLOW[contract.deadLetterTopic]).toBeDefined();
    }
  });
});

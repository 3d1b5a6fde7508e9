import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { IncomingMessage } from './delivery';

/** W3C trace context (`traceparent`, `tracestate`) as carried in message headers. */
export type TraceHeaders = Readonly<Record<string, string>>;

const tracer = () => trace.getTracer('kerma-messaging');

/** The active trace context as headers, to store with work that is published later (the ingest outbox). Empty when tracing is off. */
export function currentTraceHeaders(): TraceHeaders {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `work` as a continuation of the trace the headers carry (a root when none). */
export function withinTrace<R>(headers: TraceHeaders | null | undefined, work: () => R): R {
  return context.with(propagation.extract(ROOT_CONTEXT, headers ?? {}), work);
}

/**
 * One publish as a PRODUCER span (OpenTelemetry messaging conventions); `send` gets the headers that
 * carry this span to the consumers. Attributes name topics and keys only: a message key is the hashed
 * patient key, never a patient id.
 */
export function withProducerSpan<R>(system: string, topic: string, send: (headers: TraceHeaders) => Promise<R>): Promise<R> {
  return tracer().startActiveSpan(
    `send ${topic}`,
    { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': system, 'messaging.destination.name': topic, 'messaging.operation.type': 'send' } },
    (span) => ended(span, () => send(currentTraceHeaders())),
  );
}

/**
 * Several messages sent in one request, each as its own PRODUCER span continuing its own trace; `send`
 * gets each message's headers, in order. Every span ends when the request does.
 */
export async function withProducerSpans<R>(
  system: string,
  topic: string,
  traces: readonly (TraceHeaders | null | undefined)[],
  send: (headers: TraceHeaders[]) => Promise<R>,
): Promise<R> {
  const parents = traces.map((headers) => propagation.extract(ROOT_CONTEXT, headers ?? {}));
  const spans = parents.map((parent) =>
    tracer().startSpan(
      `send ${topic}`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': system, 'messaging.destination.name': topic, 'messaging.operation.type': 'send' } },
      parent,
    ),
  );
  const headers = spans.map((span, i) => {
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(parents[i], span), carrier);
    return carrier;
  });
  try {
    return await send(headers);
  } catch (err) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? 'error' });
    throw err;
  } finally {
    for (const span of spans) span.end();
  }
}

/** Handling one message as a CONSUMER span, child of the producer span its headers carry. */
export function withConsumerSpan<R>(system: string, group: string, message: IncomingMessage, handle: () => Promise<R>): Promise<R> {
  return withinTrace(message.headers, () =>
    tracer().startActiveSpan(
      `process ${message.topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': system,
          'messaging.destination.name': message.topic,
          'messaging.consumer.group.name': group,
          'messaging.operation.type': 'process',
          ...(message.partition !== null ? { 'messaging.destination.partition.id': String(message.partition) } : {}),
          ...(message.offset !== null ? { 'messaging.kafka.offset': Number(message.offset) } : {}),
        },
      },
      (span) => ended(span, handle),
    ),
  );
}

async function ended<R>(span: Span, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name ?? 'error' });
    throw err;
  } finally {
    span.end();
  }
}

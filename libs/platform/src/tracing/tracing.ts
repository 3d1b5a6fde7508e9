import { z } from 'zod';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { loadConfig } from '../config/load-config';

export interface TracingSettings {
  /** OTLP/HTTP traces endpoint (…/v1/traces); null: tracing off (no spans, no overhead beyond a no-op API call). */
  readonly otlpTracesEndpoint: string | null;
  /** Share of new traces recorded (a trace continued from a sampled parent is always recorded). */
  readonly sampleRatio: number;
}

export function tracingSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): TracingSettings {
  const cfg = loadConfig(
    {
      KERMA_OTLP_TRACES_ENDPOINT: z
        .string()
        .refine(
          (s) => /^https?:\/\/[^/]/.test(s) && URL.canParse(s),
          'expected the http(s) URL of an OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces',
        )
        .optional(),
      KERMA_TRACE_SAMPLE_RATIO: z.coerce.number().min(0).max(1).default(1),
    },
    source,
  );
  return { otlpTracesEndpoint: cfg.KERMA_OTLP_TRACES_ENDPOINT ?? null, sampleRatio: cfg.KERMA_TRACE_SAMPLE_RATIO };
}

export interface Tracing {
  /** Sends the spans still buffered and stops; called by the graceful stop. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { shutdown: async () => undefined };

/**
 * Registers the process-wide tracer provider: W3C trace context, async context across awaits, spans
 * batched to the OTLP endpoint under `service.name` = kerma-<service>. Off by default. `exporter`
 * replaces the OTLP exporter (benchmarks).
 */
export function startTracing(service: string, settings: TracingSettings, exporter?: SpanExporter): Tracing {
  if (!settings.otlpTracesEndpoint && !exporter) return OFF;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: `kerma-${service}` }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(settings.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor(exporter ?? new OTLPTraceExporter({ url: settings.otlpTracesEndpoint! }), { scheduledDelayMillis: 1000 })],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

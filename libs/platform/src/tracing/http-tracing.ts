import type { INestApplication } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';

const tracer = () => trace.getTracer('kerma-http');

/**
 * A SERVER span per HTTP request, continuing the caller's `traceparent`, so the STOW-RS request is the
 * root of the trace its report follows through the services. The span is named after the route
 * template once routing is known (`POST /dicomweb/studies`); the path itself is never recorded, as
 * paths carry patient ids. A no-op while tracing is off.
 */
export function traceHttp(app: INestApplication): void {
  app.use((req: Request, res: Response, next: NextFunction) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer().startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } }, parent);
    res.on('finish', () => {
      const route = (req as Request & { route?: { path?: unknown } }).route?.path;
      if (typeof route === 'string') {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  });
}

/** Trace and span id of the active span, for log lines; empty when there is none (tracing off). */
export function activeTraceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getActiveSpan();
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

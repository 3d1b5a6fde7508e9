import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number };
}

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: readonly OtlpAttribute[];
  /** `service.name` of the resource that exported the span (added by the receiver). */
  readonly service: string;
}

export interface OtlpReceiver {
  readonly server: Server;
  /** The OTLP/HTTP traces endpoint (…/v1/traces) to give the exporters. */
  readonly url: string;
  /** Every span received so far, in arrival order. */
  readonly spans: OtlpSpan[];
  close(): Promise<void>;
}

type ExportRequest = {
  resourceSpans: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans: { spans: Omit<OtlpSpan, 'service'>[] }[] }[];
};

/**
 * An OTLP/HTTP traces endpoint that keeps what it is sent, in the JSON encoding our exporter
 * (@opentelemetry/exporter-trace-otlp-http) uses. No OpenTelemetry Collector or Jaeger server is
 * installable on the test machines; this receiver reads the real exporters' requests as a collector would.
 */
export async function startOtlpReceiver(host = '127.0.0.1', port = 0): Promise<OtlpReceiver> {
  const spans: OtlpSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExportRequest;
      for (const resource of body.resourceSpans) {
        const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '(unknown)';
        for (const scope of resource.scopeSpans) for (const span of scope.spans) spans.push({ ...span, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    server,
    url: `http://${host}:${(server.address() as AddressInfo).port}/v1/traces`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const spanAttribute = (span: OtlpSpan, key: string): string | undefined => span.attributes.find((a) => a.key === key)?.value.stringValue;

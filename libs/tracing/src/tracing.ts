import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export interface TracingOptions {
  service: string;
  instanceId?: string;
  /** Zipkin's span endpoint, e.g. http://127.0.0.1:9411/api/v2/spans (the local trace store). */
  zipkinUrl?: string;
  /** Set when OTEL_EXPORTER_OTLP_ENDPOINT is; the OTLP exporter reads that variable itself. */
  otlpEndpoint?: string;
  /** The share of new traces recorded (0–1); a caller's sampled traceparent is always followed. */
  sampleRatio: number;
}

/** Requests that are not work: probes and scrapes would only bury the traces that matter. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry for this process. It must run before Nest, the
 * MongoDB driver, ioredis and the HTTP server are loaded, since the
 * instrumentations patch those modules as they are required; each app's
 * main.ts imports `@app/tracing/register` first for that. Kafka spans are not
 * an instrumentation's: the outbox relay and EventConsumer make them
 * (libs/events/src/kafka/trace-context.ts), so a relay that publishes later
 * still links to the request that wrote the event.
 */
export function startTracing(options: TracingOptions): void {
  if (sdk) return;
  const processors: SpanProcessor[] = [];
  if (options.zipkinUrl) processors.push(new BatchSpanProcessor(new ZipkinExporter({ url: options.zipkinUrl })));
  if (options.otlpEndpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  // With no exporter, spans still carry trace ids into logs and across services.
  if (processors.length === 0) processors.push(new NoopSpanProcessor());
  sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.service,
      ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
    }),
    autoDetectResources: false,
    // A trace is recorded or not as a whole: the gateway decides for requests that bring no traceparent, and every
    // service after it follows that decision (ParentBased), through HTTP and Kafka headers alike.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
    spanProcessors: processors,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
        // The services' own calls to each other's /health are probes too.
        ignoreOutgoingRequestHook: (request) => UNTRACED_PATHS.test(request.path ?? ''),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => UNTRACED_PATHS.test(request.path) }),
      new MongoDBInstrumentation(),
      new IORedisInstrumentation(),
    ],
  });
  sdk.start();
}

/** Sends the spans still buffered; for shutdown. */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
}

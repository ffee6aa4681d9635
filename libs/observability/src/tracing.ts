import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import { routeOf } from './metrics';
import { carriesTraceContext } from './trace-header';

export { WORKFLOW_TRACING_MODULE } from './workflow-tracing-module';

export interface Tracing {
  provider: NodeTracerProvider;
  resource: Resource;
  /** Every span processor of the provider as one (the workflow spans from the sandbox go through it too). */
  processor: SpanProcessor;
  shutdown: () => Promise<void>;
}

/**
 * Starts OpenTelemetry tracing for this process: a tracer provider with the W3C trace-context propagator and
 * an AsyncLocalStorage context manager, registered globally, exporting over OTLP/HTTP to
 * OTEL_EXPORTER_OTLP_ENDPOINT (the exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself), plus
 * any processors given (the tests' in-memory exporter). With neither, nothing is registered and null is
 * returned: every tracer stays OpenTelemetry's no-op, which costs next to nothing.
 */
export function initTracing(options: {
  serviceName: string;
  otlpEndpoint?: string | undefined;
  processors?: SpanProcessor[];
}): Tracing | null {
  const processors = [...(options.processors ?? [])];
  if (options.otlpEndpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  if (processors.length === 0) return null;
  const resource = new Resource({
    'service.name': process.env.OTEL_SERVICE_NAME ?? options.serviceName,
    'service.namespace': 'gotong',
  });
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  return {
    provider,
    resource,
    processor: provider.getActiveSpanProcessor(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/**
 * The Temporal client interceptors: a span per start, update, signal and query, whose context travels to
 * the workflow in the call's headers, when the call is made inside a trace (an HTTP request's span, a traced
 * activity's). A call made outside any trace passes straight through and carries no context, so the workflow
 * it starts runs untraced (tracing follows the caller: ./workflow-interceptors). Harmless without tracing.
 */
export function temporalClientInterceptors(): { workflow: WorkflowClientInterceptor[] } {
  return { workflow: [followingTheCaller(new OpenTelemetryWorkflowClientInterceptor())] };
}

/** Every method of `interceptor` runs only inside an active, valid span; otherwise `next` straight away. */
function followingTheCaller<T extends object>(interceptor: T): T {
  return new Proxy(interceptor, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (input: unknown, next: (input: unknown) => unknown) => {
        const span = trace.getSpan(context.active());
        return span && isSpanContextValid(span.spanContext())
          ? (value as (i: unknown, n: typeof next) => unknown).call(target, input, next)
          : next(input);
      };
    },
  });
}

/**
 * The worker's share: activity spans (children of the workflow's "StartActivity" span, trace_id/span_id on
 * the activity's log lines), the client interceptor for what activities start, and the sink that takes the
 * workflow spans out of the sandbox. The workflow interceptor module itself is in the bundle
 * (WORKFLOW_TRACING_MODULE). Without tracing the sink drops them.
 */
export function workerTracing(tracing: Tracing | null): {
  interceptors: Pick<WorkerInterceptors, 'activity' | 'client'>;
  sinks: InjectedSinks<OpenTelemetrySinks>;
} {
  return {
    interceptors: {
      client: temporalClientInterceptors(),
      activity: [
        (ctx) => {
          const traced = new OpenTelemetryActivityInboundInterceptor(ctx);
          return {
            // A span only for an activity scheduled with a trace context (by a traced workflow run).
            inbound: {
              execute: (input, next) =>
                carriesTraceContext(input.headers) ? traced.execute(input, next) : next(input),
            },
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          };
        },
      ],
    },
    sinks: {
      exporter: tracing
        ? makeWorkflowExporter(tracing.processor, tracing.resource)
        : { export: { fn: () => undefined, callDuringReplay: false } },
    },
  };
}

/**
 * The server span of each HTTP request (connect middleware): continues a caller's W3C `traceparent`, is
 * named `METHOD /route/:pattern` once routed, carries the status, and is the active context for everything
 * the request does — the Temporal client spans become its children. Without a registered provider the span
 * is a no-op.
 */
export function httpTracingMiddleware(staticPrefixes: string[] = []) {
  const tracer: Tracer = trace.getTracer('gotong-http');
  return (req: IncomingMessage & { id?: string }, res: ServerResponse, next: () => void) => {
    const parent = propagation.extract(context.active(), req.headers);
    const method = req.method ?? 'GET';
    const span = tracer.startSpan(
      `${method}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': method,
          'url.path': (req.url ?? '/').split('?')[0],
          ...(req.id ? { 'gotong.request_id': req.id } : {}),
        },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    res.once('finish', () => {
      const route = routeOf(req, staticPrefixes);
      span.updateName(`${method} ${route}`);
      span.setAttribute('http.route', route);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    // Body parsing resumes in the socket's callbacks: binding the request keeps this span active there.
    context.bind(active, req);
    context.with(active, next);
  };
}

/** The request's user on its span (after authentication). */
export function annotateActiveSpan(attributes: Record<string, string>): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

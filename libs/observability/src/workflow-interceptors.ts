/**
 * Workflow interceptor module (runs inside Temporal's workflow sandbox, bundled by
 * apps/worker/src/workflow-bundle.ts): @temporalio/interceptors-opentelemetry's workflow interceptors, with
 * span and trace ids that do not come from Math.random.
 *
 * In the sandbox Math.random is the workflow's deterministic random stream, the one uuid4() draws child
 * workflow ids from. OpenTelemetry's default id generator draws from it too, so with it every span a workflow
 * made would shift the ids of the children it starts after, and a workflow that began before tracing was
 * deployed would no longer replay (test/replay.spec.ts). The ids here are a hash of the run id and a counter:
 * unique, and no draw from the workflow's stream.
 *
 * The interceptors also await around the handlers they wrap, which moves when an update completes relative
 * to the commands around it: a workflow recorded without them would not replay with them. So tracing is a
 * patch: a run that starts with it (a `gotong-opentelemetry-tracing` marker, set when the run begins) is
 * traced; a run recorded before has no marker, `patched()` says no while it replays, and every interceptor
 * method passes straight through, as if there were none.
 *
 * Tracing follows the caller (patch `gotong-tracing-follows-the-caller`, which new runs record instead of the
 * first): a run is traced when whoever started it sent a trace context (the `_tracer-data` header with a W3C
 * `traceparent`), that is when the API or worker that started it traces (OTEL_EXPORTER_OTLP_ENDPOINT); children
 * and activities of an untraced run carry none, so the whole tree stays untraced. Untraced, a run never loads
 * OpenTelemetry into its sandbox and makes no spans: about a fifth of the workflow CPU of a human step
 * (docs/benchmarks.md). The decision is taken from the start event's headers, which replay gives back as they
 * were.
 */
import type * as OpenTelemetryApi from '@opentelemetry/api';
import type { Payload } from '@temporalio/common';
import type * as OpenTelemetryWorkflow from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
import { carriesTraceContext } from './trace-header';
import { patched, workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';

export const TRACING_PATCH = 'gotong-opentelemetry-tracing';
export const TRACING_FOLLOWS_THE_CALLER = 'gotong-tracing-follows-the-caller';

let counter = 0;

/** 8 hex digits of FNV-1a (32 bit) over `text`, from a given offset basis. */
function fnv1a(text: string, basis: number): string {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

function hexId(words: number): string {
  let runId = 'no-run';
  try {
    runId = workflowInfo().runId;
  } catch {
    // Outside a workflow activation: the counter alone still gives distinct ids.
  }
  const seed = `${runId}:${++counter}`;
  let id = '';
  for (let word = 0; word < words; word++) id += fnv1a(seed, 0x811c9dc5 ^ Math.imul(word + 1, 0x9e3779b1));
  // All zeros is OpenTelemetry's "invalid id".
  return /^0+$/.test(id) ? `${id.slice(0, -1)}1` : id;
}

const ids = {
  generateTraceId: () => hexId(4),
  generateSpanId: () => hexId(2),
};

type Method = (input: unknown, next: (input: unknown) => unknown) => unknown;
type Interceptor = Record<string, Method>;

/** The methods each kind of workflow interceptor may have (the SDK's interfaces). */
const METHODS = {
  inbound: ['execute', 'handleSignal', 'handleUpdate', 'validateUpdate', 'handleQuery'],
  outbound: [
    'scheduleActivity',
    'scheduleLocalActivity',
    'startNexusOperation',
    'startChildWorkflowExecution',
    'continueAsNew',
    'signalWorkflow',
    'getLogAttributes',
    'getMetricTags',
    'startTimer',
  ],
  internals: ['activate', 'concludeActivation', 'dispose'],
} as const;
type Kind = keyof typeof METHODS;

/** OpenTelemetry's workflow interceptors, loaded into this run's sandbox on first use (traced runs only). */
function loadOpenTelemetry(): Record<Kind, Interceptor[]> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when a run is traced */
  const { trace } = require('@opentelemetry/api') as typeof OpenTelemetryApi;
  const { interceptors } =
    require('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors') as typeof OpenTelemetryWorkflow;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const traced = interceptors();
  // The module above registered its tracer provider; its tracer (cached by name) gets these ids.
  const tracer = trace.getTracer('@temporalio/interceptor-workflow') as unknown as {
    _idGenerator?: typeof ids;
  };
  tracer._idGenerator = ids;
  return {
    inbound: (traced.inbound ?? []) as unknown as Interceptor[],
    outbound: (traced.outbound ?? []) as unknown as Interceptor[],
    internals: (traced.internals ?? []) as unknown as Interceptor[],
  };
}

export const interceptors = (): WorkflowInterceptors => {
  // Decided once per run, when the workflow function starts (never in a query: patched() writes history).
  let on: boolean | undefined;
  const decide = (headers: Record<string, Payload> | undefined): boolean =>
    (on ??= patched(TRACING_FOLLOWS_THE_CALLER) ? carriesTraceContext(headers) : patched(TRACING_PATCH));
  const decided = () => on === true;
  let loaded: Record<Kind, Interceptor[]> | undefined;
  const real = (kind: Kind): Interceptor | undefined => (loaded ??= loadOpenTelemetry())[kind][0];

  /** One interceptor of a kind: OpenTelemetry's method when the run is traced, `next` straight away otherwise. */
  const gated = (kind: Kind): Interceptor => {
    const methods: Interceptor = {};
    for (const name of METHODS[kind]) {
      methods[name] = (input, next) => {
        if (kind === 'inbound' && name === 'execute') {
          decide((input as { headers?: Record<string, Payload> }).headers);
        }
        if (!decided()) return next(input);
        const interceptor = real(kind);
        const method = interceptor?.[name];
        return method ? method.call(interceptor, input, next) : next(input);
      };
    }
    return methods;
  };
  return {
    inbound: [gated('inbound')],
    outbound: [gated('outbound')],
    internals: [gated('internals')],
  };
};

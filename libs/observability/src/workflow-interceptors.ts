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
 */
import { trace } from '@opentelemetry/api';
import { interceptors as openTelemetryInterceptors } from '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors';
import { patched, workflowInfo, type WorkflowInterceptors } from '@temporalio/workflow';

export const TRACING_PATCH = 'gotong-opentelemetry-tracing';

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

/**
 * The interceptor's methods, each calling the original only when `on()` says so and `next` straight away
 * otherwise (not async: a pass-through adds no await).
 */
function gate<T extends object>(interceptor: T, on: () => boolean): T {
  const methods = interceptor as unknown as Record<string, Method>;
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(interceptor)).filter(
    (name) => name !== 'constructor' && typeof methods[name] === 'function',
  );
  const gated: Record<string, Method> = {};
  for (const name of names) {
    gated[name] = (input, next) => (on() ? methods[name]!.call(interceptor, input, next) : next(input));
  }
  return gated as unknown as T;
}

export const interceptors = (): WorkflowInterceptors => {
  const traced = openTelemetryInterceptors();
  // The module above registered its tracer provider; its tracer (cached by name) gets these ids.
  const tracer = trace.getTracer('@temporalio/interceptor-workflow') as unknown as {
    _idGenerator?: typeof ids;
  };
  tracer._idGenerator = ids;
  // Decided once per run, when the workflow function starts (never in a query: patched() writes history).
  let on: boolean | undefined;
  const atStart = () => (on ??= patched(TRACING_PATCH));
  const decided = () => on === true;
  return {
    inbound: traced.inbound?.map((interceptor) => {
      const gated = gate(interceptor, decided);
      const execute = (interceptor as { execute?: Method }).execute;
      if (execute) {
        (gated as { execute?: Method }).execute = (input, next) =>
          atStart() ? execute.call(interceptor, input, next) : next(input);
      }
      return gated;
    }),
    outbound: traced.outbound?.map((interceptor) => gate(interceptor, decided)),
    internals: traced.internals?.map((interceptor) => gate(interceptor, decided)),
  };
};

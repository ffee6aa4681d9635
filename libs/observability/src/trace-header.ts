import { defaultPayloadConverter, type Payload } from '@temporalio/common';

/**
 * Whether a Temporal call carries a trace context: the `_tracer-data` header that
 * @temporalio/interceptors-opentelemetry writes, holding a valid W3C `traceparent`. Shared by the workflow
 * sandbox (a run is traced when its start carried one: ./workflow-interceptors) and the worker (an activity
 * makes a span when it was scheduled with one: ./tracing), so both follow the caller the same way. Pure: it
 * runs inside the workflow sandbox too.
 */
export const TRACE_HEADER = '_tracer-data';
const TRACEPARENT = /^[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;

export function carriesTraceContext(headers: Record<string, Payload> | undefined): boolean {
  const header = headers?.[TRACE_HEADER];
  if (!header) return false;
  try {
    const carrier = defaultPayloadConverter.fromPayload<Record<string, unknown>>(header);
    return typeof carrier?.traceparent === 'string' && TRACEPARENT.test(carrier.traceparent);
  } catch {
    return false;
  }
}

import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { Prisma } from '@gotong/database/generated/prisma/client';

/**
 * Why a request could not be served though nothing was wrong with it: the answer is 503 with Retry-After,
 * never a bare 500 and never a hang.
 * - `workflow-timeout`: Temporal answers but nothing completed the call in time (no worker polls the queue);
 * - `temporal-unavailable`: the Temporal server cannot be reached;
 * - `database-unavailable`: PostgreSQL cannot be reached, or dropped the connection.
 */
export type Outage = 'workflow-timeout' | 'temporal-unavailable' | 'database-unavailable';

/** Seconds a client should wait before asking again. */
export const RETRY_AFTER_SECONDS: Record<Outage, number> = {
  'workflow-timeout': 10,
  'temporal-unavailable': 5,
  'database-unavailable': 5,
};

type Lang = 'id' | 'en';

const MESSAGES: Record<Outage, Record<Lang, string>> = {
  'workflow-timeout': {
    id: 'Mesin alur kerja belum menjawab: saat ini tidak ada worker yang memproses permintaan. Silakan coba lagi sebentar lagi.',
    en: 'The workflow engine did not answer in time: no worker is processing requests right now. Please try again shortly.',
  },
  'temporal-unavailable': {
    id: 'Mesin alur kerja (Temporal) sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.',
    en: 'The workflow engine (Temporal) cannot be reached right now. Please try again shortly.',
  },
  'database-unavailable': {
    id: 'Basis data sedang tidak dapat dihubungi. Silakan coba lagi sebentar lagi.',
    en: 'The database cannot be reached right now. Please try again shortly.',
  },
};

/** The body of a 503 for `outage`, in the language the request prefers (Bahasa Indonesia unless English). */
export function outageBody(outage: Outage, acceptLanguage: string | undefined) {
  return {
    statusCode: 503,
    error: 'Service Unavailable',
    message: MESSAGES[outage][preferredLanguage(acceptLanguage)],
    reason: outage,
    retryAfter: RETRY_AFTER_SECONDS[outage],
  };
}

/** The first of id/en in the Accept-Language header by weight; Indonesian when neither is named. */
export function preferredLanguage(header: string | undefined): Lang {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => (entry.lang === 'id' || entry.lang === 'en') && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === 'en' ? 'en' : 'id';
}

const PRISMA_UNREACHABLE = new Set([
  'P1001', // can't reach the database server
  'P1002', // reached, but timed out
  'P1008', // operation timed out
  'P1017', // server closed the connection
  'P2024', // timed out waiting for a connection from the pool
  'P2037', // too many connections
]);
/** pg/Node codes: connection refused or dropped, admin shutdown (57P01–03), connection exceptions (08…). */
const PG_UNREACHABLE_CODE = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EPIPE|ETIMEDOUT|57P0[123]|08[0-9A-Z]{3})$/;
const PG_UNREACHABLE_MESSAGE =
  /terminating connection due to administrator command|connection terminated|the database system is (starting up|shutting down|in recovery mode)|timeout exceeded when trying to connect|can't reach database server|server closed the connection/i;
/**
 * What node-postgres (pg, pg-pool) throws as a plain Error when a pooled connection dies under a query: Prisma's
 * pg adapter lets it through unwrapped, so it is known by its exact wording (seen in the chaos suite's
 * PostgreSQL restart as a 500: the connection dying under a query, and a transaction's next statement on the
 * connection that had died, "not queryable").
 */
const PG_DRIVER_MESSAGE =
  /^(Connection terminated unexpectedly|Connection terminated due to connection timeout|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

const GRPC_CANCELLED = 1;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** What outage `error` reveals, or null for an ordinary error. `temporal` tells a dead server from a slow one. */
export function outageOf(error: unknown, temporal?: Client): Outage | null {
  for (const e of causes(error)) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return deadlineOutage(temporal);
    if (e instanceof ServiceError || isGrpcServiceError(e)) {
      // A ServiceError's gRPC status is on its cause, visited next.
      const code: number | undefined = isGrpcServiceError(e) ? Number(e.code) : undefined;
      if (code === GRPC_UNAVAILABLE) return 'temporal-unavailable';
      if (code === GRPC_DEADLINE_EXCEEDED || code === GRPC_CANCELLED) return deadlineOutage(temporal);
      continue;
    }
    if (isDatabaseOutage(e)) return 'database-unavailable';
  }
  return null;
}

function isDatabaseOutage(e: unknown): boolean {
  if (e instanceof Prisma.PrismaClientInitializationError) return true;
  if (e instanceof Prisma.PrismaClientKnownRequestError && PRISMA_UNREACHABLE.has(e.code)) return true;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message, kind } = e as { code?: unknown; message?: unknown; kind?: unknown };
  // The pg driver adapter's error cause: { kind: 'postgres', code: '57P01', … } or a socket kind.
  if (kind === 'DatabaseNotReachable' || kind === 'ConnectionClosed' || kind === 'SocketTimeout') return true;
  if (typeof code === 'string' && PG_UNREACHABLE_CODE.test(code)) return true;
  const fromDatabase =
    e instanceof Prisma.PrismaClientUnknownRequestError ||
    e instanceof Prisma.PrismaClientKnownRequestError ||
    kind === 'postgres';
  if (typeof message === 'string' && e instanceof Error && PG_DRIVER_MESSAGE.test(message)) return true;
  return fromDatabase && typeof message === 'string' && PG_UNREACHABLE_MESSAGE.test(message);
}

/**
 * A deadline passed: if the channel to Temporal is up, Temporal answered but no worker did; if it is not,
 * the server itself is unreachable (the client retried until the deadline).
 */
function deadlineOutage(temporal: Client | undefined): Outage {
  if (!temporal) return 'workflow-timeout';
  // The connection's grpc-js client is protected in the typings but stable at runtime; its channel state is
  // the cheapest honest signal. connectivityState: 0 IDLE, 1 CONNECTING, 2 READY, 3 TRANSIENT_FAILURE.
  const channel = (temporal.connection as unknown as GrpcChannelOwner).client?.getChannel?.();
  if (!channel) return 'workflow-timeout';
  const state = channel.getConnectivityState(false);
  return state === 0 || state === 2 ? 'workflow-timeout' : 'temporal-unavailable';
}

interface GrpcChannelOwner {
  client?: { getChannel?(): { getConnectivityState(tryToConnect: boolean): number } };
}

/** `error` and its causes (Error.cause, and the driver adapter's plain-object cause), outermost first. */
function* causes(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    yield current;
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
}

import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { parseDurationMs } from '@gotong/domain/duration';
import { parsePayloadKeys } from './payload-codec';

/** A duration such as "3 days", "90 minutes", "5s" (Temporal's `ms`-style format), kept as milliseconds. */
const duration = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const ms = parseDurationMs(value);
    if (ms !== null) return ms;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a positive duration such as "3 days", "30 minutes" or "10s"',
    });
    return z.NEVER;
  });

const port = (fallback: number) =>
  z
    .string()
    .trim()
    .min(1, 'must be a port number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .default(fallback);

/** Blank means "not configured" (docker-compose passes unset variables as empty strings). */
const blankIsUnset = <T extends z.ZodType>(type: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), type.optional());
const optionalUrl = (protocol: RegExp) => blankIsUnset(z.url({ protocol }));
/** A PEM file path, checked at boot so that a typo is a config error, not a TLS handshake failure later. */
const optionalFile = blankIsUnset(
  z
    .string()
    .trim()
    .refine((path) => existsSync(path), 'no such file'),
);
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default('postgresql://postgres@127.0.0.1:5432/gotong'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    REDIS_KEY_PREFIX: z.string().min(1).default('gotong:'),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('gotong'),
    /**
     * The longest the API waits on Temporal for one request (an update, a start, a workflow it runs to the
     * end, a query): past it the request answers 503 with Retry-After instead of hanging while no worker polls.
     */
    TEMPORAL_CALL_TIMEOUT: duration.default(10_000),
    /**
     * TLS to a Temporal cluster: TEMPORAL_TLS=true for server-verified TLS with the system's CAs; a CA file
     * for a private CA; a client certificate and key (both) for mTLS; a server name when the address is not
     * the name in the server's certificate. Setting any of these turns TLS on. Applies to the API and the worker.
     */
    TEMPORAL_TLS: flag,
    TEMPORAL_TLS_CA_FILE: optionalFile,
    TEMPORAL_TLS_CERT_FILE: optionalFile,
    TEMPORAL_TLS_KEY_FILE: optionalFile,
    TEMPORAL_TLS_SERVER_NAME: blankIsUnset(z.string().trim().min(1)),
    /**
     * On SIGTERM a process stops taking work and finishes what it has for at most this long, then exits
     * (keep it below the orchestrator's kill timeout: docker's default stop grace is 10 s).
     */
    SHUTDOWN_GRACE: duration.default(8_000),
    /**
     * PostgreSQL connections each process (API, worker, notifier) may open. Every replica opens up to this
     * many: replicas × this, plus Temporal's own, must stay under the server's max_connections (docs/scale-out.md).
     */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    /**
     * How many activities and workflow tasks one worker runs at once. Every activity is a short database
     * transaction, so activities beyond the pool wait inside it, their timeout running: 3 × the default pool
     * (the SDK's 100 let 90 wait); the rest wait in Temporal's task queue, where any worker can take them.
     */
    WORKER_ACTIVITY_SLOTS: z.coerce.number().int().min(1).max(10_000).default(30),
    WORKER_WORKFLOW_TASK_SLOTS: z.coerce.number().int().min(2).max(10_000).default(40),
    /**
     * Workflows a worker keeps in memory between their workflow tasks. The SDK's default follows the heap limit
     * (thousands on this machine's 24 GB), and each cached task or project costs about 0.8 MB: 1,200 open ones
     * already held 1 GB (docs/benchmarks.md, P3). Beyond the cap the least recently used is evicted and replayed
     * from its history when its next timer, signal or Update comes, which costs CPU, never correctness.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(1_000),
    /**
     * Stack traces inside the workflow sandbox. Off by default: the SDK records the stack of every promise a
     * workflow creates (for the "stack trace" query), and formatting those stacks was a third of the workflow
     * threads' CPU (docs/benchmarks.md). Off, a workflow's failures keep their message and type but no stack,
     * and the Temporal UI's stack trace tab is empty; activities and the rest of the worker keep theirs. Turn
     * on to debug a workflow that is stuck or failing.
     */
    WORKER_WORKFLOW_STACK_TRACES: flag,
    /**
     * Log lines (JSON, one per line on stdout) at this level and above: fatal, error, warn, info, debug,
     * trace or silent. Unset: info, and warn under NODE_ENV=test (Jest) so that test output stays small.
     */
    LOG_LEVEL: blankIsUnset(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
    /**
     * Where the worker serves its Prometheus metrics (the Temporal SDK's own and the activity outcomes) at
     * /metrics: host:port. "off" turns the endpoint off. Inside a container, 0.0.0.0:9464.
     */
    WORKER_METRICS_ADDRESS: z
      .string()
      .trim()
      .default('127.0.0.1:9464')
      .refine(
        (value) => value === 'off' || isHostPort(value),
        'must be host:port such as 127.0.0.1:9464 or 0.0.0.0:9464, or "off"',
      ),
    /**
     * When set, GET /metrics on the API and the notifier answers only with `Authorization: Bearer <token>`.
     * Unset, /metrics is open like /health: keep it inside the deployment (docs/observability.md).
     */
    METRICS_TOKEN: blankIsUnset(z.string().min(16, 'must be at least 16 characters')),
    /**
     * OpenTelemetry traces go to this OTLP/HTTP collector (e.g. http://otel-collector:4318); unset, no
     * trace is exported and tracing costs next to nothing. The exporter also reads the other standard
     * OTEL_EXPORTER_OTLP_* variables (headers, timeout) and OTEL_SERVICE_NAME.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(/^https?$/),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    // Blank is refused: coercing it would give Number('') === 0, i.e. silently listen on a random port.
    API_PORT: port(3000),
    JWT_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters (generate one with `openssl rand -hex 32`)'),
    /**
     * The keys Temporal payloads are encrypted with (AES-256-GCM, libs/config/src/payload-codec.ts):
     * "<id>:<base64 of 32 bytes>" entries separated by commas; the first encrypts, all decrypt (rotation).
     * Required, with no default, in every process: the API, the worker (and tests) must share them.
     */
    PAYLOAD_ENCRYPTION_KEYS: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: "<id>:<base64 of 32 random bytes>", e.g. k1:$(openssl rand -base64 32)'
            : 'must be a string',
      })
      .transform((value, ctx) => {
        const parsed = parsePayloadKeys(value);
        if ('keys' in parsed) return parsed.keys;
        for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
    /**
     * Origins of the Temporal UI allowed to call the codec endpoint (/codec/decode, /codec/encode) from the
     * browser (CORS, with credentials): comma-separated, e.g. the compose UI's http://127.0.0.1:8080.
     */
    CODEC_CORS_ORIGINS: z
      .string()
      .default('http://127.0.0.1:8080,http://localhost:8080')
      .transform((value, ctx) => {
        const origins = value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
        for (const origin of origins) {
          if (!isOrigin(origin))
            ctx.addIssue({
              code: 'custom',
              message: `"${origin}" is not an origin such as http://127.0.0.1:8080 (scheme, host and port only)`,
            });
        }
        return origins;
      }),
    /** Lifetime of an access token, in ms after parsing. */
    JWT_TTL: duration.default(8 * 3_600_000),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOGIN_RATE_WINDOW: duration.default(60_000),
    /**
     * The open data endpoints (/public/data/*, and /data/published* without a token): requests per client
     * address per window; over it a 429 with Retry-After. Counted like the login limit (TRUSTED_PROXIES).
     */
    PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(120),
    PUBLIC_RATE_WINDOW: duration.default(60_000),
    /**
     * #18 citizen reports: filings (POST /public/reports) per client address per window, on top of the open API
     * limit every /public/reports route counts against; over it a 429 with Retry-After.
     */
    CITIZEN_REPORT_RATE_LIMIT: z.coerce.number().int().min(1).default(5),
    CITIZEN_REPORT_RATE_WINDOW: duration.default(3_600_000),
    /**
     * Tests only: the first-response SLA in seconds of calendar time instead of the categories' 5 working days
     * (compressed time). Unset in production.
     */
    CITIZEN_FIRST_RESPONSE_TEST_SECONDS: blankIsUnset(z.coerce.number().int().min(1)),
    /**
     * Proxies whose X-Forwarded-For is believed (Express's `trust proxy`): comma-separated addresses, CIDRs
     * or Express's names loopback / linklocal / uniquelocal. The login limit counts per username and client
     * address, so behind the regency's NAT or reverse proxy list it here, else a whole office is one address.
     */
    TRUSTED_PROXIES: z
      .string()
      .default('loopback')
      .transform((value, ctx) => {
        const entries = value
          .split(',')
          .map((entry) => entry.trim())
          .filter((entry) => entry !== '');
        for (const entry of entries) {
          if (!isProxyEntry(entry))
            ctx.addIssue({
              code: 'custom',
              message: `"${entry}" is not an address, a CIDR such as 10.0.0.0/8, or loopback/linklocal/uniquelocal`,
            });
        }
        return entries;
      }),

    // Attachments (apps/api/src/attachments, libs/storage).
    /** Where attachments are kept: "local" (a directory, STORAGE_DIR) or "s3" (an S3-compatible store: MinIO, AWS). */
    STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
    /** The local store's directory (created on first use). */
    STORAGE_DIR: z.string().trim().min(1).default('.data/storage'),
    /** The S3-compatible endpoint, e.g. http://minio:9000; unset with STORAGE_DRIVER=s3 means AWS itself. */
    S3_ENDPOINT: optionalUrl(/^https?$/),
    S3_REGION: z.string().trim().min(1).default('us-east-1'),
    S3_BUCKET: blankIsUnset(z.string().trim().min(3).max(63)),
    S3_ACCESS_KEY_ID: blankIsUnset(z.string().trim().min(1)),
    S3_SECRET_ACCESS_KEY: blankIsUnset(z.string().trim().min(1)),
    /** Path-style URLs (http://host/bucket/key), as MinIO wants; virtual-hosted style for AWS. */
    S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false', '1', '0', ''])
      .default('true')
      .transform((value) => value !== 'false' && value !== '0'),
    /** The largest attachment accepted, in bytes (10 MB). */
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),

    // Notifications (apps/notifier).
    NOTIFIER_HOST: z.string().min(1).default('127.0.0.1'),
    NOTIFIER_PORT: port(3001),
    /** Where links in emails and WhatsApp/SMS texts point: the web app. */
    WEB_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000/app/'),
    /** e.g. smtp://user:pass@mail.probolinggokab.go.id:587 or smtps://…:465; unset: email is not sent. */
    SMTP_URL: optionalUrl(/^smtps?$/),
    MAIL_FROM: z.string().min(3).default('Gotong Kabupaten Probolinggo <gotong@probolinggokab.go.id>'),
    /** The WhatsApp/SMS gateway; unset: no webhook deliveries. */
    WEBHOOK_URL: optionalUrl(/^https?$/),
    WEBHOOK_SECRET: blankIsUnset(z.string().min(32, 'must be at least 32 characters')),
    WEBHOOK_TIMEOUT: duration.default(10_000),
    /** Attempts per email or webhook delivery before it is dead-lettered; retries back off exponentially. */
    NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    NOTIFY_BACKOFF: duration.default(30_000),
    /** Per-channel rate limits: at most this many sends per NOTIFY_RATE_WINDOW. */
    EMAIL_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    WEBHOOK_RATE_LIMIT: z.coerce.number().int().min(1).default(60),
    NOTIFY_RATE_WINDOW: duration.default(60_000),
    /** How often the relay looks for outbox rows. */
    OUTBOX_POLL_INTERVAL: duration.default(1_000),
    /** Work relayed to Redis but not done after this long is relayed again (e.g. Redis restarted empty). */
    OUTBOX_REDELIVER_AFTER: duration.default(5 * 60_000),
    /** The leadership digest: cron in Asia/Jakarta; the job itself skips holidays and cuti bersama. */
    DIGEST_CRON: z
      .string()
      .trim()
      .refine((value) => isCron(value), 'must be a cron expression such as "0 7 * * 1-5"')
      .default('0 7 * * 1-5'),
  })
  .superRefine((config, ctx) => {
    if (!!config.TEMPORAL_TLS_CERT_FILE !== !!config.TEMPORAL_TLS_KEY_FILE) {
      const missing = config.TEMPORAL_TLS_CERT_FILE ? 'TEMPORAL_TLS_KEY_FILE' : 'TEMPORAL_TLS_CERT_FILE';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required with mTLS: set both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE',
      });
    }
    if (config.STORAGE_DRIVER === 's3') {
      for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!config[key]) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'is required when STORAGE_DRIVER=s3' });
        }
      }
    }
    if (config.WEBHOOK_URL && !config.WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_SECRET'],
        message: 'is required when WEBHOOK_URL is set: the gateway checks every request against it',
      });
    }
  });

/** An origin as a browser sends it: http(s)://host[:port], no path, no trailing slash. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value;
  } catch {
    return false;
  }
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (version === 4 ? 32 : 128);
}

function isHostPort(value: string): boolean {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match) return false;
  const [, host = '', port = ''] = match;
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return Number(port) <= 65535 && (isIP(bare) !== 0 || /^[A-Za-z0-9.-]+$/.test(bare));
}

function isCron(value: string): boolean {
  try {
    CronExpressionParser.parse(value, { tz: 'Asia/Jakarta' });
    return value.split(/\s+/).length >= 5;
  } catch {
    return false;
  }
}

export type AppConfig = z.infer<typeof schema>;

/** LOG_LEVEL, or its default: info, warn under NODE_ENV=test. */
export function logLevel(config: AppConfig): NonNullable<AppConfig['LOG_LEVEL']> {
  return config.LOG_LEVEL ?? (config.NODE_ENV === 'test' ? 'warn' : 'info');
}

/** WORKER_METRICS_ADDRESS, or undefined when it is "off". */
export function workerMetricsAddress(config: AppConfig): string | undefined {
  return config.WORKER_METRICS_ADDRESS === 'off' ? undefined : config.WORKER_METRICS_ADDRESS;
}

/** The shape of Temporal's TLSConfig (client and worker connections), without importing the SDK here. */
export interface TemporalTls {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

/** TLS options for every Temporal connection (Connection and NativeConnection), or undefined for plain gRPC. */
export function temporalTls(config: AppConfig): TemporalTls | undefined {
  const { TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: key } = config;
  const serverName = config.TEMPORAL_TLS_SERVER_NAME;
  if (!config.TEMPORAL_TLS && !ca && !cert && !key && !serverName) return undefined;
  return {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
    ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
  };
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; throws a readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

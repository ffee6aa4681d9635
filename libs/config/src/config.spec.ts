import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, logLevel, temporalTls, workerMetricsAddress } from './config';

const SECRET = 'a'.repeat(32);
/** A payload key (PAYLOAD_ENCRYPTION_KEYS, also required; its own tests are in payload-codec.spec.ts). */
const KEY = Buffer.alloc(32, 7);
const KEYS = `k1:${KEY.toString('base64')}`;

/** loadConfig with the required JWT_SECRET and PAYLOAD_ENCRYPTION_KEYS and the given variables. */
function configWith(env: Record<string, string>) {
  return loadConfig({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, ...env });
}

/** The ConfigError loadConfig throws for `env`, failing the test when it throws none. */
function refusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The variables named in a ConfigError, one per "  NAME: message" line. */
function badVariables(error: ConfigError): string[] {
  const [title, ...lines] = error.message.split('\n');
  expect(title).toBe('Invalid configuration:');
  return lines.map((line) => {
    const match = /^ {2}([A-Z_]+): \S/.exec(line);
    if (!match) throw new Error(`unexpected line in ${JSON.stringify(error.message)}: ${line}`);
    return match[1]!;
  });
}

describe('loadConfig', () => {
  it('fills in local-development defaults when only the secrets are set', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS })).toEqual({
      NODE_ENV: 'development',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/gotong',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'gotong:',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'gotong',
      TEMPORAL_CALL_TIMEOUT: 10_000,
      TEMPORAL_TLS: false,
      SHUTDOWN_GRACE: 8_000,
      DATABASE_POOL_SIZE: 10,
      WORKER_ACTIVITY_SLOTS: 30,
      WORKER_MAX_CACHED_WORKFLOWS: 1000,
      WORKER_WORKFLOW_STACK_TRACES: false,
      WORKER_WORKFLOW_TASK_SLOTS: 40,
      WORKER_METRICS_ADDRESS: '127.0.0.1:9464',
      API_HOST: '127.0.0.1',
      API_PORT: 3000,
      JWT_SECRET: SECRET,
      PAYLOAD_ENCRYPTION_KEYS: [{ id: 'k1', key: KEY }],
      CODEC_CORS_ORIGINS: ['http://127.0.0.1:8080', 'http://localhost:8080'],
      JWT_TTL: 8 * 3_600_000,
      LOGIN_RATE_LIMIT: 10,
      LOGIN_RATE_WINDOW: 60_000,
      PUBLIC_RATE_LIMIT: 120,
      PUBLIC_RATE_WINDOW: 60_000,
      CITIZEN_REPORT_RATE_LIMIT: 5,
      CITIZEN_REPORT_RATE_WINDOW: 3_600_000,
      TRUSTED_PROXIES: ['loopback'],
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: '.data/storage',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: true,
      ATTACHMENT_MAX_BYTES: 10 * 1024 * 1024,
      NOTIFIER_HOST: '127.0.0.1',
      NOTIFIER_PORT: 3001,
      WEB_BASE_URL: 'http://127.0.0.1:3000/app/',
      MAIL_FROM: 'Gotong Kabupaten Probolinggo <gotong@probolinggokab.go.id>',
      WEBHOOK_TIMEOUT: 10_000,
      NOTIFY_ATTEMPTS: 8,
      NOTIFY_BACKOFF: 30_000,
      EMAIL_RATE_LIMIT: 60,
      WEBHOOK_RATE_LIMIT: 60,
      NOTIFY_RATE_WINDOW: 60_000,
      OUTBOX_POLL_INTERVAL: 1_000,
      OUTBOX_REDELIVER_AFTER: 5 * 60_000,
      DIGEST_CRON: '0 7 * * 1-5',
    });
  });

  it('leaves email and the webhook off unless configured, and wants a secret with a webhook', () => {
    const off = configWith({ SMTP_URL: '', WEBHOOK_URL: '' });
    expect(off.SMTP_URL).toBeUndefined();
    expect(off.WEBHOOK_URL).toBeUndefined();
    expect(configWith({ SMTP_URL: 'smtps://u:p@mail.probolinggokab.go.id:465' }).SMTP_URL).toBe(
      'smtps://u:p@mail.probolinggokab.go.id:465',
    );
    expect(() => configWith({ WEBHOOK_URL: 'https://wa-gateway.probolinggokab.go.id/send' })).toThrow(
      /WEBHOOK_SECRET: is required when WEBHOOK_URL is set/,
    );
    expect(() => configWith({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
    expect(() => configWith({ NOTIFY_BACKOFF: 'soon' })).toThrow(
      /NOTIFY_BACKOFF: must be a positive duration/,
    );
  });

  it('reads TRUSTED_PROXIES as a list of addresses, CIDRs and Express names, refusing anything else', () => {
    expect(
      configWith({ TRUSTED_PROXIES: ' loopback, 10.20.0.0/16,192.168.1.5 , fd00::/8 ' }).TRUSTED_PROXIES,
    ).toEqual(['loopback', '10.20.0.0/16', '192.168.1.5', 'fd00::/8']);
    expect(configWith({ TRUSTED_PROXIES: '' }).TRUSTED_PROXIES).toEqual([]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '300.1.1.1'])
      expect(
        badVariables(refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, TRUSTED_PROXIES: bad })),
      ).toEqual(['TRUSTED_PROXIES']);
  });

  it('keeps only the variables it knows (the rest of the environment is not carried along)', () => {
    const config = configWith({ PATH: '/usr/bin', HOME: '/root', TEMPORAL_NAMESPACE: 'gotong-prod' });
    expect(config.TEMPORAL_NAMESPACE).toBe('gotong-prod');
    expect(Object.keys(config)).not.toContain('PATH');
    expect(Object.keys(config)).not.toContain('HOME');
  });

  it('reads process.env when called without an argument', () => {
    const saved = {
      JWT_SECRET: process.env.JWT_SECRET,
      TEMPORAL_TASK_QUEUE: process.env.TEMPORAL_TASK_QUEUE,
    };
    try {
      process.env.JWT_SECRET = SECRET;
      process.env.TEMPORAL_TASK_QUEUE = 'from-process-env';
      expect(loadConfig().TEMPORAL_TASK_QUEUE).toBe('from-process-env');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  describe('durations', () => {
    it('parses human durations into milliseconds', () => {
      const config = configWith({
        LOGIN_RATE_WINDOW: '10s',
        JWT_TTL: '90 minutes',
      });
      expect(config.LOGIN_RATE_WINDOW).toBe(10_000);
      expect(config.JWT_TTL).toBe(5_400_000);
    });

    it('ignores whitespace around a duration', () => {
      expect(configWith({ JWT_TTL: ' 4 hours ' }).JWT_TTL).toBe(14_400_000);
    });

    it.each(['soon', '0s', '-5m', ''])('refuses %j with a hint at the expected format', (value) => {
      const error = refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, LOGIN_RATE_WINDOW: value });
      expect(error.message).toBe(
        'Invalid configuration:\n  LOGIN_RATE_WINDOW: must be a positive duration such as "3 days", "30 minutes" or "10s"',
      );
    });
  });

  describe('Temporal TLS', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gotong-tls-'));
    const ca = join(dir, 'ca.pem');
    const cert = join(dir, 'client.pem');
    const key = join(dir, 'client.key');
    writeFileSync(ca, 'CA');
    writeFileSync(cert, 'CERT');
    writeFileSync(key, 'KEY');

    it('is off unless asked for: plain gRPC to the dev server', () => {
      expect(temporalTls(configWith({}))).toBeUndefined();
      expect(temporalTls(configWith({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA_FILE: '' }))).toBeUndefined();
    });

    it('verifies the server with the system CAs when only TEMPORAL_TLS is set', () => {
      expect(temporalTls(configWith({ TEMPORAL_TLS: 'true' }))).toEqual({});
    });

    it('reads a private CA, a client certificate pair for mTLS and a server name', () => {
      const config = configWith({
        TEMPORAL_TLS_CA_FILE: ca,
        TEMPORAL_TLS_CERT_FILE: cert,
        TEMPORAL_TLS_KEY_FILE: key,
        TEMPORAL_TLS_SERVER_NAME: 'temporal.probolinggokab.go.id',
      });
      expect(temporalTls(config)).toEqual({
        serverNameOverride: 'temporal.probolinggokab.go.id',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
      });
    });

    it('refuses a client certificate without its key, and a key without its certificate', () => {
      expect(
        refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, TEMPORAL_TLS_CERT_FILE: cert }).message,
      ).toBe(
        'Invalid configuration:\n  TEMPORAL_TLS_KEY_FILE: is required with mTLS: set both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE',
      );
      expect(
        badVariables(
          refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, TEMPORAL_TLS_KEY_FILE: key }),
        ),
      ).toEqual(['TEMPORAL_TLS_CERT_FILE']);
    });

    it('refuses a file that does not exist, naming the variable', () => {
      const error = refusal({
        JWT_SECRET: SECRET,
        PAYLOAD_ENCRYPTION_KEYS: KEYS,
        TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem'),
      });
      expect(error.message).toBe('Invalid configuration:\n  TEMPORAL_TLS_CA_FILE: no such file');
    });

    it('refuses a TEMPORAL_TLS that is not a yes or no', () => {
      expect(
        badVariables(
          refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, TEMPORAL_TLS: 'yes please' }),
        ),
      ).toEqual(['TEMPORAL_TLS']);
    });
  });

  describe('JWT_SECRET', () => {
    it('is required', () => {
      const error = refusal({});
      expect(badVariables(error)).toEqual(['JWT_SECRET', 'PAYLOAD_ENCRYPTION_KEYS']);
    });

    it('must be at least 32 characters, and says how to generate one', () => {
      const error = refusal({ JWT_SECRET: 'a'.repeat(31), PAYLOAD_ENCRYPTION_KEYS: KEYS });
      expect(error.message).toBe(
        'Invalid configuration:\n  JWT_SECRET: must be at least 32 characters (generate one with `openssl rand -hex 32`)',
      );
      expect(configWith({ JWT_SECRET: 'b'.repeat(32) }).JWT_SECRET).toBe('b'.repeat(32));
    });
  });

  it('sizes the database pool and the worker from the environment, refusing nonsense', () => {
    const sized = configWith({
      DATABASE_POOL_SIZE: '20',
      WORKER_ACTIVITY_SLOTS: '60',
      WORKER_WORKFLOW_TASK_SLOTS: '80',
    });
    expect([sized.DATABASE_POOL_SIZE, sized.WORKER_ACTIVITY_SLOTS, sized.WORKER_WORKFLOW_TASK_SLOTS]).toEqual(
      [20, 60, 80],
    );
    const error = refusal({
      JWT_SECRET: SECRET,
      PAYLOAD_ENCRYPTION_KEYS: KEYS,
      DATABASE_POOL_SIZE: '0',
      WORKER_ACTIVITY_SLOTS: 'many',
      WORKER_WORKFLOW_TASK_SLOTS: '1',
    });
    expect(badVariables(error).sort()).toEqual(
      ['DATABASE_POOL_SIZE', 'WORKER_ACTIVITY_SLOTS', 'WORKER_WORKFLOW_TASK_SLOTS'].sort(),
    );
  });

  it('reads the observability settings: log level, worker metrics address, metrics token, OTLP endpoint', () => {
    const defaults = configWith({});
    expect(logLevel(defaults)).toBe('info');
    expect(logLevel(configWith({ NODE_ENV: 'test' }))).toBe('warn');
    expect(workerMetricsAddress(defaults)).toBe('127.0.0.1:9464');
    expect(defaults.METRICS_TOKEN).toBeUndefined();
    expect(defaults.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    const set = configWith({
      LOG_LEVEL: 'debug',
      WORKER_METRICS_ADDRESS: '0.0.0.0:9464',
      METRICS_TOKEN: 'x'.repeat(16),
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318',
    });
    expect([
      logLevel(set),
      workerMetricsAddress(set),
      set.METRICS_TOKEN,
      set.OTEL_EXPORTER_OTLP_ENDPOINT,
    ]).toEqual(['debug', '0.0.0.0:9464', 'x'.repeat(16), 'http://otel-collector:4318']);
    expect(workerMetricsAddress(configWith({ WORKER_METRICS_ADDRESS: 'off' }))).toBeUndefined();
    // Blank (docker-compose's unset variables) is "not configured".
    expect(configWith({ LOG_LEVEL: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' }).LOG_LEVEL).toBeUndefined();
    const error = refusal({
      JWT_SECRET: SECRET,
      PAYLOAD_ENCRYPTION_KEYS: KEYS,
      LOG_LEVEL: 'loud',
      WORKER_METRICS_ADDRESS: '9464',
      METRICS_TOKEN: 'short',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317',
    });
    expect(badVariables(error).sort()).toEqual(
      ['LOG_LEVEL', 'METRICS_TOKEN', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'WORKER_METRICS_ADDRESS'].sort(),
    );
  });

  it('keeps attachments on local disk by default, and wants a bucket and keys for S3', () => {
    expect(configWith({ STORAGE_DIR: '/srv/gotong/lampiran' })).toMatchObject({
      STORAGE_DRIVER: 'local',
      STORAGE_DIR: '/srv/gotong/lampiran',
    });
    const s3 = configWith({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'gotong-attachments',
      S3_ACCESS_KEY_ID: 'gotong',
      S3_SECRET_ACCESS_KEY: 'f'.repeat(64),
      S3_FORCE_PATH_STYLE: 'false',
      ATTACHMENT_MAX_BYTES: '5242880',
    });
    expect(s3).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'gotong-attachments',
      S3_FORCE_PATH_STYLE: false,
      ATTACHMENT_MAX_BYTES: 5 * 1024 * 1024,
    });
    const missing = refusal({
      JWT_SECRET: SECRET,
      PAYLOAD_ENCRYPTION_KEYS: KEYS,
      STORAGE_DRIVER: 's3',
      S3_BUCKET: '',
    });
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) {
      expect(missing.message).toContain(`  ${name}: is required when STORAGE_DRIVER=s3`);
    }
    const wrong = refusal({
      JWT_SECRET: SECRET,
      PAYLOAD_ENCRYPTION_KEYS: KEYS,
      STORAGE_DRIVER: 'ftp',
      ATTACHMENT_MAX_BYTES: '10',
    });
    expect(badVariables(wrong).sort()).toEqual(['ATTACHMENT_MAX_BYTES', 'STORAGE_DRIVER']);
  });

  it('lists every bad variable at once, one per line', () => {
    const error = refusal({
      NODE_ENV: 'staging',
      DATABASE_URL: 'mysql://root@db/gotong',
      REDIS_URL: 'http://redis:6379',
      API_PORT: '70000',
      JWT_SECRET: 'changeme',
      LOGIN_RATE_LIMIT: '0',
      LOGIN_RATE_WINDOW: 'soon',
    });
    expect(badVariables(error).sort()).toEqual(
      [
        'API_PORT',
        'DATABASE_URL',
        'JWT_SECRET',
        'LOGIN_RATE_LIMIT',
        'LOGIN_RATE_WINDOW',
        'NODE_ENV',
        'PAYLOAD_ENCRYPTION_KEYS',
        'REDIS_URL',
      ].sort(),
    );
    expect(error.message).toContain('JWT_SECRET: must be at least 32 characters');
    expect(error.message).toContain('LOGIN_RATE_WINDOW: must be a positive duration');
    // The secret itself never appears in the error (it ends up in logs).
    expect(error.message).not.toContain('changeme');
  });

  describe('connection URLs', () => {
    it.each(['postgresql://gotong:secret@postgres:5432/gotong', 'postgres://postgres@127.0.0.1/gotong'])(
      'accepts DATABASE_URL %s',
      (url) => {
        expect(configWith({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
      },
    );

    it.each(['mysql://root@db/gotong', 'http://postgres:5432/gotong', 'postgres-host:5432/gotong', 'gotong'])(
      'refuses DATABASE_URL %s',
      (url) => {
        expect(
          badVariables(refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, DATABASE_URL: url })),
        ).toEqual(['DATABASE_URL']);
      },
    );

    it.each(['redis://redis:6379', 'rediss://user:pw@cache.example:6380/2'])(
      'accepts REDIS_URL %s',
      (url) => {
        expect(configWith({ REDIS_URL: url }).REDIS_URL).toBe(url);
      },
    );

    it.each(['http://redis:6379', 'postgresql://redis:6379', 'cache.internal:6379'])(
      'refuses REDIS_URL %s',
      (url) => {
        expect(
          badVariables(refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, REDIS_URL: url })),
        ).toEqual(['REDIS_URL']);
      },
    );
  });

  describe('API_PORT', () => {
    it.each<[string, number]>([
      ['8080', 8080],
      [' 8080 ', 8080],
      ['0', 0],
      ['65535', 65535],
    ])('reads %j as the number %d', (value, port) => {
      expect(configWith({ API_PORT: value }).API_PORT).toBe(port);
    });

    it.each(['65536', '-1', '80.5', 'http'])('refuses %j', (value) => {
      expect(
        badVariables(refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, API_PORT: value })),
      ).toEqual(['API_PORT']);
    });

    it.each(['', '   '])('refuses a blank value (%j) instead of listening on a random port', (value) => {
      expect(refusal({ JWT_SECRET: SECRET, PAYLOAD_ENCRYPTION_KEYS: KEYS, API_PORT: value }).message).toBe(
        'Invalid configuration:\n  API_PORT: must be a port number from 0 to 65535',
      );
    });
  });
});

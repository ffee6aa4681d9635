import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { isolateTestFile } from './database';
import { http, startStack, type Stack } from './stack';
import { createNotifierApp } from '../../apps/notifier/src/notifier.factory';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyWebhook,
} from '@gotong/notifications/webhook-signature';

/** The notifier (apps/notifier) in this process, configured from process.env, health on a free port. */
export async function startNotifier(): Promise<{
  app: INestApplication;
  baseUrl: string;
  stop: () => Promise<void>;
}> {
  const app = await createNotifierApp({ logger: ['error'] });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl, stop: () => app.close() };
}

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed. It can be stopped and restarted. */
export class MailSink {
  readonly messages: (ParsedMail & { envelopeTo: string[] })[] = [];
  private server: SMTPServer | null = null;

  constructor(readonly port: number) {}

  static async start(): Promise<MailSink> {
    const sink = new MailSink(await freePort());
    await sink.up();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(
              Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }),
            );
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => m.envelopeTo.includes(address));
  }
}

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  signatureValid: boolean;
}

/**
 * A real HTTP server standing in for the WhatsApp/SMS gateway: checks each request's HMAC signature and answers
 * with the status `respond` picks (200 by default), recording every request.
 */
export class WebhookSink {
  readonly requests: WebhookRequest[] = [];
  respond: (request: WebhookRequest) => number = () => 200;
  private server: Server | null = null;
  port = 0;

  constructor(readonly secret: string) {}

  static async start(secret: string): Promise<WebhookSink> {
    const sink = new WebhookSink(secret);
    sink.server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const request: WebhookRequest = {
          headers: req.headers,
          body,
          json: JSON.parse(body),
          signatureValid: verifyWebhook({
            secret,
            signature: String(req.headers[SIGNATURE_HEADER] ?? ''),
            timestamp: String(req.headers[TIMESTAMP_HEADER] ?? ''),
            body,
            now: new Date(),
          }),
        };
        sink.requests.push(request);
        // A gateway refuses what it cannot authenticate.
        const status = request.signatureValid ? sink.respond(request) : 401;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
      });
    });
    await new Promise<void>((resolve) => sink.server!.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.server.address() as AddressInfo).port;
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/gateway`;
  }

  for(phone: string): WebhookRequest[] {
    return this.requests.filter((r) => r.json.recipient?.phone === phone);
  }

  byIdempotencyKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) {
      const key = String(r.headers[IDEMPOTENCY_HEADER]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}

/** A Redis server of the test's own (the machine's redis-server binary), which the test stops and starts. */
export class OwnRedis {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts an empty server (no persistence: a restart loses everything, the worst case for the outbox). */
  async up(): Promise<void> {
    const child = spawn(
      process.env.REDIS_SERVER ?? 'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
      child.once('error', reject);
    });
  }

  async down(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export interface ServerSentEvent {
  event: string;
  data: any;
}

/** Opens the API's notification stream the way a fetch-based browser client does (bearer token in a header). */
export async function openStream(url: string, token: string) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  const events: ServerSentEvent[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          if (data.length > 0) events.push({ event, data: JSON.parse(data.join('\n')) });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events,
    async close() {
      controller.abort();
      await reading;
    },
  };
}

export interface NotifierStack {
  stack: Stack;
  notifier: Awaited<ReturnType<typeof startNotifier>>;
  mail: MailSink;
  /** Present when a webhook secret was given. */
  webhook: WebhookSink | null;
  /** Bearer tokens of the users logged in at start. */
  tokens: Record<string, string>;
  api: (username: string) => ReturnType<typeof http>;
  stop: () => Promise<void>;
}

/**
 * The whole notification path for one test file: a database and Redis prefix of its own (the notifier reads
 * every outbox row), a real SMTP server, optionally a webhook receiver and a Redis server the test controls,
 * then the API, the Temporal worker and the notifier; `users` are logged in.
 */
export async function startNotifierStack(opts: {
  label: string;
  users: string[];
  webhookSecret?: string;
  redis?: OwnRedis;
  env?: Record<string, string>;
}): Promise<NotifierStack> {
  await isolateTestFile(opts.label);
  const mail = await MailSink.start();
  const webhook = opts.webhookSecret ? await WebhookSink.start(opts.webhookSecret) : null;
  Object.assign(process.env, {
    SMTP_URL: mail.url,
    WEB_BASE_URL: 'https://gotong.probolinggokab.go.id',
    OUTBOX_POLL_INTERVAL: '200ms',
    ...(webhook ? { WEBHOOK_URL: webhook.url, WEBHOOK_SECRET: opts.webhookSecret } : {}),
    ...(opts.redis ? { REDIS_URL: opts.redis.url } : {}),
    ...opts.env,
  });
  const stack = await startStack();
  const notifier = await startNotifier();
  const tokens: Record<string, string> = {};
  for (const user of opts.users) tokens[user] = await stack.login(user);
  return {
    stack,
    notifier,
    mail,
    webhook,
    tokens,
    api: (username: string) => http(stack.baseUrl, tokens[username]),
    async stop() {
      await notifier.stop();
      await stack.stop();
      await mail.down();
      await webhook?.stop();
    },
  };
}

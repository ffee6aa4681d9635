import { createHash, randomUUID } from 'node:crypto';
import {
  applyDecorators,
  BadRequestException,
  ConflictException,
  createParamDecorator,
  HttpException,
  UnprocessableEntityException,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { valueFromHistoryPayload } from '@gotong/config/temporal-data-converter';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import type { AuthContext } from './auth-context';

/**
 * `Idempotency-Key`: a client names one submission (a UUID per form submission will do) and sends the same
 * name again when it retries. The key is the user's own, kept in Postgres (`idempotency_key`) for a day:
 *
 * - a create gets the id of what it creates from the key's row, so a retry, or copies fired together, make
 *   one object and all get the first answer (201, same body);
 * - an action sends its Update with an update id made of the route, the user and the key, so Temporal runs
 *   it once and hands a repeat the first outcome, even when the first answer was lost;
 * - the same key with another route or body is refused (422): it names another request.
 *
 * A refusal (4xx) frees the key again (nothing was done); a failure (5xx, lost connection) keeps it, because
 * the work may have happened and a retry must find it.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long a key names its request; a day covers any retry a person or a proxy makes. */
export const KEY_TTL_MS = 24 * 60 * 60_000;
/**
 * An incident declared without a key gets one from its user and body for this long: a double click, or a
 * proxy resending, must not mobilise every OPD twice, while a later identical declaration is a new one.
 */
export const IMPLICIT_KEY_TTL_MS = 2 * 60_000;

/** The header's value, validated; undefined when the request has none. */
export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const value = request.headers['idempotency-key'];
  if (value === undefined) return undefined;
  // Node joins a repeated header with ", ", which the pattern refuses like any other malformed key.
  if (typeof value !== 'string' || !KEY_PATTERN.test(value)) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: [
        `${IDEMPOTENCY_KEY_HEADER}: must be 8 to 128 letters, digits, '.', '_', ':' or '-' (a UUID will do)`,
      ],
    });
  }
  return value;
});

/** OpenAPI: the header and its 422, on every route that takes a key. */
export const AcceptsIdempotencyKey = (what: 'create' | 'action', note?: string) =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        (what === 'create'
          ? 'Names this submission: a retry with the same key (same user, same body) gets the first answer ' +
            'and creates nothing new, also when sent several times at once. '
          : 'Names this action: a retry with the same key (same user, same body) gets the first answer ' +
            'instead of 409, also when the first answer was lost. ') +
        '8 to 128 of A–Z a–z 0–9 . _ : - (a UUID); kept for 24 hours.' +
        (note ? ` ${note}` : ''),
    }),
    ApiUnprocessableEntityResponse({
      description: `The ${IDEMPOTENCY_KEY_HEADER} was already used for a different request`,
    }),
  );

export interface IdempotentRequest {
  auth: AuthContext;
  key: string | undefined;
  /** The method and path with their ids, e.g. "POST /tasks/<id>/contribution": a key names one of these. */
  route: string;
  body: unknown;
}

export interface Attempt {
  /** The id for what this request creates: the same for every repeat of one key. */
  id: string;
  /** For an Update: Temporal runs one Update per id in a workflow and answers repeats with its outcome. */
  updateId: string | undefined;
  /** Another request with this key came first (a retry, or a copy running alongside). */
  repeated: boolean;
}

export class Idempotency {
  constructor(
    private readonly db: Database,
    private readonly temporal?: Client,
  ) {}

  /**
   * Runs `work` once per key: a key already answered gets the stored answer; otherwise `work` runs with the
   * key's id and update id, and must be idempotent by them (copies fired together all run it).
   */
  async run<T>(
    request: IdempotentRequest,
    work: (attempt: Attempt) => Promise<T>,
    options: { keyFromBody?: boolean } = {},
  ): Promise<T> {
    const fingerprint = fingerprintOf(request.route, request.body);
    let key = request.key;
    let ttl = KEY_TTL_MS;
    if (key === undefined && options.keyFromBody) {
      key = `body:${fingerprint}`;
      ttl = IMPLICIT_KEY_TTL_MS;
    }
    if (key === undefined) return work({ id: randomUUID(), updateId: undefined, repeated: false });
    const userId = request.auth.userId;
    const { row, claimed } = await this.claim(userId, key, fingerprint, ttl);
    if (row.fingerprint !== fingerprint) {
      throw new UnprocessableEntityException(
        `${IDEMPOTENCY_KEY_HEADER} ${key} was already used for a different request; send a new key for a new request`,
      );
    }
    if (row.completedAt !== null) return row.response as T;
    const attempt: Attempt = {
      id: row.resourceId,
      updateId: `${request.route}:${userId}:${key}`,
      repeated: !claimed,
    };
    let result: T;
    try {
      result = await work(attempt);
    } catch (error) {
      if (claimed && error instanceof HttpException && error.getStatus() < 500) {
        await this.db.idempotencyKey.deleteMany({ where: { userId, key, completedAt: null } });
      }
      throw error;
    }
    // The first to finish stores its answer; every other copy answers with that one.
    const response = JSON.parse(JSON.stringify(result ?? null)) as Prisma.InputJsonValue;
    await this.db.idempotencyKey.updateMany({
      where: { userId, key, completedAt: null },
      data: { response, completedAt: new Date() },
    });
    const stored = await this.db.idempotencyKey.findUnique({
      where: { userId_key: { userId, key } },
      select: { response: true },
    });
    return (stored?.response ?? response) as T;
  }

  /**
   * A check of the projection that refuses finished work (409) is skipped for a repeat: the work may be
   * finished by this very request's first attempt, and the Update (same id) answers with its outcome.
   */
  async check<T>(attempt: Attempt, check: () => Promise<T>): Promise<T | undefined> {
    try {
      return await check();
    } catch (error) {
      if (attempt.repeated && error instanceof ConflictException) return undefined;
      throw error;
    }
  }

  /**
   * Sends an Update by the attempt's id. A repeat whose workflow has finished meanwhile (an accept completes
   * its task) gets its first outcome from the workflow's history; anything else is the usual 409.
   */
  async update<T>(
    attempt: Attempt,
    workflowId: string,
    send: (updateId: string | undefined) => Promise<T>,
  ): Promise<T> {
    try {
      return await send(attempt.updateId);
    } catch (error) {
      if (!attempt.repeated || !(error instanceof ConflictException) || !attempt.updateId) throw error;
      // A history past its retention is gone: then the repeat gets the usual 409.
      const outcome = await this.outcomeOf<T>(workflowId, attempt.updateId).catch(() => undefined);
      if (outcome === undefined) throw error;
      return outcome;
    }
  }

  private async outcomeOf<T>(workflowId: string, updateId: string): Promise<T | undefined> {
    if (!this.temporal) return undefined;
    const history = await this.temporal.workflow.getHandle(workflowId).fetchHistory();
    for (const event of history.events ?? []) {
      const completed = event.workflowExecutionUpdateCompletedEventAttributes;
      if (completed?.meta?.updateId !== updateId) continue;
      const payload = completed.outcome?.success?.payloads?.[0];
      if (!payload) return undefined;
      return valueFromHistoryPayload<T>(this.temporal.options.loadedDataConverter, payload);
    }
    return undefined;
  }

  /** Inserts the key's row, or finds the one a first request inserted; a user's expired keys go first. */
  private async claim(userId: string, key: string, fingerprint: string, ttlMs: number) {
    await this.db.idempotencyKey.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } });
    for (;;) {
      const inserted = await this.db.idempotencyKey.createMany({
        data: [
          { userId, key, fingerprint, resourceId: randomUUID(), expiresAt: new Date(Date.now() + ttlMs) },
        ],
        skipDuplicates: true,
      });
      const row = await this.db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
      // Gone between the two statements: its first request was refused and freed it. Claim it afresh.
      if (row) return { row, claimed: inserted.count === 1 };
    }
  }
}

/** The route and the body, keys sorted, hashed: what a key was first used for. */
function fingerprintOf(route: string, body: unknown): string {
  return createHash('sha256')
    .update(`${route}\n${canonical(body)}`)
    .digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A second id that follows from one: the same on every repeat (an incident's project from its id). */
export function derivedId(from: string, purpose: string): string {
  const hex = createHash('sha256').update(`${purpose}:${from}`).digest('hex');
  // Shaped as a version 4 UUID so that every uuid column and ParseUUIDPipe takes it.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

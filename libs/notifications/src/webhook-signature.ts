import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of outgoing webhooks. The receiver recomputes the HMAC over the timestamp and the raw body (the
 * exact bytes received, not re-serialised JSON) and rejects old timestamps, which stops both tampering and
 * replays of a captured request.
 */

export const SIGNATURE_HEADER = 'x-gotong-signature';
export const TIMESTAMP_HEADER = 'x-gotong-timestamp';
/** The outbox id: a receiver that sees the same key twice has already handled the event. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';

export const DEFAULT_TOLERANCE_SECONDS = 300;

const SIGNATURE = /^v1=([0-9a-f]{64})$/i;
const TIMESTAMP = /^\d{1,15}$/;

/** `v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`; `timestamp` in unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  if (secret.length === 0) throw new RangeError('webhook secret must not be empty');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`webhook timestamp must be whole unix seconds, got ${timestamp}`);
  }
  return `v1=${hmac(secret, timestamp, body).toString('hex')}`;
}

export interface VerifyWebhookInput {
  secret: string;
  /** Value of the SIGNATURE_HEADER header, as received. */
  signature: string | null | undefined;
  /** Value of the TIMESTAMP_HEADER header (unix seconds), as received. */
  timestamp: string | number | null | undefined;
  /** The raw request body. */
  body: string;
  now: Date;
  /** How far the timestamp may be from `now`, either way. */
  toleranceSeconds?: number;
}

/** True only for a well-formed, fresh and matching signature. Never throws: anything odd is simply false. */
export function verifyWebhook(input: VerifyWebhookInput): boolean {
  try {
    const { secret, signature, timestamp, body, now, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = input;
    if (typeof secret !== 'string' || secret.length === 0 || typeof body !== 'string') return false;
    if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) return false;

    const seconds = parseTimestamp(timestamp);
    const nowSeconds = now.getTime() / 1000;
    if (seconds === null || !Number.isFinite(nowSeconds)) return false;
    if (Math.abs(nowSeconds - seconds) > toleranceSeconds) return false;

    const match = typeof signature === 'string' ? SIGNATURE.exec(signature.trim()) : null;
    if (!match?.[1]) return false;
    const given = Buffer.from(match[1], 'hex');
    const expected = hmac(secret, seconds, body);
    // timingSafeEqual throws on different lengths; the regex already fixes the length, this is belt and braces.
    return given.length === expected.length && timingSafeEqual(given, expected);
  } catch {
    return false;
  }
}

function hmac(secret: string, timestamp: number, body: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
}

function parseTimestamp(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return TIMESTAMP.test(trimmed) ? Number(trimmed) : null;
}

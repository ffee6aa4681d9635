import { createHmac } from 'node:crypto';
import {
  DEFAULT_TOLERANCE_SECONDS,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
  type VerifyWebhookInput,
} from './webhook-signature';

const SECRET = 'whsec_probolinggo';
const TIMESTAMP = 1_795_420_800; // 2026-11-23T08:00:00Z
const BODY = '{"event":"TASK_ESCALATED","taskId":"t-1","level":2}';
const NOW = new Date(TIMESTAMP * 1000);

function input(overrides: Partial<VerifyWebhookInput> = {}): VerifyWebhookInput {
  return {
    secret: SECRET,
    signature: signWebhook(SECRET, TIMESTAMP, BODY),
    timestamp: String(TIMESTAMP),
    body: BODY,
    now: NOW,
    ...overrides,
  };
}

describe('header names', () => {
  it('are lower case, as Node and most frameworks present them', () => {
    expect(SIGNATURE_HEADER).toBe('x-gotong-signature');
    expect(TIMESTAMP_HEADER).toBe('x-gotong-timestamp');
    expect(IDEMPOTENCY_HEADER).toBe('idempotency-key');
  });
});

describe('signWebhook', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const signature = signWebhook(SECRET, TIMESTAMP, BODY);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    // Recomputed the way a receiver in any language would.
    const expected = createHmac('sha256', SECRET).update(`${TIMESTAMP}.${BODY}`).digest('hex');
    expect(signature).toBe(`v1=${expected}`);
  });

  it('matches a known test vector, so the scheme cannot drift unnoticed', () => {
    expect(signWebhook('secret', 1_700_000_000, '{}')).toBe(
      `v1=${createHmac('sha256', 'secret').update('1700000000.{}').digest('hex')}`,
    );
    expect(signWebhook('secret', 1_700_000_000, '{}')).toBe(
      'v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163',
    );
  });

  it('changes with the secret, the timestamp and the body', () => {
    const base = signWebhook(SECRET, TIMESTAMP, BODY);
    expect(signWebhook('other', TIMESTAMP, BODY)).not.toBe(base);
    expect(signWebhook(SECRET, TIMESTAMP + 1, BODY)).not.toBe(base);
    expect(signWebhook(SECRET, TIMESTAMP, `${BODY} `)).not.toBe(base);
  });

  it('refuses an empty secret and a timestamp that is not whole seconds', () => {
    expect(() => signWebhook('', TIMESTAMP, BODY)).toThrow(RangeError);
    expect(() => signWebhook(SECRET, 1_795_420_800_000.5, BODY)).toThrow(RangeError);
    expect(() => signWebhook(SECRET, -1, BODY)).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  it('accepts a fresh, matching signature, with the timestamp as a header string or a number', () => {
    expect(verifyWebhook(input())).toBe(true);
    expect(verifyWebhook(input({ timestamp: TIMESTAMP }))).toBe(true);
  });

  it('accepts upper-case hex and surrounding spaces', () => {
    const signature = signWebhook(SECRET, TIMESTAMP, BODY).replace(/[0-9a-f]{64}/, (hex) =>
      hex.toUpperCase(),
    );
    expect(verifyWebhook(input({ signature: ` ${signature} ` }))).toBe(true);
  });

  it('rejects a changed body, a wrong secret and a changed timestamp', () => {
    expect(verifyWebhook(input({ body: BODY.replace('"level":2', '"level":3') }))).toBe(false);
    expect(verifyWebhook(input({ secret: 'whsec_other' }))).toBe(false);
    expect(verifyWebhook(input({ timestamp: String(TIMESTAMP + 1), now: NOW }))).toBe(false);
  });

  it(`accepts a timestamp up to ${DEFAULT_TOLERANCE_SECONDS} s away and rejects an older or later one`, () => {
    expect(verifyWebhook(input({ now: new Date((TIMESTAMP + 300) * 1000) }))).toBe(true);
    expect(verifyWebhook(input({ now: new Date((TIMESTAMP + 301) * 1000) }))).toBe(false);
    expect(verifyWebhook(input({ now: new Date((TIMESTAMP - 300) * 1000) }))).toBe(true);
    expect(verifyWebhook(input({ now: new Date((TIMESTAMP - 301) * 1000) }))).toBe(false);
  });

  it('honours a custom tolerance', () => {
    const now = new Date((TIMESTAMP + 60) * 1000);
    expect(verifyWebhook(input({ now, toleranceSeconds: 30 }))).toBe(false);
    expect(verifyWebhook(input({ now, toleranceSeconds: 60 }))).toBe(true);
    expect(verifyWebhook(input({ toleranceSeconds: -1 }))).toBe(false);
    expect(verifyWebhook(input({ toleranceSeconds: Number.NaN }))).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['without scheme', signWebhook(SECRET, TIMESTAMP, BODY).slice(3)],
    ['another scheme', signWebhook(SECRET, TIMESTAMP, BODY).replace('v1=', 'v0=')],
    ['short', signWebhook(SECRET, TIMESTAMP, BODY).slice(0, -2)],
    ['long', `${signWebhook(SECRET, TIMESTAMP, BODY)}00`],
    ['not hex', `v1=${'z'.repeat(64)}`],
    ['two signatures', `${signWebhook(SECRET, TIMESTAMP, BODY)},${signWebhook(SECRET, TIMESTAMP, BODY)}`],
  ])('rejects a %s signature', (_case, signature) => {
    expect(verifyWebhook(input({ signature }))).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['not a number', 'yesterday'],
    ['fractional', `${TIMESTAMP}.5`],
    ['negative', `-${TIMESTAMP}`],
    ['in milliseconds', String(TIMESTAMP * 1000)],
    ['a fractional number', TIMESTAMP + 0.5],
  ])('rejects a %s timestamp', (_case, timestamp) => {
    expect(verifyWebhook(input({ timestamp }))).toBe(false);
  });

  it('never throws, whatever it is given', () => {
    const odd = [
      input({ secret: '' }),
      input({ secret: undefined as unknown as string }),
      input({ body: undefined as unknown as string }),
      input({ now: new Date(Number.NaN) }),
      input({ now: undefined as unknown as Date }),
      input({ signature: 42 as unknown as string }),
    ];
    for (const value of odd) {
      expect(() => verifyWebhook(value)).not.toThrow();
      expect(verifyWebhook(value)).toBe(false);
    }
  });
});

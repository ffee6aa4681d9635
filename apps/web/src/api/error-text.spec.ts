import { ApiError } from './client';
import { describeError } from './error-text';

describe('errors as the app tells them', () => {
  it('names a network failure (fetch rejects with a TypeError)', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toEqual({
      kind: 'network',
      details: [],
      retryAfter: null,
    });
  });

  it('names each status people meet', () => {
    const kinds = [400, 401, 403, 404, 409, 413, 429, 503, 500, 418].map(
      (status) => describeError(new ApiError(status, {})).kind,
    );
    expect(kinds).toEqual([
      'badRequest',
      'unauthorized',
      'forbidden',
      'notFound',
      'conflict',
      'tooLarge',
      'tooMany',
      'unavailable',
      'server',
      'unknown',
    ]);
  });

  it('keeps the API’s details, but not the bare status words or a 500’s internals', () => {
    expect(
      describeError(new ApiError(409, { statusCode: 409, message: 'the deadline was already extended once' }))
        .details,
    ).toEqual(['the deadline was already extended once']);
    expect(
      describeError(
        new ApiError(400, { message: ['reason should not be empty', 'amount must be at least 1'] }),
      ).details,
    ).toEqual(['reason should not be empty', 'amount must be at least 1']);
    expect(describeError(new ApiError(403, { message: 'Forbidden' })).details).toEqual([]);
    expect(describeError(new ApiError(500, { message: 'prisma exploded' })).details).toEqual([]);
  });

  it('passes on how long to wait after a 429 or 503', () => {
    expect(describeError(new ApiError(429, {}, 30)).retryAfter).toBe(30);
  });

  it('treats anything else as unknown', () => {
    expect(describeError(new Error('boom')).kind).toBe('unknown');
  });
});

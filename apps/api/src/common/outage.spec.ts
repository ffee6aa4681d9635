import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Prisma } from '@gotong/database/generated/prisma/client';
import { outageBody, outageOf, preferredLanguage } from './outage';

const known = (code: string, message = 'x') =>
  new Prisma.PrismaClientKnownRequestError(message, { code, clientVersion: '7' });

describe('preferredLanguage', () => {
  it.each([
    [undefined, 'id'],
    ['', 'id'],
    ['id-ID,id;q=0.9,en;q=0.8', 'id'],
    ['en-US,en;q=0.9', 'en'],
    ['fr,en;q=0.5,id;q=0.4', 'en'],
    ['en;q=0.3,id;q=0.7', 'id'],
    ['en;q=0', 'id'],
    ['de', 'id'],
  ])('%j → %s', (header, lang) => {
    expect(preferredLanguage(header)).toBe(lang);
  });
});

describe('outageOf', () => {
  it.each(['P1001', 'P1017', 'P2024'])('Prisma %s: the database is unavailable', (code) => {
    expect(outageOf(known(code))).toBe('database-unavailable');
  });

  it('a pg connection refused or an administrator shutdown (57P01), also as a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(outageOf(refused)).toBe('database-unavailable');
    const adminShutdown = {
      kind: 'postgres',
      code: '57P01',
      message: 'terminating connection due to administrator command',
    };
    expect(outageOf(new Error('driver adapter error', { cause: adminShutdown }))).toBe(
      'database-unavailable',
    );
    expect(
      outageOf(
        new Prisma.PrismaClientUnknownRequestError('Connection terminated unexpectedly', {
          clientVersion: '7',
        }),
      ),
    ).toBe('database-unavailable');
  });

  it("node-postgres's own error when a pooled connection dies under a query, which Prisma lets through", () => {
    // Seen in the chaos suite (R3, PostgreSQL restarted): thrown by pg-pool, unwrapped, as a plain Error.
    expect(outageOf(new Error('Connection terminated unexpectedly'))).toBe('database-unavailable');
    expect(outageOf(new Error('Connection terminated due to connection timeout'))).toBe(
      'database-unavailable',
    );
    // The next statement of a transaction whose connection died (seen in R3 on POST /projects).
    expect(outageOf(new Error('Client has encountered a connection error and is not queryable'))).toBe(
      'database-unavailable',
    );
    // The same words inside some other message are not the driver's.
    expect(outageOf(new Error('Upload failed: Connection terminated unexpectedly by the client'))).toBeNull();
  });

  it('Temporal unreachable (UNAVAILABLE) and an update past its deadline', () => {
    const unavailable = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
      details: 'No connection established',
      metadata: { get: () => [] },
    });
    expect(outageOf(new ServiceError('Failed to start Workflow', { cause: unavailable }))).toBe(
      'temporal-unavailable',
    );
    expect(outageOf(new WorkflowUpdateRPCTimeoutOrCancelledError('timeout'))).toBe('workflow-timeout');
  });

  it('leaves ordinary errors alone: a unique violation, a missing record, a bug', () => {
    expect(outageOf(known('P2002'))).toBeNull();
    expect(outageOf(known('P2025'))).toBeNull();
    expect(outageOf(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
  });
});

describe('outageBody', () => {
  it('says what is wrong in the caller language, with when to retry', () => {
    expect(outageBody('database-unavailable', 'en')).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      reason: 'database-unavailable',
      message: 'The database cannot be reached right now. Please try again shortly.',
    });
    expect(outageBody('workflow-timeout', undefined).message).toMatch(/^Mesin alur kerja belum menjawab/);
  });
});

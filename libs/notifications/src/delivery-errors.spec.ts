import { classifyHttpStatus, classifySmtpError } from './delivery-errors';

/** A nodemailer-shaped error. */
function smtpError(fields: { code?: string; responseCode?: number }): Error {
  return Object.assign(new Error('smtp failure'), fields);
}

describe('classifyHttpStatus', () => {
  it.each([200, 201, 202, 204, 299])('%i is delivered', (status) => {
    expect(classifyHttpStatus(status)).toBe('ok');
  });

  it.each([429, 500, 502, 503, 504, 599])('%i is retried', (status) => {
    expect(classifyHttpStatus(status)).toBe('retry');
  });

  it.each([400, 401, 403, 404, 408, 410, 413, 422, 499])('%i is permanent', (status) => {
    expect(classifyHttpStatus(status)).toBe('permanent');
  });

  it.each([100, 101, 301, 302, 304, 0, 600, -1, 200.5, Number.NaN])(
    '%s (not a success nor a known failure) is permanent',
    (status) => {
      expect(classifyHttpStatus(status)).toBe('permanent');
    },
  );
});

describe('classifySmtpError', () => {
  it('gives up on a 5xx reply: the server refused the message', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 550 }))).toBe('permanent');
    expect(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 554 }))).toBe('permanent');
    expect(classifySmtpError(smtpError({ responseCode: 552 }))).toBe('permanent');
  });

  it('retries a 4xx reply: greylisting, mailbox busy, server short of resources', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode: 450 }))).toBe('retry');
    expect(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode: 451 }))).toBe('retry');
    expect(classifySmtpError(smtpError({ responseCode: 421 }))).toBe('retry');
  });

  it.each(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS'])(
    'retries the connection failure %s',
    (code) => {
      expect(classifySmtpError(smtpError({ code }))).toBe('retry');
    },
  );

  it('retries a failed login, even with its 535 reply: the credentials may be fixed', () => {
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535 }))).toBe('retry');
    expect(classifySmtpError(smtpError({ code: 'EAUTH' }))).toBe('retry');
  });

  it('gives up on an envelope nodemailer refuses itself (no reply code)', () => {
    expect(classifySmtpError(smtpError({ code: 'EENVELOPE' }))).toBe('permanent');
    expect(classifySmtpError(smtpError({ code: 'EMAXRECIPIENTS' }))).toBe('permanent');
  });

  it('retries anything it does not recognise', () => {
    expect(classifySmtpError(new Error('boom'))).toBe('retry');
    expect(classifySmtpError(smtpError({ code: 'ESOMETHINGNEW' }))).toBe('retry');
    expect(classifySmtpError({ responseCode: '550' })).toBe('retry');
    expect(classifySmtpError('connection reset')).toBe('retry');
    expect(classifySmtpError(null)).toBe('retry');
    expect(classifySmtpError(undefined)).toBe('retry');
  });
});

/**
 * Whether a failed delivery is worth retrying. 'retry': the same message may go through later (the receiver
 * is down, busy or rate limiting, or our configuration may be fixed). 'permanent': sending the same message
 * again would fail the same way, so the delivery is given up and recorded as failed.
 */
export type DeliveryOutcome = 'retry' | 'permanent';

/** Webhook responses. Redirects are not followed (a webhook URL must be the final one), so 3xx is permanent. */
export function classifyHttpStatus(status: number): 'ok' | DeliveryOutcome {
  if (!Number.isInteger(status)) return 'permanent';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'permanent';
  if (status >= 500 && status < 600) return 'retry';
  return 'permanent';
}

/** Codes of nodemailer errors that lost the connection rather than had the message refused. */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'EPROXY',
]);

/**
 * Nodemailer errors: `responseCode` is the SMTP reply (RFC 5321: 4yz transient, 5yz permanent), `code` says
 * which step failed. Anything unrecognised is retried: giving up on a message that could have gone through is
 * worse than a few more attempts.
 */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  if (typeof error !== 'object' || error === null) return 'retry';
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };

  // Checked before the reply code: a failed login comes with 535, which would otherwise read as permanent, but
  // it says nothing about the message. Once the SMTP credentials are fixed the same message goes through.
  if (code === 'EAUTH') return 'retry';

  if (typeof responseCode === 'number') {
    if (responseCode >= 500 && responseCode < 600) return 'permanent';
    if (responseCode >= 400 && responseCode < 500) return 'retry';
  }
  if (typeof code === 'string') {
    if (TRANSIENT_CODES.has(code)) return 'retry';
    // Without a reply code these are refused by nodemailer itself (no valid recipient, too many recipients):
    // the message is at fault and would be refused again.
    if (code === 'EENVELOPE' || code === 'EMAXRECIPIENTS') return 'permanent';
  }
  return 'retry';
}

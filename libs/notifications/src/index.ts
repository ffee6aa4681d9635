export * from './types';
export { renderEmail, renderMessage, escapeHtml, type RenderedEmail } from './messages';
export { buildDigest, isDigestEmpty, renderDigest, MAX_DIGEST_LINES, type DigestInput } from './digest';
export { deliverAt, isUrgent, parseQuietHours, QuietHoursError, type UrgencyFacts } from './quiet-hours';
export {
  DEFAULT_TOLERANCE_SECONDS,
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
  type VerifyWebhookInput,
} from './webhook-signature';
export { classifyHttpStatus, classifySmtpError, type DeliveryOutcome } from './delivery-errors';
export { MAX_TITLE_LENGTH } from './format';
export * from './notifiable';

/**
 * Tracking numbers of citizen reports: `LPR-7KX9-M2QD`. Random (never sequential: a number says nothing about
 * how many reports there are and cannot be guessed from a neighbour's), 8 Crockford base32 characters (40 bits),
 * easy to read aloud over the phone: no I, L, O or U. Reading one back forgives what people type: lower case,
 * missing dashes or prefix, O for 0 and I/L for 1. Pure: the random bytes come from the caller.
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_PREFIX = 'LPR';
export const TRACKING_NUMBER_PATTERN = /^LPR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A tracking number from at least 5 random bytes (the first 40 bits are used). */
export function trackingNumberFrom(bytes: Uint8Array): string {
  if (bytes.length < 5) throw new Error('a tracking number needs 5 random bytes');
  let bits = 0n;
  for (let i = 0; i < 5; i += 1) bits = (bits << 8n) | BigInt(bytes[i]!);
  let chars = '';
  for (let i = 0; i < 8; i += 1) {
    chars = CROCKFORD[Number(bits & 31n)]! + chars;
    bits >>= 5n;
  }
  return `${TRACKING_PREFIX}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The tracking number someone typed, in its canonical form, or null when it cannot be one. */
export function normalizeTrackingNumber(typed: unknown): string | null {
  if (typeof typed !== 'string' || typed.length > 40) return null;
  let text = typed.toUpperCase().replace(/[\s-]/g, '');
  if (text.startsWith(TRACKING_PREFIX)) text = text.slice(TRACKING_PREFIX.length);
  text = text.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(text)) return null;
  return `${TRACKING_PREFIX}-${text.slice(0, 4)}-${text.slice(4)}`;
}

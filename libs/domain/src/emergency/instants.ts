/**
 * Instants of the emergency rules: ISO-8601 strings with an explicit offset ('Z' or '+07:00'). A string
 * without one is refused because its meaning would depend on the machine's time zone.
 */

const MINUTE_MS = 60_000;

/** ISO-8601 date-time with an explicit offset; seconds and fractions optional. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch ms of an ISO instant with offset (Date.parse of such a string is deterministic). */
export function parseInstant(iso: string, what = 'instant'): number {
  const ms = typeof iso === 'string' && ISO_INSTANT.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `${what} must be an ISO-8601 date-time with offset (e.g. 2025-01-31T08:00:00+07:00)`,
    );
  }
  return ms;
}

/** Whole seconds of a duration in ms, rounded down; a negative duration (clock skew) counts as 0. */
export function wholeSeconds(ms: number): number {
  return Math.max(0, Math.floor(ms / 1000));
}

/** Whole minutes of a duration in ms, rounded down; a negative duration (clock skew) counts as 0. */
export function wholeMinutes(ms: number): number {
  return Math.max(0, Math.floor(ms / MINUTE_MS));
}

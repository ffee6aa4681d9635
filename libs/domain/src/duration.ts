import { msToNumber } from '@temporalio/common/lib/time';

/**
 * Parses a human duration ("3 days", "4 hours", "30m", "10s") into
 * milliseconds with the same parser Temporal uses; null when it is not a
 * positive duration.
 */
export function parseDurationMs(value: string): number | null {
  try {
    const ms = msToNumber(value.trim() as Parameters<typeof msToNumber>[0]);
    return Number.isFinite(ms) && ms > 0 ? ms : null;
  } catch {
    return null;
  }
}

/**
 * The inbox's "due within" filter: today, 3 days or 7 days, each counted to the end of that day in WIB, as
 * the dueBefore the API takes. Pure.
 */
export const DUE_WINDOWS = ['today', '3d', '7d'] as const;
export type DueWindow = (typeof DUE_WINDOWS)[number];

const WIB_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export function isDueWindow(value: string | null): value is DueWindow {
  return (DUE_WINDOWS as readonly string[]).includes(value ?? '');
}

/** The instant (ISO) a task must be due before to fall in the window, counted from `now`. */
export function dueBefore(window: DueWindow, now: Date): string {
  const days = window === 'today' ? 0 : window === '3d' ? 2 : 6;
  // Midnight WIB at the start of today, then the end of the last day of the window.
  const startOfTodayWib = Math.floor((now.getTime() + WIB_OFFSET_MS) / DAY_MS) * DAY_MS - WIB_OFFSET_MS;
  return new Date(startOfTodayWib + (days + 1) * DAY_MS).toISOString();
}

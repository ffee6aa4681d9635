/**
 * The notification preferences form (GET/PUT /me/notification-preferences) as the page edits it: quiet
 * hours are on or off with a start and end in WIB (HH:mm, may wrap midnight, never equal). Pure.
 */
import type { NotificationPreferences } from '../api/types';
import { parseTimeInput } from '../format/date-input';

export interface PreferencesForm {
  email: boolean;
  webhook: boolean;
  language: 'id' | 'en';
  quiet: boolean;
  start: string;
  end: string;
}

/** Suggested when quiet hours are switched on for the first time. */
export const DEFAULT_QUIET = { start: '21:00', end: '06:00' } as const;

export function formFromPreferences(p: NotificationPreferences): PreferencesForm {
  return {
    email: p.email,
    webhook: p.webhook,
    language: p.language,
    quiet: p.quietHours !== null,
    start: p.quietHours?.start ?? DEFAULT_QUIET.start,
    end: p.quietHours?.end ?? DEFAULT_QUIET.end,
  };
}

export type QuietProblem = 'startFormat' | 'endFormat' | 'same';

/** What is wrong with the quiet hours, per input; empty when fine or switched off. */
export function quietHoursProblems(form: Pick<PreferencesForm, 'quiet' | 'start' | 'end'>): {
  start?: QuietProblem;
  end?: QuietProblem;
} {
  if (!form.quiet) return {};
  const start = parseTimeInput(form.start);
  const end = parseTimeInput(form.end);
  const problems: { start?: QuietProblem; end?: QuietProblem } = {};
  if (start === null) problems.start = 'startFormat';
  if (end === null) problems.end = 'endFormat';
  if (start !== null && start === end) problems.end = 'same';
  return problems;
}

/** The PUT body: quiet hours null when switched off. */
export function preferencesPayload(form: PreferencesForm): Omit<NotificationPreferences, 'addresses'> {
  return {
    email: form.email,
    webhook: form.webhook,
    language: form.language,
    // Typed 21.00 or 7:30, sent as HH:mm (quietHoursProblems has checked them).
    quietHours: form.quiet
      ? {
          start: parseTimeInput(form.start) ?? form.start.trim(),
          end: parseTimeInput(form.end) ?? form.end.trim(),
        }
      : null,
  };
}

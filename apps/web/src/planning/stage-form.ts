/**
 * The check of a year's stage days before they are sent: every day given and real, then the calendar rule of
 * libs/domain (the one the API and the planning workflow judge by). Problems come back by path
 * ('stages.MUSRENBANG_DESA.start'), the same paths as the API's 400. Pure.
 */
import { stageCalendarProblems, type StageCalendar } from '@gotong/domain/planning';
import { isIsoDate } from '../format/date-input';
import { PLANNING_STAGES, calendarFromDays, type StageDays } from './planning-model';
import { parsePlanningProblem, type PlanningProblem } from './problems';

export type DayProblem = PlanningProblem | { field: string; code: 'dayMissing' | 'dayInvalid' };

export function stageDayProblems(year: number, days: StageDays, current?: StageCalendar): DayProblem[] {
  const problems: DayProblem[] = [];
  for (const stage of PLANNING_STAGES) {
    for (const edge of ['start', 'end'] as const) {
      const day = days[stage][edge].trim();
      const field = `stages.${stage}.${edge}`;
      if (day === '') problems.push({ field, code: 'dayMissing' });
      else if (!isIsoDate(day)) problems.push({ field, code: 'dayInvalid' });
    }
  }
  if (problems.length > 0) return problems;
  return stageCalendarProblems(year, calendarFromDays(days, current)).map(parsePlanningProblem);
}

/** Messages by path, worded by `say`. */
export function messagesByPath<P extends { field: string }>(
  problems: readonly P[],
  say: (problem: P) => string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of problems) (out[p.field] ??= []).push(say(p));
  return out;
}

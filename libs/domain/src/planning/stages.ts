/**
 * The stage calendar of one RKPD year (Permendagri 86/2017: Musrenbang desa → Musrenbang kecamatan → Forum
 * Perangkat Daerah / Renja → Musrenbang kabupaten → rancangan akhir and penetapan RKPD). The dates are data per
 * year, entered by BAPPEDA; these rules judge them for the API and the planning workflow alike. Pure.
 */

export const PLANNING_STAGES = [
  'MUSRENBANG_DESA',
  'MUSRENBANG_KECAMATAN',
  'FORUM_PERANGKAT_DAERAH',
  'MUSRENBANG_KABUPATEN',
  'PENETAPAN_RKPD',
] as const;
export type PlanningStage = (typeof PLANNING_STAGES)[number];

export const PLANNING_STAGE_LABELS: Readonly<Record<PlanningStage, string>> = Object.freeze({
  MUSRENBANG_DESA: 'Musrenbang desa',
  MUSRENBANG_KECAMATAN: 'Musrenbang kecamatan',
  FORUM_PERANGKAT_DAERAH: 'Forum Perangkat Daerah (Renja)',
  MUSRENBANG_KABUPATEN: 'Musrenbang kabupaten',
  PENETAPAN_RKPD: 'Rancangan akhir dan penetapan RKPD',
});

/** ISO-8601 instants with an offset ('Z' or '+07:00'). */
export interface StageWindow {
  start: string;
  end: string;
}
export type StageCalendar = Record<PlanningStage, StageWindow>;

/** Before the first stage, one of the stages (the latest that has started), or after the last one ended. */
export type StagePosition = 'BEFORE' | PlanningStage | 'AFTER';

/** The RKPD years the engine accepts. */
export const MIN_PLANNING_YEAR = 2020;
export const MAX_PLANNING_YEAR = 2100;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Western Indonesian Time (WIB, UTC+7): the regency's civil time, without daylight saving. */
const WIB_OFFSET_MS = 7 * 3_600_000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The instant in ms, or null when the text is not an ISO-8601 instant with an offset. */
export function instantMs(text: unknown): number | null {
  if (typeof text !== 'string' || !ISO_INSTANT.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Problems with a year number, named 'year'. */
export function planningYearProblems(year: unknown): string[] {
  if (typeof year !== 'number' || !Number.isInteger(year)) return ['year: must be a whole number'];
  if (year < MIN_PLANNING_YEAR || year > MAX_PLANNING_YEAR) {
    return [`year: must be between ${MIN_PLANNING_YEAR} and ${MAX_PLANNING_YEAR}`];
  }
  return [];
}

/**
 * Problems with a year's stage calendar, each naming its field ('stages.FORUM_PERANGKAT_DAERAH.start: ...').
 * Every stage is given; each starts before it ends; each starts at or after the end of the one before; all of it
 * lies in the calendar year before the RKPD year (WIB), when the RKPD is drawn up.
 */
export function stageCalendarProblems(year: number, stages: unknown): string[] {
  if (!isRecord(stages)) return ['stages: must be an object with one { start, end } per stage'];
  const problems: string[] = [];
  for (const key of Object.keys(stages)) {
    if (!(PLANNING_STAGES as readonly string[]).includes(key)) {
      problems.push(`stages.${key}: is not a stage (${PLANNING_STAGES.join(', ')})`);
    }
  }
  const from = Date.UTC(year - 1, 0, 1) - WIB_OFFSET_MS;
  const until = Date.UTC(year, 0, 1) - WIB_OFFSET_MS;
  let previousEnd: { stage: PlanningStage; ms: number } | null = null;
  for (const stage of PLANNING_STAGES) {
    const window = stages[stage];
    if (!isRecord(window)) {
      problems.push(`stages.${stage}: is required ({ start, end })`);
      previousEnd = null;
      continue;
    }
    for (const key of Object.keys(window)) {
      if (key !== 'start' && key !== 'end') problems.push(`stages.${stage}.${key}: is not start or end`);
    }
    const start = instantMs(window['start']);
    const end = instantMs(window['end']);
    for (const [edge, ms] of [
      ['start', start],
      ['end', end],
    ] as const) {
      if (ms === null) {
        problems.push(
          `stages.${stage}.${edge}: must be an ISO-8601 instant such as 2026-02-01T00:00:00+07:00`,
        );
      } else if (ms < from || ms >= until) {
        problems.push(
          `stages.${stage}.${edge}: must lie in ${year - 1}, the year the RKPD ${year} is drawn up (WIB)`,
        );
      }
    }
    if (start !== null && end !== null && start >= end) {
      problems.push(`stages.${stage}.end: must be after its start`);
    }
    if (start !== null && previousEnd !== null && start < previousEnd.ms) {
      problems.push(`stages.${stage}.start: must not be before the end of ${previousEnd.stage}`);
    }
    previousEnd = end === null ? null : { stage, ms: end };
  }
  return problems;
}

/** The calendar with every instant written in UTC ('...Z'), as stored. Call after stageCalendarProblems. */
export function normalisedStageCalendar(stages: StageCalendar): StageCalendar {
  const out = {} as StageCalendar;
  for (const stage of PLANNING_STAGES) {
    out[stage] = {
      start: new Date(instantMs(stages[stage].start)!).toISOString(),
      end: new Date(instantMs(stages[stage].end)!).toISOString(),
    };
  }
  return out;
}

/** Where the year stands at nowMs: the latest stage that has started, BEFORE or AFTER. */
export function currentStage(stages: StageCalendar, nowMs: number): StagePosition {
  const last = PLANNING_STAGES[PLANNING_STAGES.length - 1]!;
  if (nowMs >= instantMs(stages[last].end)!) return 'AFTER';
  let position: StagePosition = 'BEFORE';
  for (const stage of PLANNING_STAGES) {
    if (nowMs >= instantMs(stages[stage].start)!) position = stage;
  }
  return position;
}

/** When a stage ends (ms). */
export function stageEnd(stages: StageCalendar, stage: PlanningStage): number {
  return instantMs(stages[stage].end)!;
}

/** When a stage starts (ms). */
export function stageStart(stages: StageCalendar, stage: PlanningStage): number {
  return instantMs(stages[stage].start)!;
}

/**
 * Problems with changing a running year's calendar at nowMs: the new calendar must be valid, a date already
 * past stays as it was (what happened, happened), and a changed date must lie in the future.
 */
export function stageChangeProblems(
  year: number,
  current: StageCalendar,
  next: unknown,
  nowMs: number,
): string[] {
  const problems = stageCalendarProblems(year, next);
  if (problems.length > 0) return problems;
  const proposed = next as StageCalendar;
  for (const stage of PLANNING_STAGES) {
    for (const edge of ['start', 'end'] as const) {
      const was = instantMs(current[stage][edge])!;
      const will = instantMs(proposed[stage][edge])!;
      if (was === will) continue;
      if (was <= nowMs) {
        problems.push(`stages.${stage}.${edge}: has passed already and cannot change`);
      } else if (will <= nowMs) {
        problems.push(`stages.${stage}.${edge}: a changed date must lie in the future`);
      }
    }
  }
  return problems;
}

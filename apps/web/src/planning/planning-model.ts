/**
 * The annual planning cycle (RKPD, Permendagri 86/2017) as the web app shows it: the API's answers (GET and POST
 * /planning/…, aliases of the generated `Planning<Operation>Response` schemas like api/types.ts), the stage
 * timeline of a year, the stage dates typed as days, Rupiah, and the leadership figures with the problems first.
 * Pure.
 */
import {
  PLANNING_STAGES,
  type PlanningStage,
  type ProposalStatus,
  type StageCalendar,
  type StagePosition,
} from '@gotong/domain/planning';
import { formatNumber, isoDateWib, type Lang } from '../format/datetime';
import { formatDateInput, isIsoDate } from '../format/date-input';
import type { Schemas } from '../api/types';

export type { PlanningStage, ProposalStatus, StageCalendar, StagePosition };
export { PLANNING_STAGES };

export const PROPOSAL_STATUSES: readonly ProposalStatus[] = [
  'SUBMITTED',
  'UNOWNED',
  'ROUTED',
  'ACCEPTED',
  'PARTLY_ACCEPTED',
  'DECLINED',
];

/** GET /planning/years/:year (the list, the create and the stage change answer the same year). */
export type PlanningYear = Schemas['PlanningGetYearResponse'];
export type YearStatus = PlanningYear['status'];
export type PersonRef = PlanningYear['createdBy'];

/** GET /planning/topics */
export type PlanningTopicView = Schemas['PlanningTopicsResponse'][number];

/** One row of GET /planning/years/:year/proposals */
export type ProposalSummary = Schemas['PlanningListProposalsResponse']['items'][number];
export type KecamatanRef = ProposalSummary['kecamatan'];

/** GET /planning/years/:year/proposals/:id */
export type ProposalDetail = Schemas['PlanningGetProposalResponse'];
export type ProposalDecision = ProposalDetail['decisions'][number];

/** GET /planning/years/:year/overview */
export type PlanningOverview = Schemas['PlanningOverviewResponse'];
export type ProposalFigures = PlanningOverview['totals'];
export type KecamatanFigures = PlanningOverview['perKecamatan'][number];
export type OpdFigures = PlanningOverview['perOpd'][number];

/** An instant as the calendar day in WIB, dd/mm/yyyy (the API gives instants in UTC). */
export function formatDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatDateInput(isoDateWib(date));
}

/** A sum in rupiah: "Rp 150.000.000" (id), "Rp 150,000,000" (en). */
export function formatRupiah(value: number, lang: Lang): string {
  return `Rp ${formatNumber(value, lang, 0)}`;
}

export type StagePhase = 'past' | 'current' | 'future';

export interface StageRow {
  stage: PlanningStage;
  start: string;
  end: string;
  phase: StagePhase;
}

/** The year's stages in order, each marked past, current or still to come (from the API's currentStage). */
export function stageTimeline(stages: StageCalendar, current: StagePosition): StageRow[] {
  const at =
    current === 'BEFORE'
      ? -1
      : current === 'AFTER'
        ? PLANNING_STAGES.length
        : PLANNING_STAGES.indexOf(current);
  return PLANNING_STAGES.map((stage, i) => ({
    stage,
    start: stages[stage].start,
    end: stages[stage].end,
    phase: i < at ? 'past' : i === at ? 'current' : 'future',
  }));
}

/** The stage dates as a form holds them: the ISO day (YYYY-MM-DD, WIB) of each start and end. */
export type StageDays = Record<PlanningStage, { start: string; end: string }>;

export function emptyStageDays(): StageDays {
  return Object.fromEntries(PLANNING_STAGES.map((s) => [s, { start: '', end: '' }])) as StageDays;
}

/** A year's calendar as days in WIB, for editing. */
export function stageDaysOf(stages: StageCalendar): StageDays {
  return Object.fromEntries(
    PLANNING_STAGES.map((s) => [
      s,
      { start: isoDateWib(new Date(stages[s].start)), end: isoDateWib(new Date(stages[s].end)) },
    ]),
  ) as StageDays;
}

/**
 * The calendar to send for the days typed: a stage starts at 00:00 WIB of its first day and ends at 23:59:59 WIB
 * of its last, so that the next stage may begin the day after. A day left as it was keeps the instant the API
 * holds (a date already past may not change at all). Text that is not a day is passed on for the rules to name.
 */
export function calendarFromDays(days: StageDays, current?: StageCalendar): StageCalendar {
  const instant = (stage: PlanningStage, edge: 'start' | 'end'): string => {
    const day = days[stage][edge].trim();
    const was = current?.[stage][edge];
    if (was !== undefined && isoDateWib(new Date(was)) === day) return was;
    if (!isIsoDate(day)) return day;
    return edge === 'start' ? `${day}T00:00:00+07:00` : `${day}T23:59:59+07:00`;
  };
  return Object.fromEntries(
    PLANNING_STAGES.map((s) => [s, { start: instant(s, 'start'), end: instant(s, 'end') }]),
  ) as StageCalendar;
}

/**
 * Stage days for a new RKPD year, as a start to edit: the usual months of Permendagri 86/2017's schedule in the
 * year before (Musrenbang desa in January, kecamatan in February, Forum Perangkat Daerah in March, Musrenbang
 * kabupaten in April, the final draft and its adoption from May to June).
 */
export function suggestedStageDays(year: number): StageDays {
  const y = year - 1;
  return {
    MUSRENBANG_DESA: { start: `${y}-01-02`, end: `${y}-01-31` },
    MUSRENBANG_KECAMATAN: { start: `${y}-02-01`, end: `${y}-02-28` },
    FORUM_PERANGKAT_DAERAH: { start: `${y}-03-01`, end: `${y}-03-31` },
    MUSRENBANG_KABUPATEN: { start: `${y}-04-01`, end: `${y}-04-30` },
    PENETAPAN_RKPD: { start: `${y}-05-02`, end: `${y}-06-30` },
  };
}

/** How pressing a kecamatan's figures are: escalated, then late, unowned and declined proposals. */
function kecamatanPressure(row: ProposalFigures): number[] {
  return [row.escalated, row.late, row.unowned, row.declined + row.partlyAccepted];
}

function opdPressure(row: OpdFigures): number[] {
  return [row.escalated, row.late, row.declined, row.open];
}

function byPressure(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Kecamatan with problems first (escalated, late, unowned, declined), then by name. */
export function sortKecamatanRows(rows: readonly KecamatanFigures[]): KecamatanFigures[] {
  return [...rows].sort(
    (a, b) =>
      byPressure(kecamatanPressure(a), kecamatanPressure(b)) ||
      a.kecamatan.name.localeCompare(b.kecamatan.name),
  );
}

/** OPDs with problems first (escalated, late, declined, still open), then by name. */
export function sortOpdRows(rows: readonly OpdFigures[]): OpdFigures[] {
  return [...rows].sort(
    (a, b) => byPressure(opdPressure(a), opdPressure(b)) || a.agency.name.localeCompare(b.agency.name),
  );
}

/** Whether a row needs attention: something escalated, late, or (for a kecamatan) nobody owns a proposal. */
export function kecamatanNeedsAttention(row: ProposalFigures): boolean {
  return row.escalated > 0 || row.late > 0 || row.unowned > 0;
}

export function opdNeedsAttention(row: OpdFigures): boolean {
  return row.escalated > 0 || row.late > 0;
}

/** "Kecamatan Tiris" → "Tiris" */
export function kecamatanShortName(name: string): string {
  return name.replace(/^Kecamatan\s+/i, '');
}

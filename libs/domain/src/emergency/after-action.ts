/**
 * After-action summary of a closed incident: response times per OPD, sitreps submitted and missed,
 * escalations, unmet resource requests and the final figures.
 */
import { sum } from './collections';
import { type SitrepFigure } from './figures';
import { parseInstant, wholeMinutes, wholeSeconds } from './instants';
import { type SitrepResolution } from './resolutions';
import { type RollUp, rollUpSitreps } from './rollup';
import { incidentTimeline, type TimelineEntry, type TimelineEvent } from './timeline';

export type ResourceRequestStatus =
  'REQUESTED' | 'COMMITTED' | 'SENT' | 'RECEIVED' | 'REFUSED' | 'CANCELLED' | 'PARTIALLY_RECEIVED' | 'CLOSED';

/**
 * Statuses of a request whose need was not met by the end of the incident: still open (requested, committed,
 * sent but not received, partly received) or REFUSED (a refusal leaves the need unmet). RECEIVED is met;
 * CANCELLED was withdrawn and CLOSED was closed by the requester after a partial delivery (the rest no longer
 * needed), so neither is counted.
 */
export const UNMET_REQUEST_STATUSES: readonly ResourceRequestStatus[] = Object.freeze([
  'REQUESTED',
  'COMMITTED',
  'SENT',
  'PARTIALLY_RECEIVED',
  'REFUSED',
] as const);

export interface AfterActionInput {
  declaredAt: string;
  closedAt: string;
  opd: {
    agencyCode: string;
    mobilisedAt: string;
    acknowledgedAt: string | null;
    sitreps: { dueAt: string; submittedAt: string | null }[];
    escalations: number;
  }[];
  requests: {
    id: string;
    fromAgency: string;
    toAgency: string;
    item: string;
    status: ResourceRequestStatus;
  }[];
  figures: readonly SitrepFigure[];
  /** The command's resolutions of sitrep conflicts (absent: none). */
  resolutions?: readonly SitrepResolution[];
  /** The incident's audit events up to closing, for the timeline (absent: an empty timeline). */
  events?: readonly TimelineEvent[];
}

export interface AfterActionSummary {
  durationMinutes: number;
  /** The same durations in whole seconds (the minutes are kept for readers written before). */
  durationSeconds: number;
  opd: {
    agencyCode: string;
    minutesToAcknowledge: number | null;
    minutesToFirstSitrep: number | null;
    secondsToAcknowledge: number | null;
    secondsToFirstSitrep: number | null;
    sitrepsSubmitted: number;
    sitrepsMissed: number;
    escalations: number;
  }[];
  /** Over all OPDs. */
  totals: {
    opdMobilised: number;
    opdAcknowledged: number;
    sitrepsSubmitted: number;
    sitrepsMissed: number;
    escalations: number;
    requests: number;
    unmetRequests: number;
  };
  unmetRequests: AfterActionInput['requests'];
  finalFigures: RollUp;
  /** What happened, in order, with the reasons (incidentTimeline of the events). */
  timeline: TimelineEntry[];
}

/**
 * After-action summary, pure. Durations are whole seconds (`…Seconds`) and, for readers written before,
 * whole minutes rounded down (14 min 59 s → 14); a time before its reference (clock skew) counts as 0. The
 * timeline lists the incident's events in order with their reasons.
 *
 * - minutesToAcknowledge: mobilisation → acknowledgement, null if never acknowledged.
 * - minutesToFirstSitrep: mobilisation → the earliest submitted sitrep, null if none.
 * - sitrepsSubmitted: sitreps with a submittedAt (late ones included); sitrepsMissed: never submitted and due
 *   at or before closing (one due after closing was not yet owed).
 * - unmetRequests: status in UNMET_REQUEST_STATUSES (REFUSED counts as unmet, CANCELLED does not).
 * - finalFigures: rollUpSitreps of every figure.
 */
export function afterActionSummary(input: AfterActionInput): AfterActionSummary {
  const declared = parseInstant(input.declaredAt, 'declaredAt');
  const closed = parseInstant(input.closedAt, 'closedAt');
  if (closed < declared) throw new RangeError('closedAt must not be before declaredAt');

  const opd = input.opd.map((o) => {
    const mobilised = parseInstant(o.mobilisedAt, `${o.agencyCode}.mobilisedAt`);
    const acknowledged =
      o.acknowledgedAt === null ? null : parseInstant(o.acknowledgedAt, `${o.agencyCode}.acknowledgedAt`);
    let firstSitrep: number | null = null;
    let submitted = 0;
    let missed = 0;
    for (const sitrep of o.sitreps) {
      if (sitrep.submittedAt !== null) {
        const at = parseInstant(sitrep.submittedAt, `${o.agencyCode}.sitreps.submittedAt`);
        submitted += 1;
        if (firstSitrep === null || at < firstSitrep) firstSitrep = at;
      } else if (parseInstant(sitrep.dueAt, `${o.agencyCode}.sitreps.dueAt`) <= closed) {
        missed += 1;
      }
    }
    return {
      agencyCode: o.agencyCode,
      minutesToAcknowledge: acknowledged === null ? null : wholeMinutes(acknowledged - mobilised),
      minutesToFirstSitrep: firstSitrep === null ? null : wholeMinutes(firstSitrep - mobilised),
      secondsToAcknowledge: acknowledged === null ? null : wholeSeconds(acknowledged - mobilised),
      secondsToFirstSitrep: firstSitrep === null ? null : wholeSeconds(firstSitrep - mobilised),
      sitrepsSubmitted: submitted,
      sitrepsMissed: missed,
      escalations: o.escalations,
    };
  });

  const unmetRequests = input.requests
    .filter((r) => UNMET_REQUEST_STATUSES.includes(r.status))
    .map((r) => ({ ...r }));

  return {
    durationMinutes: wholeMinutes(closed - declared),
    durationSeconds: wholeSeconds(closed - declared),
    opd,
    totals: {
      opdMobilised: opd.length,
      opdAcknowledged: opd.filter((o) => o.minutesToAcknowledge !== null).length,
      sitrepsSubmitted: sum(opd.map((o) => o.sitrepsSubmitted)),
      sitrepsMissed: sum(opd.map((o) => o.sitrepsMissed)),
      escalations: sum(opd.map((o) => o.escalations)),
      requests: input.requests.length,
      unmetRequests: unmetRequests.length,
    },
    unmetRequests,
    finalFigures: rollUpSitreps(input.figures, input.resolutions ?? []),
    timeline: incidentTimeline(input.events ?? []),
  };
}

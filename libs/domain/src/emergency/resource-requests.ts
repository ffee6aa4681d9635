/**
 * What a resource request says besides the item and quantity (where to, by when, a note), and the detail of
 * its audit events. Pure.
 */
import { parseInstant } from './instants';

export interface ResourceRequestDetails {
  /** Where the resources go (a posko, a balai desa). */
  destination?: string | null;
  /** When the requester needs them (ISO-8601 with offset). */
  neededBy?: string | null;
  note?: string | null;
}

const TEXT_MAX = { destination: 200, note: 1000 } as const;

/** Every problem of a request's details, each naming its field; all three are optional. */
export function resourceRequestDetailProblems(details: {
  destination?: unknown;
  neededBy?: unknown;
  note?: unknown;
}): string[] {
  const problems: string[] = [];
  for (const field of ['destination', 'note'] as const) {
    const value = details[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') problems.push(`${field}: must be text`);
    else if (value.trim().length > TEXT_MAX[field])
      problems.push(`${field}: at most ${TEXT_MAX[field]} characters`);
  }
  if (details.neededBy !== undefined && details.neededBy !== null) {
    try {
      if (typeof details.neededBy !== 'string') throw new RangeError('not text');
      parseInstant(details.neededBy, 'neededBy');
    } catch {
      problems.push('neededBy: must be an instant with its offset, e.g. 2026-12-07T15:00:00+07:00');
    }
  }
  return problems;
}

/** The details as stored: trimmed, blank ones left out (null). */
export function normalisedDetails(details: ResourceRequestDetails): Required<ResourceRequestDetails> {
  const text = (v: string | null | undefined) => (v?.trim() ? v.trim() : null);
  return {
    destination: text(details.destination),
    neededBy: details.neededBy ? new Date(parseInstant(details.neededBy, 'neededBy')).toISOString() : null,
    note: text(details.note),
  };
}

/**
 * The detail of a request's `RESOURCE_<status>` audit event, for the notifications planned from it: who asks
 * (`requestingAgencyId`) and who provides (`providingAgencyId`), the item, the quantities known so far
 * (requested, committed, sent, received; null until that step), the status, the reason or note of the step,
 * and where and by when.
 */
export function resourceRequestAuditDetail(request: {
  status: string;
  fromAgencyId: string;
  toAgencyId: string;
  item: string;
  unit: string;
  quantity: number;
  quantityCommitted?: number | null;
  quantitySent?: number | null;
  quantityReceived?: number | null;
  reason: string | null;
  destination?: string | null;
  neededBy?: string | null;
}): Record<string, unknown> {
  return {
    status: request.status,
    requestingAgencyId: request.fromAgencyId,
    providingAgencyId: request.toAgencyId,
    item: request.item,
    unit: request.unit,
    quantity: request.quantity,
    quantities: {
      requested: request.quantity,
      committed: request.quantityCommitted ?? null,
      sent: request.quantitySent ?? null,
      received: request.quantityReceived ?? null,
    },
    reason: request.reason,
    destination: request.destination ?? null,
    neededBy: request.neededBy ?? null,
  };
}

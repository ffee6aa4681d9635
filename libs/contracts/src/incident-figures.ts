import type { Actor } from '@gotong/domain/roles';

/**
 * Publishing an incident's sitrep figures after it closes (POST /data/incidents/:id/publish): each run is one
 * call; the data make it idempotent (a second run finds no held figure and publishes nothing new).
 */
export function incidentFiguresWorkflowId(incidentId: string, publicationId: string): string {
  return `data-incident-figures-${incidentId}-${publicationId}`;
}

/** The incident named does not exist (the API answers 404). */
export const INCIDENT_NOT_FOUND = 'IncidentNotFound';
/** The incident is still open: its sitrep figures stay held (the API answers 409). */
export const INCIDENT_STILL_OPEN = 'IncidentStillOpen';

export interface IncidentFiguresInput {
  incidentId: string;
  publicationId: string;
  actor: Actor;
}

export interface IncidentFiguresPublication {
  incidentId: string;
  /** Held sitrep figures released by this call (each OPD's latest per indicator, desa and period). */
  released: number;
  /** Keys published or confirmed by this call. */
  published: number;
  /** Conflicts open for the keys (gathered into the incident's one reconciliation). */
  conflicts: string[];
  reconciliationId: string | null;
}

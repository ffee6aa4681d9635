/**
 * What the incident and resource-request workflows are given and answer.
 */
import type { Sla, WorkCalendar } from '@gotong/domain/calendar';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import type { EscalationPolicy } from '@gotong/domain/template';

/** The workflow id of an incident declared before readable ids; readers take the id from `Incident.workflowId`. */
export function incidentWorkflowId(incidentId: string): string {
  return `incident-${incidentId}`;
}

/**
 * The workflow id of an incident the API declares: `incident-<year>-<type>-<8 hex>`, e.g.
 * `incident-2026-banjir-3f2a1b9c` (the year of the declaration in WIB, the incident type's code, normally the
 * incident id's short key). Stored on the incident's row, where every reader takes it from.
 */
export function readableIncidentWorkflowId(year: number, type: string, key: string): string {
  return `incident-${year}-${type}-${key}`;
}

export function resourceRequestWorkflowId(requestId: string): string {
  return `resource-request-${requestId}`;
}

export type IncidentStatus = 'SIAGA_DARURAT' | 'TANGGAP_DARURAT' | 'TRANSISI_DARURAT' | 'CLOSED';

export interface MobilisedAgency {
  agencyId: string;
  agencyCode: string;
  clusters: string[];
}

export interface IncidentInput {
  incidentId: string;
  projectId: string;
  title: string;
  description: string | null;
  type: string;
  severity: 'RINGAN' | 'SEDANG' | 'BERAT';
  status: IncidentStatus;
  declaredBy: Actor;
  /** The command OPD (BPBD): with leadership, it changes status, mobilises and assigns. */
  commandAgencyId: string;
  affectedKecamatan: string[];
  affectedDesa: string[];
  mobilised: MobilisedAgency[];
  acknowledgeWithin: Sla;
  sitrepEvery: Sla;
  escalation: EscalationPolicy;
  acknowledgementForm: FormSchema;
  sitrepForm: FormSchema;
  calendar: WorkCalendar;
  continueAsNewAfterEvents?: number;
  carried?: IncidentCarriedState;
}

export interface IncidentAgencyState extends MobilisedAgency {
  mobilisedAt: number;
  released: boolean;
  acknowledged: boolean;
  sitrepsStarted: number;
}

export interface IncidentCarriedState {
  status: IncidentStatus;
  agencies: IncidentAgencyState[];
  /** Workflow ids of tasks and requests still open, cancelled when the incident closes. */
  open: string[];
  /** workflowId → agencyId of open tasks (absent in runs carried before it existed). */
  openOwners?: Record<string, string>;
  runs: number;
  taskSeq: number;
}

export interface IncidentSnapshot {
  incidentId: string;
  status: IncidentStatus;
  agencies: IncidentAgencyState[];
  openWork: number;
  runs: number;
}

export interface ResourceRequestInput {
  requestId: string;
  incidentId: string;
  projectId: string;
  incidentWorkflowId: string;
  lead: Actor;
  requestedBy: Actor;
  from: { agencyId: string; agencyCode: string };
  to: { agencyId: string; agencyCode: string };
  item: string;
  quantity: number;
  unit: string;
  respondWithin: Sla;
  deliverWithin: Sla;
  escalation: EscalationPolicy;
  calendar: WorkCalendar;
  /** Where the resources are needed (a posko, a desa), when by, and a note; absent in older requests. */
  destination?: string;
  neededBy?: string;
  note?: string;
}

export type ResourceRequestStatus =
  'REQUESTED' | 'COMMITTED' | 'SENT' | 'RECEIVED' | 'REFUSED' | 'CANCELLED' | 'PARTIALLY_RECEIVED' | 'CLOSED';

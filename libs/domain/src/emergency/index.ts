/**
 * Emergency response (tanggap darurat) as data and pure rules: incident types, the BNPB-style response matrix
 * (incident type → clusters → OPDs), the per-severity acknowledgement/sitrep/escalation policy, the incident
 * status lifecycle, the acknowledgement and sitrep forms, the sitrep roll-up desa → kecamatan → kabupaten
 * with conflict detection between OPDs, and the after-action summary. One file per concern; this index is
 * the public face, imported as `@gotong/domain/emergency`.
 *
 * Pure and deterministic so that Temporal workflow code can import it: no I/O, no clock, no randomness, no
 * Node built-ins. Instants are ISO-8601 strings with an explicit offset ('Z' or '+07:00'); a string without
 * one is refused because its meaning would depend on the machine's time zone.
 */
export { INCIDENT_TYPES, type IncidentType, isIncidentType } from './incident-types';
export { SEVERITIES, SEVERITY_LABELS, SEVERITY_POLICY, type Severity, isSeverity } from './severity';
export {
  CLUSTERS,
  CLUSTER_LABELS,
  COMMAND_AGENCY,
  type Cluster,
  KECAMATAN_AGENCY_PREFIX,
  RESPONSE_MATRIX,
  isKecamatanAgencyCode,
  mobilisationFor,
} from './response-matrix';
export {
  INCIDENT_STATUSES,
  INCIDENT_STATUS_LABELS,
  type IncidentStatus,
  isIncidentStatus,
  statusTransitionRefusal,
} from './status';
export {
  CORRECTION_REASON_MAX,
  type SitrepCorrectionCheck,
  checkSitrepCorrection,
  correctableSitrepRefusal,
  correctsSitrepOf,
  reasonProblem,
} from './corrections';
export { TIMELINE_ACTIONS, type TimelineEntry, type TimelineEvent, incidentTimeline } from './timeline';
export {
  type ResolutionRequest,
  type SitrepResolution,
  resolutionProblems,
  resolvedValue,
} from './resolutions';
export { type SitrepConflict } from './conflicts';
export {
  type AcknowledgementTask,
  acknowledgementKey,
  acknowledgementState,
  agencyOfAcknowledgementKey,
  isReady,
} from './acknowledgement';
export {
  type ResourceRequestDetails,
  normalisedDetails,
  resourceRequestAuditDetail,
  resourceRequestDetailProblems,
} from './resource-requests';
export { SITREP_DUTY, SITREP_LADDER, owesSitreps, sitrepLadder } from './sitrep-duty';
export { ACKNOWLEDGEMENT_FORM, SITREP_FIELDS, SITREP_FORM } from './forms';
export { type SitrepFigure, figuresAsOf, kecamatanOf, sitrepFigures } from './figures';
export { type RollUp, rollUpSitreps } from './rollup';
export {
  type AfterActionInput,
  type AfterActionSummary,
  type ResourceRequestStatus,
  UNMET_REQUEST_STATUSES,
  afterActionSummary,
} from './after-action';
export { parseInstant } from './instants';

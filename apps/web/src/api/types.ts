/** The API's answers as the app reads them (see /docs/json). Domain types come from libs/domain. */
import type {
  Cluster,
  IncidentStatus,
  IncidentType,
  ResourceRequestStatus,
  RollUp,
  Severity,
} from '@gotong/domain/emergency';
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Role } from '@gotong/domain/roles';
import type { OpdScorecard } from '@gotong/domain/scorecard';
import type { TaskState } from '@gotong/domain/task-rules';
import type { TemplateCategory, TemplateParameter } from '@gotong/domain/template';

export type { Role, TaskState, OpdScorecard, FormSchema, TemplateParameter, TemplateCategory };
export type { Cluster, IncidentStatus, IncidentType, ResourceRequestStatus, RollUp, Severity };

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
  /** Signed in with a one-time password: the app offers nothing but choosing one's own password. */
  mustChangePassword?: boolean;
}

export interface LoginResult {
  accessToken: string;
  /** Seconds until the token expires (POST /auth/refresh before then). */
  expiresIn: number;
  expiresAt: string;
  user: SessionUser;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface AgencyRef {
  code: string;
  name: string;
}

export interface PersonRef {
  id: string;
  fullName: string;
}

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED' | 'RESOLVED';

export interface Task {
  id: string;
  stepKey: string | null;
  title: string;
  instructions: string | null;
  form: FormSchema | null;
  status: TaskState;
  dueAt: string;
  escalationLevel: number;
  reassignmentCount: number;
  deadlineExtended: boolean;
  completedAt: string | null;
  createdAt: string;
  agency: AgencyRef;
  assignee: PersonRef | null;
  project: { id: string; title: string; status: ProjectStatus };
  completedBy: PersonRef | null;
}

export interface AuditEvent {
  id: string;
  action: string;
  taskId?: string | null;
  detail: Record<string, unknown>;
  occurredAt: string;
  actorUser: PersonRef | null;
  actorAgency: AgencyRef | null;
}

export interface Contribution {
  id: string;
  version: number;
  status: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  values: Record<string, unknown>;
  submittedAt: string;
  reviewNote: string | null;
  reviewedAt: string | null;
  submittedBy: PersonRef;
  reviewedBy: PersonRef | null;
}

export interface ProjectSummary {
  id: string;
  title: string;
  description: string | null;
  status: ProjectStatus;
  createdAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  leadUser: PersonRef;
  leadAgency: AgencyRef;
  template: { code: string; version: number; name: string } | null;
}

export type StepStatus = TaskState | 'WAITING' | 'NOT_STARTED';

export interface ProjectStep {
  key: string;
  title: string;
  dependsOn: string[];
  plannedAgency: string;
  sla: { amount: number; unit: string };
  status: StepStatus;
  late: boolean;
  task: {
    id: string;
    title: string;
    status: TaskState;
    dueAt: string;
    escalationLevel: number;
    reassignmentCount: number;
    completedAt: string | null;
    agency: AgencyRef;
  } | null;
}

export interface ProjectDetail extends ProjectSummary {
  parameters: Record<string, string>;
  cancelReason: string | null;
  /** Set when the project ended RESOLVED: who decided (their OPD) and why. */
  resolution?: { reason: string | null; at: string; agency: AgencyRef | null } | null;
  steps: ProjectStep[];
  participants: { addedAt: string; agency: AgencyRef }[];
}

export interface TemplateSummary {
  id: string;
  code: string;
  version: number;
  name: string;
  description: string;
  category: TemplateCategory;
}

export interface TemplateDetail extends TemplateSummary {
  definition: { parameters: TemplateParameter[]; steps: { key: string; title: string }[] };
}

export interface Agency {
  id: string;
  code: string;
  name: string;
  kind: string;
  areaCode: string | null;
  /** GET /agencies lists active OPDs only, unless an admin asks for includeInactive=true. */
  active?: boolean;
}

/** Said beside a start or assignment (`warnings`): an OPD with nobody to work it, or a deactivated one left out. */
export interface CoverageWarning {
  code: 'AGENCY_UNCOVERED' | 'AGENCY_INACTIVE';
  agencyCode: string;
  agencyName: string;
  message: string;
}

/** GET /agencies/coverage: the OPDs nobody works for, with the work each owes. */
export interface CoverageReport {
  scope: 'REGENCY' | 'OWN_OPD' | 'LEAD_PROJECTS';
  checked: number;
  uncovered: {
    code: string;
    name: string;
    kind: string;
    openTasks: number;
    overdueTasks: number;
    openEscalations: number;
  }[];
}

export type EscalationStatus = 'OPEN' | 'ANSWERED' | 'SUPERSEDED' | 'RESOLVED';

export interface Escalation {
  id: string;
  level: number;
  status: EscalationStatus;
  repeats: number;
  openedAt: string;
  instruction: string | null;
  answeredAt: string | null;
  answeredBy: { fullName: string } | null;
  agency: AgencyRef;
  task: { id: string; title: string; status: TaskState; dueAt: string; reassignmentCount: number };
  project: { id: string; title: string };
  ageMinutes: number;
  /** Whether the signed-in user (or a post they stand in for) answers it: the server's rule (permissions.ts). */
  mayAnswer: boolean;
}

export interface EscalationBoard {
  byLevel: Record<string, number>;
  items: Escalation[];
}

export interface Scorecards {
  from: string;
  to: string;
  opd: OpdScorecard[];
}

export interface Notification {
  id: string;
  kind: string;
  urgent: boolean;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage extends Page<Notification> {
  unread: number;
}

export type PublicationBasis = 'SINGLE' | 'CONCORDANT' | 'RECONCILED';

export interface PublishedFigure {
  indicator: { code: string; version: number; name: string; unit: string | null };
  areaCode: string;
  period: string;
  breakdown: string;
  value: number;
  basis: PublicationBasis;
  publishedAt: string;
  disputed: boolean;
  sources: { agency?: AgencyRef; value: number }[];
}

export interface IncidentSummary {
  id: string;
  title: string;
  type: IncidentType;
  severity: Severity;
  status: IncidentStatus;
  affectedKecamatan: string[];
  declaredAt: string;
  closedAt: string | null;
  projectId: string;
}

export interface IncidentAgency {
  code: string;
  name: string;
  /** No active staff or Kepala account: nobody sees its tasks in an inbox. */
  uncovered?: boolean;
  clusters: Cluster[];
  mobilisedAt: string;
  releasedAt: string | null;
  acknowledgement: {
    taskId: string;
    status: TaskState;
    dueAt: string;
    acknowledgedAt: string | null;
    late: boolean;
  } | null;
  sitreps: {
    submitted: number;
    overdue: number;
    latestAt: string | null;
    current: { taskId: string; dueAt: string; title: string }[];
  };
  openEscalations: number;
  highestEscalationLevel: number;
}

export interface ResourceRequest {
  id: string;
  item: string;
  quantity: number;
  unit: string;
  status: ResourceRequestStatus;
  reason: string | null;
  requestedAt: string;
  updatedAt: string;
  fromAgency: { code: string };
  toAgency: { code: string };
}

export interface IncidentDashboard extends IncidentSummary {
  description: string;
  affectedDesa: string[];
  declaredById: string;
  statusChanges: {
    fromStatus: IncidentStatus | null;
    toStatus: IncidentStatus;
    reason: string | null;
    at: string;
    byUserId: string;
  }[];
  agencies: IncidentAgency[];
  requests: ResourceRequest[];
  openRequests: ResourceRequest[];
  rollUp: RollUp;
  tasks: { id: string; title: string; status: TaskState; dueAt: string; completedAt: string | null }[];
}

export interface NotificationPreferences {
  email: boolean;
  webhook: boolean;
  language: 'id' | 'en';
  quietHours: { start: string; end: string } | null;
  addresses: { email: string | null; phone: string | null };
}

export type { IndicatorStandard, Periodicity } from '@gotong/domain/data-standard';

export interface IndicatorSummary extends IndicatorStandard {
  version: number;
  createdAt: string;
}

export interface IndicatorDetail extends IndicatorStandard {
  version: number;
  versions: { version: number; createdAt: string }[];
}

export interface DataRequestRow {
  id: string;
  projectId: string;
  title: string;
  period: string;
  areas: string[];
  indicators: { code: string; version: number }[];
  createdAt: string;
  status: ProjectStatus | 'STARTING';
}

export interface DataConflict {
  id: string;
  indicatorCode: string;
  areaCode: string;
  period: string;
  breakdown: string;
  status: 'OPEN' | 'RESOLVED';
  projectId: string | null;
  openedAt: string;
  agreedValue: number | null;
  reasoning: string | null;
  resolvedAt: string | null;
  values: {
    id: string;
    agency?: AgencyRef;
    value: number;
    status: string;
    taskId: string | null;
    verifiedAt: string | null;
  }[];
}

export interface DataOverview {
  completeness: {
    indicator: string;
    agency: string;
    period: string;
    requestId: string;
    expected: number;
    verified: number;
    percent: number;
  }[];
  openConflicts: Omit<DataConflict, 'values'>[];
  overdueRequests: {
    requestId: string;
    taskId: string;
    title: string;
    agency: string;
    dueAt: string;
    status: TaskState;
  }[];
}

/** Someone in a figure's provenance: OPD and role (the name only for WALIDATA/ADMIN, never on the open API). */
export interface ProvenancePerson {
  role: Role | null;
  agency: string | null;
  name?: string;
}

/** A published figure as the open data API gives it (GET /public/data/figures). */
export interface PublicFigure {
  indicator: { code: string; version: number; name: string; unit: string | null };
  areaCode: string;
  areaName: string | null;
  kecamatan: { code: string; name: string } | null;
  period: string;
  breakdown: string;
  value: number;
  basis: PublicationBasis;
  publishedAt: string;
  disputed: boolean;
  sources: {
    agency: AgencyRef | null;
    value: number;
    submittedBy: ProvenancePerson | null;
    verifiedBy: ProvenancePerson | null;
  }[];
}

/** A kecamatan or kabupaten total of a count (`totals` of the published figures). */
export interface PublicTotal {
  indicator: { code: string; name: string; unit: string | null };
  period: string;
  breakdown: string;
  level: 'KECAMATAN' | 'KABUPATEN';
  areaCode: string;
  areaName: string | null;
  value: number;
  areasCounted: number;
  areasTotal: number;
  complete: boolean;
}

/** One page of published figures: `nextPage` is null on the last. */
export interface PublicFigurePage {
  items: PublicFigure[];
  total: number;
  page: number;
  pageSize: number;
  nextPage: number | null;
  totals: PublicTotal[];
}

/** An indicator with published figures (GET /public/data/indicators). */
export interface PublicIndicator {
  code: string;
  name: string;
  definition: string | null;
  unit: string | null;
  metadata: { source: string; method: string; contact: string } | null;
  periods: { period: string; figures: number }[];
}

/** An incident whose sitrep figures are held (GET /data/incidents/held): publishable once closed. */
export interface HeldIncidentFigures {
  id: string;
  projectId: string;
  title: string;
  status: IncidentStatus;
  kecamatan: { code: string; name: string }[];
  declaredAt: string;
  closedAt: string | null;
  heldFigures: number;
  indicators: string[];
  publishable: boolean;
}

/** What POST /data/incidents/:id/publish released and published, and the reconciliation it opened. */
export interface IncidentFiguresPublication {
  incidentId: string;
  released: number;
  published: number;
  conflicts: string[];
  reconciliationId: string | null;
}

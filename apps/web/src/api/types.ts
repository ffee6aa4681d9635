/**
 * The API's answers as the app reads them: aliases of the types generated from the OpenAPI document
 * (schema.d.ts, `npm run openapi:types`; test/openapi.spec.ts fails when it is stale). Each success body is
 * the component `<OperationId>Response` (GET /tasks/{id} is `tasksGet` → TasksGetResponse). The only
 * hand-written parts (Refine) are what the document types more loosely than libs/domain: the JSON columns
 * (a task's form, a contribution's values, a template's definition, an audit event's detail) and a few
 * columns stored as text whose values are a domain type (a role, an incident's type, a step's status).
 */
import type {
  Cluster,
  IncidentStatus,
  IncidentType,
  ResourceRequestStatus,
  RollUp,
  Severity,
} from '@gotong/domain/emergency';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Role } from '@gotong/domain/roles';
import type { OpdScorecard } from '@gotong/domain/scorecard';
import type { TaskState } from '@gotong/domain/task-rules';
import type { TemplateCategory, TemplateParameter } from '@gotong/domain/template';
import type { components } from './schema';

export type { Role, TaskState, OpdScorecard, FormSchema, TemplateParameter, TemplateCategory };
export type { Cluster, IncidentStatus, IncidentType, ResourceRequestStatus, RollUp, Severity };
export type { IndicatorStandard, Periodicity } from '@gotong/domain/data-standard';

/** The generated component schemas (success bodies by operation, the error body, request DTOs). */
export type Schemas = components['schemas'];
/** The body of every error answer (4xx, 5xx). */
export type ErrorBody = Schemas['ErrorResponseDto'];

/** Replaces the JSON columns of T (typed `unknown` by the document) with their domain shapes. */
type Refine<T, Columns> = Omit<T, keyof Columns> & Columns;

export type SessionUser = Refine<Schemas['AuthLoginResponse']['user'], { role: Role }>;
export type LoginResult = Refine<Schemas['AuthLoginResponse'], { user: SessionUser }>;

/** A page of a list (the list endpoints answer `{ items, page, pageSize, total }`). */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export type AgencyRef = Schemas['TasksGetResponse']['agency'];
export type PersonRef = NonNullable<Schemas['TasksGetResponse']['assignee']>;

export type ProjectStatus = Schemas['ProjectsGetResponse']['status'];

export type Task = Refine<Schemas['TasksGetResponse'], { form: FormSchema | null }>;

export type AuditEvent = Refine<
  Schemas['ProjectsAuditResponse'][number],
  { detail: Record<string, unknown> }
>;

export type Contribution = Refine<
  Schemas['TasksContributionsResponse'][number],
  { values: Record<string, unknown> }
>;

export type ProjectSummary = Schemas['ProjectsListResponse']['items'][number];
export type StepStatus = TaskState | 'WAITING' | 'NOT_STARTED';
export type ProjectStep = Refine<Schemas['ProjectsGetResponse']['steps'][number], { status: StepStatus }>;
export type ProjectDetail = Refine<
  Schemas['ProjectsGetResponse'],
  { parameters: Record<string, string>; steps: ProjectStep[] }
>;

export type TemplateSummary = Schemas['TemplatesListResponse'][number];
export type TemplateDetail = Refine<
  Schemas['TemplatesGetResponse'],
  { definition: { parameters: TemplateParameter[]; steps: { key: string; title: string }[] } }
>;

export type Agency = Schemas['AgenciesListResponse'][number];

/** Said beside a start or assignment (`warnings`): an OPD with nobody to work it, or a deactivated one left out. */
export type CoverageWarning = Schemas['ProjectsCreateResponse']['warnings'][number];

/** GET /agencies/coverage: the OPDs nobody works for, with the work each owes. */
export type CoverageReport = Schemas['AgenciesCoverageReportResponse'];

export type EscalationBoard = Schemas['EscalationsBoardResponse'];
export type Escalation = EscalationBoard['items'][number];
export type EscalationStatus = Escalation['status'];

export type Scorecards = Schemas['ScorecardsGetResponse'];

export type NotificationPage = Schemas['NotificationsListResponse'];
export type Notification = NotificationPage['items'][number];

export type PublishedFigure = Schemas['PublishedDataListResponse']['items'][number];
export type PublicationBasis = PublishedFigure['basis'];

export type IncidentSummary = Refine<
  Schemas['IncidentsListResponse']['items'][number],
  { type: IncidentType }
>;
export type IncidentAgency = Refine<
  Schemas['IncidentsDashboardResponse']['agencies'][number],
  { clusters: Cluster[] }
>;
export type IncidentDashboard = Refine<
  Schemas['IncidentsDashboardResponse'],
  { type: IncidentType; agencies: IncidentAgency[] }
>;
export type ResourceRequest = IncidentDashboard['requests'][number];

export type NotificationPreferences = Schemas['NotificationsPreferencesResponse'];

export type IndicatorSummary = Schemas['DataIndicatorsResponse'][number];
export type IndicatorDetail = Schemas['DataIndicatorResponse'];

export type DataRequestRow = Refine<
  Schemas['DataRequestsResponse'][number],
  { indicators: { code: string; version: number }[]; status: ProjectStatus | 'STARTING' }
>;
export type DataConflict = Schemas['DataConflictsResponse'][number];
export type DataOverview = Schemas['DataOverviewResponse'];

/** A published figure as the open data API gives it (GET /public/data/figures). */
export type PublicFigurePage = Schemas['PublicDataFiguresResponse'];
export type PublicFigure = PublicFigurePage['items'][number];
/** A kecamatan or kabupaten total of a count (`totals` of the published figures). */
export type PublicTotal = PublicFigurePage['totals'][number];
/** Someone in a figure's provenance: OPD and role (the name only for WALIDATA/ADMIN, never on the open API). */
export type ProvenancePerson = NonNullable<PublicFigure['sources'][number]['submittedBy']>;

/** An indicator with published figures (GET /public/data/indicators). */
export type PublicIndicator = Schemas['PublicDataIndicatorsResponse'][number];

/** An incident whose sitrep figures are held (GET /data/incidents/held): publishable once closed. */
export type HeldIncidentFigures = Refine<
  Schemas['IncidentFiguresHeldResponse'][number],
  { status: IncidentStatus }
>;

/** What POST /data/incidents/:id/publish released and published, and the reconciliation it opened. */
export type IncidentFiguresPublication = Schemas['IncidentFiguresPublishResponse'];

/** The working calendar (GET /calendar): time zone, office hours per ISO weekday, holidays. */
export type WorkingCalendar = Schemas['CalendarCalendarResponse'];
export type Holiday = WorkingCalendar['holidays'][number];

/** An email or webhook delivery (GET /admin/notification-deliveries; DEAD ones are the dead letters). */
export type DeliveryPage = Schemas['NotificationsDeliveriesResponse'];
export type Delivery = DeliveryPage['items'][number];

/** A submission waiting for the lead's review (GET /reviews, "Perlu ditinjau"). */
export type ReviewItem = Schemas['TasksReviewsResponse']['items'][number];

/** Someone of the task's OPD it can be handed to (GET /tasks/:id/handover-candidates). */
export type HandoverCandidate = Schemas['TasksHandoverCandidatesResponse'][number];

/** The API's answers as the app reads them (see /docs/json). Domain types come from libs/domain. */
import type { FormSchema } from '../../../../libs/domain/src/form-schema';
import type { Role } from '../../../../libs/domain/src/roles';
import type { OpdScorecard } from '../../../../libs/domain/src/scorecard';
import type { TaskState } from '../../../../libs/domain/src/task-rules';
import type { TemplateCategory, TemplateParameter } from '../../../../libs/domain/src/template';

export type { Role, TaskState, OpdScorecard, FormSchema, TemplateParameter, TemplateCategory };

export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  role: Role;
  agencyCode: string;
  agencyName: string;
}

export interface LoginResult {
  accessToken: string;
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

export type ProjectStatus = 'ACTIVE' | 'COMPLETED' | 'CANCELLED';

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

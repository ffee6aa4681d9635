/**
 * The citizen-report API's answers as the web app reads them (the contract of apps/api/src/citizen). Written by
 * hand until schema.d.ts is regenerated with the citizen routes; then these become aliases of the generated
 * `<OperationId>Response` schemas like api/types.ts. Statuses and reasons are the domain's own types.
 */
import type { CitizenReportStatus, RejectionReason } from '@gotong/domain/citizen/rules';
import type { ProjectStatus } from '../api/types';

export type { CitizenReportStatus, RejectionReason };

export interface Bilingual {
  id: string;
  en: string;
}

/** GET /public/reports/categories */
export interface PublicCategory {
  code: string;
  label: Bilingual;
  agencyCode: string;
  agencyName: string;
  suggestedTemplateCode: string | null;
  firstResponseSla: { amount: number; unit: string };
}

/** GET /public/reports/challenge */
export interface Challenge {
  token: string;
  question: string;
  questionEn: string;
  expiresAt: string;
}

/** POST /public/reports */
export interface FiledReport {
  trackingNumber: string;
  status: CitizenReportStatus;
  firstResponseDueAt: string;
}

export interface PublicAnswer {
  text: string;
  agencyName: string;
  at: string;
  final: boolean;
}

export interface ProjectProgress {
  status: ProjectStatus;
  tasksTotal: number;
  tasksDone: number;
}

/** GET /public/reports/:trackingNumber (never the reporter's name or contact, nor internal notes). */
export interface PublicReport {
  trackingNumber: string;
  category: string;
  categoryLabel: Bilingual;
  desaCode: string;
  desaName: string;
  kecamatanName: string;
  description: string;
  hasPhoto: boolean;
  status: CitizenReportStatus;
  receivedAt: string;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  handlingAgency: { code: string; name: string };
  answers: PublicAnswer[];
  rejection: { reason: RejectionReason } | null;
  project: ProjectProgress | null;
}

/** One row of GET /citizen-reports. */
export interface DeskReportRow {
  id: string;
  trackingNumber: string;
  category: string;
  desaCode: string;
  desaName: string;
  status: CitizenReportStatus;
  handlingAgency: { code: string; name: string };
  receivedAt: string;
  firstResponseDueAt: string;
  firstRespondedAt: string | null;
  overdue: boolean;
  projectId: string | null;
}

export interface DeskReportPage {
  items: DeskReportRow[];
  total: number;
  page: number;
  pageSize: number;
  nextPage: number | null;
}

/** GET /citizen-reports/:id: the public view plus what those handling it see. */
export interface DeskReport extends PublicReport {
  id: string;
  workflowId: string;
  /** Null for whoever does not handle it (e.g. leadership): piiVisible is then false. */
  reporter: { name: string | null; contact: string | null } | null;
  piiVisible: boolean;
  internalNotes: { text: string; by: string; at: string }[];
  projectId: string | null;
  photo: { mediaType: string; sizeBytes: number } | null;
}

/** GET /public/transparency */
export interface TransparencyAgency {
  code: string;
  name: string;
  citizenReports: {
    received: number;
    responded: number;
    respondedOnTime: number;
    onTimeRate: number | null;
    open: number;
    overdue: number;
  };
  jointWork: {
    tasksCompleted: number;
    tasksOnTime: number;
    onTimeRate: number | null;
    projectsCompleted: number;
  };
}

export interface Transparency {
  generatedAt: string;
  period: { from: string; to: string };
  agencies: TransparencyAgency[];
}

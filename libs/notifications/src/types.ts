/**
 * Contracts of the notification system, shared by the producers (activities write
 * outbox rows), apps/notifier (recipients, channels, digest) and the API (inbox,
 * preferences). Pure types: no I/O.
 */

export type Language = 'id' | 'en';
export const LANGUAGES: readonly Language[] = ['id', 'en'];

/** What happened, as the recipient reads it. Every kind has an Indonesian and an English text. */
export type NotificationMessage =
  | { kind: 'TASK_ASSIGNED'; taskTitle: string; projectTitle: string; agencyName: string; dueAt: string }
  | { kind: 'TASK_REMINDER'; taskTitle: string; projectTitle: string; percentOfSla: number; dueAt: string }
  | {
      kind: 'TASK_ESCALATED';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      /** 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati. */
      level: number;
      dueAt: string;
    }
  | {
      kind: 'ESCALATION_REMINDER';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      level: number;
      repeat: number;
    }
  | {
      kind: 'ESCALATION_ANSWERED';
      taskTitle: string;
      projectTitle: string;
      instruction: string;
      answeredBy: string;
    }
  | {
      kind: 'CONTRIBUTION_SUBMITTED';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      version: number;
      /** When the lead's review is due, when the workflow sets a review clock. */
      reviewDueAt?: string | null;
    }
  | {
      kind: 'CONTRIBUTION_RETURNED';
      taskTitle: string;
      projectTitle: string;
      note: string;
      /** The revision deadline, when the workflow sets one. */
      dueAt?: string | null;
    }
  | {
      /** The lead accepted a contribution (not sent for steps accepted automatically). */
      kind: 'CONTRIBUTION_ACCEPTED';
      taskTitle: string;
      projectTitle: string;
      version: number;
      note: string;
    }
  | {
      kind: 'TASK_REASSIGNED';
      taskTitle: string;
      projectTitle: string;
      fromAgencyName: string;
      /** The OPD that now holds the task; absent for a move within the same OPD. */
      toAgencyName?: string | null;
      reason: string;
    }
  | {
      /** A leader extended a task's deadline (usually in answer to an escalation). */
      kind: 'DEADLINE_EXTENDED';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      /** The new deadline. */
      dueAt: string;
      reason: string;
    }
  | {
      /** Sent once per person of every OPD that had open work in the project. */
      kind: 'PROJECT_CANCELLED';
      projectTitle: string;
      reason: string;
    }
  | {
      /** Someone released their claim: the task waits for someone of the OPD again. */
      kind: 'TASK_RELEASED';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      releasedBy: string;
      /** Whose claim it was, when someone else (their Kepala OPD) released it; empty otherwise. */
      releasedFrom?: string | null;
      reason: string;
    }
  | {
      /** A submitted contribution waits for the lead's review. */
      kind: 'REVIEW_REMINDER';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      dueAt: string;
    }
  | {
      /** The lead's review is overdue; level 1..3 of the ladder of the lead's OPD. */
      kind: 'REVIEW_ESCALATED';
      taskTitle: string;
      projectTitle: string;
      agencyName: string;
      leadName: string;
      level: number;
      /** The missed review deadline; empty when not known. */
      dueAt: string;
      /** A repeated notice of the same escalation (1, 2, …); absent for the escalation itself. */
      repeat?: number | null;
    }
  | {
      kind: 'INCIDENT_DECLARED';
      incidentTitle: string;
      /** e.g. "BERAT" */
      severity: string;
      /** Names of the affected kecamatan. */
      kecamatan: string[];
    }
  | {
      kind: 'OPD_MOBILISED';
      incidentTitle: string;
      severity: string;
      agencyName: string;
      clusters: string[];
      /** When the OPD's acknowledgement is due; null when not known. */
      ackDueAt?: string | null;
    }
  | {
      /** An OPD's acknowledgement of an emergency is late: reminder (level 0) or escalation (level ≥ 1). */
      kind: 'ACK_MISSING';
      incidentTitle: string;
      agencyName: string;
      taskTitle: string;
      level: number;
      dueAt: string;
    }
  | {
      /** A step of an emergency resource request, told to the OPD on the other side of it. */
      kind: 'RESOURCE_REQUEST';
      /** REQUESTED, COMMITTED, SENT, PARTIALLY_RECEIVED, RECEIVED, REFUSED, CANCELLED (or a newer status). */
      status: string;
      incidentTitle: string;
      item: string;
      quantity: number;
      unit: string;
      /** The quantity this step is about (committed, sent, received so far), when it differs from the request. */
      stepQuantity?: number | null;
      requestingAgencyName: string;
      providingAgencyName: string;
      reason: string;
    }
  | {
      /** OPDs' figures for the same cell disagree; one message per batch of cells opened together. */
      kind: 'DATA_CONFLICT_OPENED';
      indicatorName: string;
      areaName: string;
      period: string;
      /** Cells opened together with this one (1 or more). */
      cells: number;
      /** Each OPD's figure for the named cell. */
      values: { agencyName: string; value: number }[];
      /** OPDs whose figures disagree, over every cell of the batch. */
      agencyNames: string[];
    }
  | {
      /** A sitrep of an emergency is late: reminder (level 0) or escalation (level ≥ 1). */
      kind: 'SITREP_MISSING';
      incidentTitle: string;
      agencyName: string;
      taskTitle: string;
      level: number;
      dueAt: string;
    }
  | {
      /** An OPD was mentioned (`@DINSOS`) in a comment on a task, a project or an incident. */
      kind: 'COMMENT_MENTIONED';
      /** What the comment is on. */
      subject: 'TASK' | 'PROJECT' | 'INCIDENT';
      subjectTitle: string;
      authorName: string;
      authorAgencyName: string;
      mentionedAgencyName: string;
      /** The comment, shortened to a few hundred characters. */
      excerpt: string;
    }
  | {
      /** A policy draft waits for the Sekda's or the Bupati's sign-off (every reviewer initialled it). */
      kind: 'POLICY_SIGN_OFF_AWAITED';
      draftTitle: string;
      /** PERBUP, SK_BUPATI, SE_BUPATI or SOP (libs/domain/src/policy). */
      policyKind: string;
      draftingAgencyName: string;
      version: number;
      office: PolicyOffice;
      /** When the sign-off is due, when the event says. */
      dueAt?: string | null;
    }
  | {
      /** A sign-off waits past half or three quarters of its time: a reminder to the office. */
      kind: 'POLICY_SIGN_OFF_REMINDER';
      draftTitle: string;
      draftingAgencyName: string;
      version: number;
      office: PolicyOffice;
    }
  | {
      /** A sign-off is past its deadline and reported up the ladder (a late Sekda to the Bupati: level 3). */
      kind: 'POLICY_SIGN_OFF_ESCALATED';
      draftTitle: string;
      draftingAgencyName: string;
      version: number;
      office: PolicyOffice;
      level: number;
    }
  | {
      /** A version of a policy draft went back to the drafting OPD: by a reviewer, the Sekda or the Bupati. */
      kind: 'POLICY_RETURNED';
      draftTitle: string;
      version: number;
      by: 'REVIEWER' | PolicyOffice;
      /** The reviewer OPD, or the person who returned it ("name, post"). */
      returnedBy: string;
      note: string;
    }
  | {
      /** The Bupati signed the draft: it is final. */
      kind: 'POLICY_SIGNED';
      draftTitle: string;
      policyKind: string;
      version: number;
      signedBy: string;
    }
  | {
      /** A citizen report (aduan warga) was filed with the OPD. */
      kind: 'CITIZEN_REPORT_FILED';
      trackingNumber: string;
      category: CitizenCategoryLabel;
      desaName: string;
      kecamatanName: string;
      /** The first-response deadline. */
      dueAt: string;
    }
  | {
      /** Another OPD (or the desk) forwarded a citizen report to the OPD, with its internal note. */
      kind: 'CITIZEN_REPORT_FORWARDED';
      trackingNumber: string;
      category: CitizenCategoryLabel;
      desaName: string;
      kecamatanName: string;
      fromAgencyName: string;
      note: string;
      /** The first-response deadline: it keeps running across a forward. */
      dueAt: string;
    }
  | {
      /** The first response to a citizen report is due soon. */
      kind: 'CITIZEN_REPORT_REMINDER';
      trackingNumber: string;
      category: CitizenCategoryLabel;
      desaName: string;
      agencyName: string;
      percentOfSla: number;
      dueAt: string;
    }
  | {
      /** The first response to a citizen report is late: level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati. */
      kind: 'CITIZEN_REPORT_ESCALATED';
      trackingNumber: string;
      category: CitizenCategoryLabel;
      desaName: string;
      agencyName: string;
      level: number;
      dueAt: string;
    }
  | {
      /** The OPDs' Renja decisions on Musrenbang proposals still open at the deadline, one message per run. */
      kind: 'PLANNING_DECISIONS_LATE';
      /** The RKPD year. */
      year: number;
      /** Open decisions (one per OPD and proposal). */
      decisions: number;
      proposals: number;
      /** Open decisions per OPD, the most first. */
      agencies: { agencyName: string; count: number }[];
      /** The deadline missed (end of the Forum Perangkat Daerah), when known. */
      dueAt: string | null;
    }
  | { kind: 'DIGEST'; digest: Digest };

/** The offices that sign a policy draft. */
export type PolicyOffice = 'SEKDA' | 'BUPATI';

/** A citizen report's category as the public page names it (libs/domain/src/citizen/categories.ts). */
export interface CitizenCategoryLabel {
  id: string;
  en: string;
}

export type NotificationKind = NotificationMessage['kind'];

export interface RenderedMessage {
  /** One line: the in-app title, the email subject, the first line of a WhatsApp/SMS text. */
  title: string;
  /** Plain text, may span lines. Dates in WIB (Asia/Jakarta), written for the reader's language. */
  body: string;
}

/** The leadership digest: what is stuck, for the whole regency or one OPD. */
export interface Digest {
  /** Working day it is for, YYYY-MM-DD (WIB). */
  date: string;
  /** 'REGENCY' for Bupati, Wakil Bupati and Sekda; otherwise the OPD of a Kepala OPD. */
  scope: { kind: 'REGENCY' } | { kind: 'AGENCY'; agencyCode: string; agencyName: string };
  overdueByOpd: DigestOverdueGroup[];
  escalationsByLevel: DigestEscalationGroup[];
  emergencies: DigestEmergency[];
}

export interface DigestOverdueGroup {
  agencyCode: string;
  agencyName: string;
  count: number;
  /** The most overdue first. */
  tasks: { taskId: string; taskTitle: string; projectTitle: string; dueAt: string; daysOverdue: number }[];
}

export interface DigestEscalationGroup {
  level: number;
  count: number;
  items: {
    escalationId: string;
    taskId: string;
    taskTitle: string;
    agencyCode: string;
    openedAt: string;
    /** Hours since the escalation opened, rounded down. */
    ageHours: number;
  }[];
}

export interface DigestEmergency {
  incidentId: string;
  title: string;
  status: string;
  severity: string;
  declaredAt: string;
  mobilisedOpds: number;
  openTasks: number;
}

/** Quiet hours in WIB, "HH:mm" to "HH:mm"; may wrap midnight (21:00 → 06:00). */
export interface QuietHours {
  start: string;
  end: string;
}

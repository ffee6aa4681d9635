import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  proxyLocalActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
} from '@temporalio/workflow';
import type { Activities } from '@gotong/activities';
import {
  slaCalendarFor,
  ladderStarted,
  nextReviewEvent,
  applyLadderEvent,
} from '@gotong/domain/escalation-ladder';
import {
  answerRefusal,
  FINAL_REPORT_STATUSES,
  isResponse,
  PROJECT_DONE_TEXT,
  statusAfterTriage,
  triageRefusal,
  type CitizenReportStatus,
  type ReportFacts,
  type ReportRefusal,
} from '@gotong/domain/citizen/rules';
import { INVALID_REQUEST, TASK_FORBIDDEN, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import { projectWorkflowId } from '@gotong/contracts/project';
import { OPD_ATTRIBUTE, OVERDUE_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import type { ProjectSnapshot } from '@gotong/contracts/project';
import { LOCAL_PROJECTION_OPTIONS } from '../projections';
import {
  answerReportUpdate,
  reportSnapshotQuery,
  triageReportUpdate,
  type AnswerArgs,
  type CitizenReportInput,
  type CitizenReportSnapshot,
  type TriageArgs,
} from './messages';
import type { jointProjectWorkflow } from '../project/project.workflow';

const projections = proxyLocalActivities<Activities>(LOCAL_PROJECTION_OPTIONS);

const BUSY: ReportRefusal = {
  kind: 'NOT_OPEN',
  message: 'another action on this report is being recorded; try again',
};

function refuse(refusal: ReportRefusal): never {
  const type =
    refusal.kind === 'FORBIDDEN'
      ? TASK_FORBIDDEN
      : refusal.kind === 'NOT_OPEN'
        ? TASK_NOT_OPEN
        : INVALID_REQUEST;
  throw ApplicationFailure.nonRetryable(refusal.message, type);
}

/**
 * The life of one citizen report (libs/domain/src/citizen/rules.ts has the states and rules):
 *
 * - The first-response clock runs from the filing on the handling OPD: reminders at 50 % and 75 % of the SLA
 *   (5 working days), then the escalation ladder (Kepala OPD, Sekda, Bupati) as for an OPD task
 *   (libs/domain/src/escalation-ladder.ts), until the first response. A forward moves the report (and the
 *   clock's audience) to another OPD; the clock keeps running from the filing, as the citizen waits the same.
 * - Triage (Update): answer (final), reject, forward, or turn into a joint project from a template. The project
 *   runs as a child jointProjectWorkflow; when it completes, this workflow publishes the final public answer
 *   ("selesai ditindaklanjuti") and closes the report. A cancelled project leaves the report IN_PROGRESS for a
 *   final answer by the desk.
 * - Answer (Update): a public progress note, or the final answer.
 *
 * Every Update's validator judges with the same pure functions the API uses first. The reporter's personal
 * data never enter the workflow: its input carries ids, codes and dates only.
 */
export async function citizenReportWorkflow(input: CitizenReportInput): Promise<CitizenReportSnapshot> {
  let status: CitizenReportStatus = 'RECEIVED';
  let handlingAgencyId = input.handlingAgencyId;
  let handlingAgencyCode = input.handlingAgencyCode;
  let firstRespondedAt: string | null = null;
  let projectId: string | null = null;
  let projectOutcome: ProjectSnapshot['status'] | null = null;
  let changed = 0;
  let ladder = ladderStarted(Date.parse(input.receivedAt), Date.parse(input.firstResponseDueAt));
  const slaCalendar = slaCalendarFor(input.sla, input.calendar);

  const facts = (): ReportFacts => ({
    status,
    handlingAgencyId,
    handlingAgencyCode,
    deskAgencyId: input.deskAgencyId,
  });
  const snapshot = (): CitizenReportSnapshot => ({
    reportId: input.reportId,
    status,
    handlingAgencyId,
    handlingAgencyCode,
    firstRespondedAt,
    escalationLevel: ladder.level,
    projectId,
  });
  const isFinal = () => FINAL_REPORT_STATUSES.includes(status);
  /** One triage or answer at a time: a second one while the first is being recorded is refused (409). */
  let busy = false;
  /** The first response settles the clock: the report is no longer overdue. */
  const respondedAt = (at: string) => {
    firstRespondedAt = at;
    if (ladder.level > 0) upsertSearchAttributes([{ key: OVERDUE_ATTRIBUTE, value: false }]);
  };

  setHandler(reportSnapshotQuery, snapshot);

  setHandler(
    triageReportUpdate,
    async (args) => {
      busy = true;
      try {
        return await triageNow(args);
      } finally {
        busy = false;
      }
    },
    {
      validator: ({ actor, input: triage, forwardTo, project }: TriageArgs) => {
        if (busy) refuse(BUSY);
        const refusal = triageRefusal(actor, facts(), triage);
        if (refusal) refuse(refusal);
        if (triage.action === 'forward' && !forwardTo)
          refuse({ kind: 'INVALID', message: 'agencyCode: unknown OPD' });
        if (triage.action === 'project' && !project)
          refuse({ kind: 'INVALID', message: 'templateCode: no planned project' });
      },
    },
  );

  async function triageNow({ actor, input: triage, forwardTo, project }: TriageArgs) {
    const at = new Date().toISOString();
    const next = statusAfterTriage(triage);
    const responds = isResponse(triage) && firstRespondedAt === null;
    const target = triage.action === 'forward' ? forwardTo! : null;
    const childProject = triage.action === 'project' ? project! : null;
    await projections.recordCitizenTriage({
      reportId: input.reportId,
      trackingNumber: input.trackingNumber,
      noteId: uuid4(),
      answerId: uuid4(),
      actor,
      triage,
      status: next,
      firstResponseAt: responds ? at : null,
      handlingAgencyId: target?.agencyId ?? handlingAgencyId,
      project: childProject
        ? { ...childProject, workflowId: projectWorkflowId(childProject.projectId) }
        : null,
      at,
    });
    status = next;
    if (responds) respondedAt(at);
    if (target) {
      handlingAgencyId = target.agencyId;
      handlingAgencyCode = target.agencyCode;
      upsertSearchAttributes([{ key: OPD_ATTRIBUTE, value: handlingAgencyCode }]);
    }
    if (childProject) {
      projectId = childProject.projectId;
      const child = await startChild<typeof jointProjectWorkflow>('jointProjectWorkflow', {
        workflowId: projectWorkflowId(childProject.projectId),
        args: [childProject],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [{ key: OPD_ATTRIBUTE, value: handlingAgencyCode }],
        memo: { title: childProject.title, citizenReport: input.trackingNumber },
      });
      void child.result().then(
        (result) => {
          projectOutcome = result.status;
          changed += 1;
        },
        () => {
          projectOutcome = 'CANCELLED';
          changed += 1;
        },
      );
    }
    changed += 1;
    return snapshot();
  }

  setHandler(
    answerReportUpdate,
    async ({ actor, text, final }) => {
      busy = true;
      try {
        const at = new Date().toISOString();
        const responds = firstRespondedAt === null;
        const next: CitizenReportStatus = final ? 'ANSWERED' : status;
        await projections.recordCitizenAnswer({
          reportId: input.reportId,
          trackingNumber: input.trackingNumber,
          answerId: uuid4(),
          actor,
          text,
          final,
          status: next,
          firstResponseAt: responds ? at : null,
          at,
        });
        status = next;
        if (responds) respondedAt(at);
        changed += 1;
        return snapshot();
      } finally {
        busy = false;
      }
    },
    {
      validator: ({ actor, text, final }: AnswerArgs) => {
        if (busy) refuse(BUSY);
        const refusal = answerRefusal(actor, facts(), { text, final });
        if (refusal) refuse(refusal);
      },
    },
  );

  upsertSearchAttributes([
    { key: OPD_ATTRIBUTE, value: handlingAgencyCode },
    { key: OVERDUE_ATTRIBUTE, value: false },
  ]);

  // The first-response clock, then waiting for the project or the final answer.
  while (!isFinal()) {
    if (projectOutcome === 'COMPLETED') {
      const at = new Date().toISOString();
      await projections.recordCitizenProjectDone({
        reportId: input.reportId,
        trackingNumber: input.trackingNumber,
        answerId: uuid4(),
        agencyId: handlingAgencyId,
        text: PROJECT_DONE_TEXT,
        at,
      });
      status = 'CLOSED';
      break;
    }
    const seen = changed;
    const event =
      firstRespondedAt === null
        ? nextReviewEvent(ladder, input.escalation, input.calendar, slaCalendar)
        : null;
    if (!event) {
      await condition(() => changed !== seen);
      continue;
    }
    const wait = Math.max(0, event.at - Date.now());
    const interrupted = await condition(() => changed !== seen, wait);
    if (interrupted || firstRespondedAt !== null || isFinal()) continue;
    const nowMs = Date.now();
    await projections.recordCitizenLadderEvent({
      reportId: input.reportId,
      trackingNumber: input.trackingNumber,
      agencyId: handlingAgencyId,
      kind: event.kind,
      level: event.kind === 'ESCALATE' ? event.level : ladder.level,
      percent: event.kind === 'REMINDER' ? event.percent : null,
      sequence: `${ladder.remindersSent}.${ladder.level}.${ladder.levelRepeats}`,
      dueAt: input.firstResponseDueAt,
      at: new Date(nowMs).toISOString(),
    });
    ladder = applyLadderEvent(ladder, event, nowMs);
    if (event.kind === 'ESCALATE') upsertSearchAttributes([{ key: OVERDUE_ATTRIBUTE, value: true }]);
  }
  await condition(allHandlersFinished);
  return snapshot();
}

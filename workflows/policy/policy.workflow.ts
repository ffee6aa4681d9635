import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { iso, projectionsOfThisRun } from '../projections';
import { deadlineFor, validateSla } from '@gotong/domain/calendar';
import {
  applyLadderEvent,
  ladderStarted,
  nextReviewEvent,
  slaCalendarFor,
  type LadderState,
} from '@gotong/domain/escalation-ladder';
import {
  afterSignOff,
  FINISHED_POLICY_STATUSES,
  PARAF_FORM,
  parafStepKey,
  policyActionRefusal,
  roundOutcome,
  signOffLadder,
  signOffNoteProblem,
  signOffOfficeFor,
  versionNoteProblem,
  type ParafDecision,
  type PolicyRefusal,
  type PolicyStatus,
} from '@gotong/domain/policy';
import { INVALID_REQUEST, TASK_FORBIDDEN, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import {
  taskIdOfWorkflow,
  taskWorkflowId,
  type AgencyTaskStart,
  type StepPlan,
} from '@gotong/contracts/task';
import { noLongerNeededSignal, stepFinishedSignal } from '../task/messages';
import { startTasksFromActivity } from '../task/start';
import {
  policySnapshotQuery,
  signOffUpdate,
  uploadVersionUpdate,
  withdrawPolicyUpdate,
  type PolicyAgency,
  type PolicyDraftInput,
  type PolicyDraftSnapshot,
  type SignOffArgs,
  type UploadVersionArgs,
  type WithdrawArgs,
} from './messages';

const fail = (message: string, type: string): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};
const refuse = (refusal: PolicyRefusal | null): void => {
  if (refusal) fail(refusal.message, refusal.kind === 'forbidden' ? TASK_FORBIDDEN : TASK_NOT_OPEN);
};

/**
 * A policy drafted jointly (libs/domain/src/policy). The drafting OPD uploads a version (an Update); each
 * version opens one review task (paraf koordinasi) per reviewer OPD, side by side, as agency tasks of the
 * draft's project, so inbox, claims, reminders and the ladder come from the engine. A reviewer's return ends
 * the round at once (the other open reviews of that version close as no longer needed) and the drafting OPD
 * uploads the next version, which every reviewer initials again; when all have initialled, the Sekda and then
 * the Bupati sign or return it (Updates). A stalled sign-off is reminded and a late Sekda reported to the
 * Bupati on the sign-off ladder (signOffLadder). Every action is judged by policyActionRefusal, as in the API.
 */
export async function policyDraftWorkflow(input: PolicyDraftInput): Promise<PolicyDraftSnapshot> {
  const projections = projectionsOfThisRun();
  const problems = [validateSla(input.parafSla), validateSla(input.signOffSla)].filter(
    (p): p is string => p !== null,
  );
  if (input.reviewers.length === 0) problems.push('reviewers: at least one');
  if (problems.length > 0) fail(`the draft cannot run: ${problems.join('; ')}`, INVALID_REQUEST);

  let status: PolicyStatus = 'DRAFTING';
  let version = 0;
  let decisions: Record<string, ParafDecision> = {};
  /** Open review tasks of the current version: workflow id → reviewer. */
  const open = new Map<string, PolicyAgency>();
  /** Review tasks that finished, waiting for the main loop to read their paraf. */
  const finished: { taskId: string; version: number; agencyId: string }[] = [];
  /** Review task id → version and reviewer (every round's). */
  const reviews = new Map<string, { version: number; agencyId: string }>();
  let signOff: { ladder: LadderState; events: number } | null = null;
  let changes = 0;

  const snapshot = (): PolicyDraftSnapshot => ({
    draftId: input.draftId,
    status,
    version,
    decisions: { ...decisions },
    openReviews: [...open.keys()],
    signOffDueAt: signOff ? iso(signOff.ladder.dueMs) : null,
  });
  const facts = () => ({ status, draftingAgencyId: input.drafting.agencyId });
  const setStatus = async (to: PolicyStatus, actorUserId: string | null, note: string | null) => {
    status = to;
    const office = signOffOfficeFor(to);
    if (office) {
      const now = Date.now();
      signOff = { ladder: ladderStarted(now, deadlineFor(now, input.signOffSla, input.calendar)), events: 0 };
    } else signOff = null;
    changes++;
    const due = signOff as { ladder: LadderState } | null;
    await projections.recordPolicyStatus({
      draftId: input.draftId,
      projectId: input.projectId,
      status: to,
      version,
      actorUserId,
      note,
      signOffDueAt: due ? iso(due.ladder.dueMs) : null,
      at: iso(Date.now()),
    });
  };

  /** Closes the open review tasks of the round (a return came first, or the draft was withdrawn). */
  async function closeOpenReviews(reason: string): Promise<void> {
    const closing = [...open.keys()];
    open.clear();
    for (const workflowId of closing) {
      const task = getExternalWorkflowHandle(workflowId);
      await task.signal(noLongerNeededSignal, { reason }).catch(() => undefined); // finished meanwhile
      await task.cancel().catch(() => undefined);
    }
    if (closing.length > 0)
      await projections.recordParafsClosed({
        draftId: input.draftId,
        taskIds: closing.map(taskIdOfWorkflow),
        at: iso(Date.now()),
      });
  }

  /** One review task per reviewer for the current version, started side by side. */
  async function startRound(): Promise<void> {
    decisions = {};
    const starts: AgencyTaskStart[] = input.reviewers.map((reviewer) => {
      const taskId = uuid4();
      const step: StepPlan = {
        key: parafStepKey(version, reviewer.agencyCode),
        title: `Paraf koordinasi versi ${version}: ${input.title}`,
        instructions:
          `Periksa rancangan versi ${version} (lampiran di halaman rancangan) dan beri paraf koordinasi, ` +
          'atau kembalikan dengan catatan perbaikan.',
        agencyId: reviewer.agencyId,
        agencyCode: reviewer.agencyCode,
        form: PARAF_FORM,
        sla: input.parafSla,
        dependsOn: [],
        escalation: input.escalation,
        autoAccept: true,
      };
      const workflowId = taskWorkflowId(taskId);
      open.set(workflowId, reviewer);
      reviews.set(taskId, { version, agencyId: reviewer.agencyId });
      return {
        workflowId,
        args: {
          taskId,
          projectId: input.projectId,
          projectWorkflowId: workflowInfo().workflowId,
          lead: input.createdBy,
          step,
          calendar: input.calendar,
        },
      };
    });
    await projections.recordPolicyRound({
      draftId: input.draftId,
      version,
      reviews: starts.map((s) => ({ taskId: s.args.taskId, agencyId: s.args.step.agencyId })),
      at: iso(Date.now()),
    });
    await startTasksFromActivity(starts, projections);
  }

  setHandler(policySnapshotQuery, snapshot);

  setHandler(stepFinishedSignal, ({ taskId, outcome }) => {
    const review = reviews.get(taskId);
    if (!review || !open.has(taskWorkflowId(taskId))) return; // closed by this workflow
    open.delete(taskWorkflowId(taskId));
    if (outcome === 'DONE') finished.push({ taskId, ...review });
    changes++;
  });

  setHandler(
    uploadVersionUpdate,
    async ({ actor, versionId, attachmentId, note }) => {
      version++;
      // The state first (synchronously), so that an Update validated after this one sees it.
      const moved = setStatus('IN_REVIEW', actor.userId, note);
      await projections.recordPolicyVersion({
        draftId: input.draftId,
        projectId: input.projectId,
        versionId,
        number: version,
        attachmentId,
        note,
        actor,
        at: iso(Date.now()),
      });
      await moved;
      await startRound();
      return snapshot();
    },
    {
      validator: ({ actor, note }: UploadVersionArgs) => {
        refuse(policyActionRefusal(facts(), actor, 'upload-version'));
        const problem = versionNoteProblem(note);
        if (problem) fail(problem, INVALID_REQUEST);
      },
    },
  );

  setHandler(
    signOffUpdate,
    async ({ actor, signOffId, decision, note }) => {
      const office = signOffOfficeFor(status)!;
      const moved = setStatus(afterSignOff(office, decision), actor.userId, note);
      await projections.recordPolicySignOff({
        draftId: input.draftId,
        projectId: input.projectId,
        signOffId,
        version,
        office,
        decision,
        note,
        actor,
        at: iso(Date.now()),
      });
      await moved;
      return snapshot();
    },
    {
      validator: ({ actor, decision, note }: SignOffArgs) => {
        refuse(policyActionRefusal(facts(), actor, decision === 'SIGNED' ? 'sign' : 'return'));
        const problem = signOffNoteProblem(decision, note);
        if (problem) fail(problem, INVALID_REQUEST);
      },
    },
  );

  setHandler(
    withdrawPolicyUpdate,
    async ({ actor, reason }) => {
      await setStatus('WITHDRAWN', actor.userId, reason);
      await closeOpenReviews('rancangan ditarik oleh OPD penyusun');
      return snapshot();
    },
    {
      validator: ({ actor, reason }: WithdrawArgs) => {
        refuse(policyActionRefusal(facts(), actor, 'withdraw'));
        if (typeof reason !== 'string' || reason.trim() === '')
          fail('reason: must not be empty', INVALID_REQUEST);
      },
    },
  );

  await projections.recordPolicyDraftCreated({
    ...input,
    workflowId: workflowInfo().workflowId,
    at: iso(Date.now()),
  });

  /** Reads the paraf of the finished reviews; a return or the last paraf ends the round. */
  async function readParafs(): Promise<void> {
    while (finished.length > 0) {
      const { taskId, version: of, agencyId } = finished.shift()!;
      const decision = await projections.recordParafDecision({ draftId: input.draftId, taskId });
      if (of !== version || status !== 'IN_REVIEW') continue;
      decisions[agencyId] = decision;
      const outcome = roundOutcome(
        input.reviewers.map((r) => r.agencyId),
        decisions,
      );
      if (outcome === 'RETURNED') {
        await setStatus('RETURNED', null, null);
        await closeOpenReviews(`versi ${version} dikembalikan untuk perbaikan`);
      } else if (outcome === 'INITIALLED') await setStatus('AWAITING_SEKDA', null, null);
    }
  }

  while (!FINISHED_POLICY_STATUSES.includes(status)) {
    await readParafs();
    if (FINISHED_POLICY_STATUSES.includes(status)) break;
    const seen = changes;
    const office = signOffOfficeFor(status);
    const current = signOff as { ladder: LadderState; events: number } | null;
    const event =
      office && current
        ? nextReviewEvent(
            current.ladder,
            signOffLadder(office, input.signOffSla),
            input.calendar,
            slaCalendarFor(input.signOffSla, input.calendar),
          )
        : null;
    if (event === null) {
      await condition(() => changes !== seen || finished.length > 0);
      continue;
    }
    const wait = event.at - Date.now();
    if (wait > 0 && (await condition(() => changes !== seen || finished.length > 0, wait))) continue;
    if (changes !== seen || !current || !office) continue;
    current.events++;
    await projections.recordSignOffOverdue({
      draftId: input.draftId,
      projectId: input.projectId,
      office,
      version,
      kind: event.kind,
      level: event.kind === 'ESCALATE' ? event.level : null,
      n: current.events,
      at: iso(Date.now()),
    });
    current.ladder = applyLadderEvent(current.ladder, event, Date.now());
  }
  await condition(allHandlersFinished);
  return snapshot();
}

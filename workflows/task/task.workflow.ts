import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { iso, projectionsOfThisRun, scheduledProjections } from '../projections';
import { deadlineFor, validateSla } from '@gotong/domain/calendar';
import {
  answered,
  applyLadderEvent,
  ladderStarted,
  nextLadderEvent,
  nextReviewEvent,
  slaCalendarFor,
  stepReview,
  type LadderEvent,
  type LadderState,
} from '@gotong/domain/escalation-ladder';
import { validateContribution, validateContributionV1 } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import {
  claimRefusal,
  escalationAnswerRefusal,
  escalationAnswerRefusalBeforeSeparation,
  extensionLengthProblem,
  extensionRefusal,
  extensionRefusalBeforeSeparation,
  FINISHED_STATES,
  reassignRefusal,
  releaseRefusal,
  reviewRefusal,
  submitRefusal,
  submitRefusalBeforeExclusiveClaims,
  type Refusal,
  type TaskFacts,
  type TaskState,
} from '@gotong/domain/task-rules';
import {
  answerEscalationUpdate,
  claimTaskUpdate,
  extendDeadlineUpdate,
  noLongerNeededSignal,
  reassignTaskUpdate,
  releaseTaskUpdate,
  reviewContributionUpdate,
  stepFinishedSignal,
  submitContributionUpdate,
  taskSnapshotQuery,
  type AnswerEscalationArgs,
  type ClaimArgs,
  type ExtendDeadlineArgs,
  type ReassignArgs,
  type ReleaseArgs,
  type ReviewArgs,
  type SubmitArgs,
} from './messages';
import {
  INVALID_CONTRIBUTION,
  INVALID_REQUEST,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
} from '@gotong/contracts/failures';
import { type StepTaskInput, type TaskSnapshot } from '@gotong/contracts/task';
import { OPD_ATTRIBUTE, OVERDUE_ATTRIBUTE, TASK_STATE_ATTRIBUTE } from '@gotong/contracts/search-attributes';

/** Patch: the task keeps its search attributes (OPD, state, overdue) up to date for the Temporal UI and CLI. */
const SEARCH_ATTRIBUTES = 'task-search-attributes';
/** Patch: a claim is exclusive (only the holder submits); submissions before it replay under the old rule. */
const EXCLUSIVE_CLAIMS = 'exclusive-claims';
/**
 * Patch: fair clocks. A submission settles the OPD's clock (its open escalation closes) and starts the lead's
 * review clock with its own reminders and ladder on the lead's OPD; a return gives the OPD a revision window and
 * fresh reminders. Asked at each submission: a task submitted before the patch keeps the old clocks until it is
 * submitted again.
 */
const FAIR_CLOCKS = 'fair-clocks';

function refuse(refusal: Refusal): never {
  const type =
    refusal.kind === 'FORBIDDEN'
      ? TASK_FORBIDDEN
      : refusal.kind === 'NOT_OPEN'
        ? TASK_NOT_OPEN
        : INVALID_REQUEST;
  throw ApplicationFailure.nonRetryable(refusal.message, type);
}

/**
 * The life of one template step's task:
 *
 *   ASSIGNED ⇄ CLAIMED → SUBMITTED → COMPLETED (the lead accepts)
 *     (release)            ↓   ↑
 *                        RETURNED (with a reason and a revision window)
 *
 * While the OPD owes work (assigned, claimed, returned) reminders go out at 50%
 * and 75% of the SLA, and past the deadline the escalation ladder climbs:
 * level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati, each level with its own
 * timeout and repeats (the rules: libs/domain/src/escalation-ladder.ts; this
 * workflow asks the ladder what is due, sleeps until then and records it). An
 * escalated official may answer with an instruction or extend the deadline
 * once. The lead may move the task to another OPD (a fresh SLA; the count is
 * kept), the Kepala OPD may hand it to another staff member. A claim is
 * exclusive: only the holder submits, until they release it. While a submission
 * waits, the OPD's clock is settled and the lead's review clock runs (fair
 * clocks): reminders to the lead, then a ladder on the lead's own OPD; a return
 * gives the OPD a revision window with fresh reminders. Every action is an
 * Update whose validator refuses wrong callers and states; state-changing work
 * runs one at a time, in order, so projections never go backwards.
 *
 * Why one long function: a workflow's handlers share its state in one closure
 * (state, ladder, contribution, assignee) and run in one serial queue; the rules
 * they apply are pure modules elsewhere (task-rules, permissions, form-schema,
 * escalation-ladder). Splitting the handlers across files would scatter that
 * state without making any rule easier to find.
 */
export async function agencyTaskWorkflow(input: StepTaskInput): Promise<TaskSnapshot> {
  // A projection in flight when the task is cancelled finishes before the cancellation is recorded, so nothing
  // this task did lands in Postgres after its CANCELLED row (the incident summary relies on it).
  // What a person's Update records (claim, submit, review, move, answer, extend) runs as a local activity inside
  // the Update's workflow task, so the answer comes back in one workflow task (first, before any command: older
  // histories keep scheduled ones). What happens to many tasks at once (their start, reminders and escalations
  // falling due together, the end of an incident) stays scheduled: activity slots spread such a burst, where
  // local activities would hold each task's workflow task open while they queue for the database.
  const projections = projectionsOfThisRun({ waitForCancellation: true });
  const background = scheduledProjections({ waitForCancellation: true });
  const searchable = patched(SEARCH_ATTRIBUTES);
  const { step, calendar, taskId, projectId } = input;
  // SLAs in calendar units (hours, minutes…) put their reminders in calendar time too.
  const slaCalendar = slaCalendarFor(step.sla, calendar);

  let agencyId = step.agencyId;
  let agencyCode = step.agencyCode;
  let state: TaskState = 'ASSIGNED';
  let assigneeId: string | null = null;
  const assignedMs = Date.now();
  /** Reminders and escalation ladder (libs/domain/src/escalation-ladder.ts): the SLA clock, level, repeats. */
  let ladder = ladderStarted(assignedMs, deadlineFor(assignedMs, step.sla, calendar));
  let escalationId: string | null = null;
  let deadlineExtended = false;
  let contributionVersion = 0;
  let contributionId: string | null = null;
  /** The latest submitted values (returned with the final snapshot, e.g. a resource request's decision). */
  let lastValues: Record<string, unknown> | null = null;
  let reassignmentCount = 0;
  let completedAt: string | null = null;
  /** Why the coming cancellation closes the task as no longer needed (the project was resolved), if it does. */
  let noLongerNeeded: string | null = null;
  /** Bumped on every state change; the timer loop recomputes its next event when it moves. */
  let changes = 0;
  /** Fair clocks (patch FAIR_CLOCKS), decided at a submission. */
  let fairClocks = false;
  const reviewPolicy = stepReview(step);
  const reviewSlaCalendar = slaCalendarFor(reviewPolicy.sla, calendar);
  /** The lead's review clock while a submission waits (fair clocks), and its open escalation. */
  let review: LadderState | null = null;
  let reviewEscalationId: string | null = null;

  const facts = (): TaskFacts => ({
    agencyId,
    state,
    escalationLevel: ladder.level,
    deadlineExtended,
    lead: { userId: input.lead.userId, agencyId: input.lead.agencyId },
    assigneeId,
  });
  const snapshot = (): TaskSnapshot => ({
    taskId,
    agencyId,
    state,
    dueAt: iso(ladder.dueMs),
    escalationLevel: ladder.level,
    completedAt,
    assigneeId,
    contributionVersion,
    reassignmentCount,
    deadlineExtended,
    remindersSent: ladder.remindersSent,
    ...(review !== null ? { reviewDueAt: iso(review.dueMs) } : {}),
    ...(state === 'COMPLETED' && lastValues !== null ? { values: lastValues } : {}),
  });
  const actorOf = (actor: Actor) => ({ userId: actor.userId, agencyId: actor.agencyId, role: actor.role });

  // One state change at a time: handlers and timer events queue here in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }
  /** Validators judge the state they see; by the time a queued handler runs, another may have moved it. */
  function recheck(refusal: Refusal | null): void {
    if (refusal) refuse(refusal);
  }

  /**
   * Who answers or extends an escalation (separation of duties, libs/domain permissions
   * escalationAnswerProblem). The handlers choose the rule with patched(): an answer or extension recorded
   * before the patch replays under the rule it was judged by. Validators never replay and always use the new one.
   */
  const separated = () => patched('escalation-separation-of-duties');

  /** An answer names the escalation it answers: one superseded meanwhile (moved task, next level) is closed. */
  function currentEscalation(named: string | undefined): Refusal | null {
    return named !== undefined && named !== escalationId
      ? { kind: 'NOT_OPEN', message: "this escalation is closed; answer the task's current one" }
      : null;
  }

  /** A fresh SLA clock (another OPD, an extension): the ladder starts again and no escalation is open. */
  function restartLadder(now: number, deadline: number): void {
    ladder = ladderStarted(now, deadline);
    escalationId = null;
  }

  /**
   * The task's search attributes after a change (libs/contracts/src/search-attributes.ts): its OPD, state and
   * whether it is overdue. One command in the workflow task that made the change; none in older histories.
   */
  let published = '';
  function publish(): void {
    if (!searchable) return;
    const now = `${agencyCode} ${state} ${escalationId !== null}`;
    if (now === published) return; // nothing an operator filters by has changed
    published = now;
    upsertSearchAttributes([
      { key: OPD_ATTRIBUTE, value: agencyCode },
      { key: TASK_STATE_ATTRIBUTE, value: state },
      { key: OVERDUE_ATTRIBUTE, value: escalationId !== null },
    ]);
  }

  setHandler(taskSnapshotQuery, snapshot);
  // Only remembered: the project's cancellation right after it decides how the task ends (no command here).
  setHandler(noLongerNeededSignal, ({ reason }) => {
    noLongerNeeded = reason;
  });

  setHandler(
    claimTaskUpdate,
    ({ actor }) =>
      serial(async () => {
        recheck(claimRefusal(facts(), actor));
        // A returned task its holder released stays RETURNED (work owed on a revision) when claimed again.
        if (state === 'ASSIGNED') state = 'CLAIMED';
        assigneeId = actor.userId;
        changes++;
        await projections.recordTaskClaimed({
          taskId,
          projectId,
          actor: actorOf(actor),
          at: iso(Date.now()),
          ...(state === 'RETURNED' ? { state } : {}),
        });
        publish();
        return snapshot();
      }),
    { validator: ({ actor }: ClaimArgs) => recheck(claimRefusal(facts(), actor)) },
  );

  setHandler(
    releaseTaskUpdate,
    ({ actor }) =>
      serial(async () => {
        recheck(releaseRefusal(facts(), actor));
        const from = assigneeId!;
        if (state === 'CLAIMED') state = 'ASSIGNED';
        assigneeId = null;
        changes++;
        await projections.recordTaskReleased({
          taskId,
          projectId,
          actor: actorOf(actor),
          fromUserId: from,
          state: state === 'RETURNED' ? 'RETURNED' : 'ASSIGNED',
          at: iso(Date.now()),
        });
        publish();
        return snapshot();
      }),
    { validator: ({ actor }: ReleaseArgs) => recheck(releaseRefusal(facts(), actor)) },
  );

  setHandler(
    submitContributionUpdate,
    ({ actor, values, confirmations }) =>
      serial(async () => {
        // Exclusive claims: a submission recorded before the patch was judged without them, and replays so.
        const rule = patched(EXCLUSIVE_CLAIMS) ? submitRefusal : submitRefusalBeforeExclusiveClaims;
        recheck(rule(facts(), actor));
        // Area codes from the reference list (Kepmendagri 2025): a submission accepted before the patch was
        // judged by the codes' shape only, and replays so.
        const checked = patched('desa-from-reference-list')
          ? validateContribution(step.form, values)
          : validateContributionV1(step.form, values);
        if (!checked.ok)
          throw ApplicationFailure.nonRetryable(
            'contribution does not match the form',
            INVALID_CONTRIBUTION,
            checked.errors,
          );
        contributionVersion++;
        contributionId = uuid4();
        state = 'SUBMITTED';
        if (assigneeId === null) assigneeId = actor.userId;
        changes++;
        if (!fairClocks) fairClocks = patched(FAIR_CLOCKS);
        const submittedMs = Date.now();
        // Fair clocks: the submission settles the OPD's clock (an open escalation closes: the OPD has delivered)
        // and, unless the step accepts it itself, starts the lead's review clock.
        const settled = fairClocks ? escalationId : null;
        if (fairClocks) {
          escalationId = null;
          ladder = { ...ladder, level: 0, levelRepeats: 0 };
          review = step.autoAccept
            ? null
            : ladderStarted(submittedMs, deadlineFor(submittedMs, reviewPolicy.sla, calendar));
          reviewEscalationId = null;
        }
        await projections.recordContributionSubmitted({
          contributionId,
          taskId,
          projectId,
          agencyId,
          version: contributionVersion,
          values: checked.values,
          form: step.form,
          // Recorded with the submission, never before the workflow has accepted it.
          ...(confirmations ? { confirmations } : {}),
          actor: actorOf(actor),
          at: iso(submittedMs),
          ...(fairClocks
            ? {
                dueAt: iso(ladder.dueMs),
                ...(review !== null ? { reviewDueAt: iso(review.dueMs) } : {}),
                ...(settled !== null ? { settlesEscalationId: settled } : {}),
                ...(step.autoAccept ? { autoAccept: true } : {}),
              }
            : {}),
        });
        lastValues = checked.values;
        if (step.autoAccept) {
          // Acknowledgements and sitreps count as soon as they arrive; nobody reviews them.
          const now = Date.now();
          state = 'COMPLETED';
          completedAt = iso(now);
          changes++;
          await projections.recordContributionReviewed({
            contributionId,
            taskId,
            projectId,
            decision: 'ACCEPT',
            note: null,
            actor: null,
            at: iso(now),
          });
        }
        publish();
        return snapshot();
      }),
    {
      validator: ({ actor, values }: SubmitArgs) => {
        recheck(submitRefusal(facts(), actor));
        // The new rule of patch 'desa-from-reference-list' (the handler's branch for every live Update). No
        // patched() here: validators never replay, and a rejected Update must leave nothing in the history.
        const checked = validateContribution(step.form, values);
        if (!checked.ok) {
          const detail = checked.errors.map((e) => `${e.field || 'values'}: ${e.message}`).join('; ');
          throw ApplicationFailure.nonRetryable(
            `contribution does not match the form: ${detail}`,
            INVALID_CONTRIBUTION,
            checked.errors,
          );
        }
      },
    },
  );

  setHandler(
    reviewContributionUpdate,
    ({ actor, decision, note }) =>
      serial(async () => {
        recheck(reviewRefusal(facts(), actor, decision, note));
        const now = Date.now();
        // Fair clocks: the review ends the lead's clock; a return gives the OPD at least the revision window,
        // with fresh reminders (its own deadline, if later, stands).
        let revisionDue: number | null = null;
        if (decision === 'ACCEPT') {
          state = 'COMPLETED';
          completedAt = iso(now);
        } else {
          state = 'RETURNED';
          if (fairClocks) {
            revisionDue = Math.max(ladder.dueMs, deadlineFor(now, reviewPolicy.revisionWindow, calendar));
            restartLadder(now, revisionDue);
          }
        }
        review = null;
        reviewEscalationId = null;
        changes++;
        await projections.recordContributionReviewed({
          contributionId: contributionId!,
          taskId,
          projectId,
          decision,
          note: note?.trim() || null,
          actor: actorOf(actor),
          at: iso(now),
          ...(revisionDue !== null ? { dueAt: iso(revisionDue) } : {}),
        });
        publish();
        return snapshot();
      }),
    {
      validator: ({ actor, decision, note }: ReviewArgs) =>
        recheck(reviewRefusal(facts(), actor, decision, note)),
    },
  );

  setHandler(
    reassignTaskUpdate,
    (args) =>
      serial(async () => {
        recheck(reassignRefusal(facts(), args.actor, args));
        const now = Date.now();
        const from = agencyId;
        if (args.toAgencyId !== undefined) {
          agencyId = args.toAgencyId;
          agencyCode = args.toAgencyCode ?? agencyCode;
          state = 'ASSIGNED';
          assigneeId = null;
          reassignmentCount++;
          // The new OPD gets the step's full SLA; the ladder starts again.
          restartLadder(now, deadlineFor(now, step.sla, calendar));
        } else {
          assigneeId = args.toUserId!;
          if (state === 'ASSIGNED') state = 'CLAIMED';
        }
        changes++;
        await projections.recordTaskReassigned({
          reassignmentId: uuid4(),
          taskId,
          projectId,
          kind: args.toAgencyId !== undefined ? 'OTHER_OPD' : 'WITHIN_OPD',
          fromAgencyId: from,
          toAgencyId: agencyId,
          toUserId: args.toAgencyId !== undefined ? null : (args.toUserId ?? null),
          actor: actorOf(args.actor),
          reason: args.reason.trim(),
          at: iso(now),
          dueAt: iso(ladder.dueMs),
          reassignmentCount,
        });
        publish();
        return snapshot();
      }),
    {
      validator: (args: ReassignArgs) => {
        recheck(reassignRefusal(facts(), args.actor, args));
        if (!args.reason?.trim()) refuse({ kind: 'INVALID', message: 'a reassignment needs a reason' });
      },
    },
  );

  setHandler(
    answerEscalationUpdate,
    ({ actor, instruction, escalationId: named }) =>
      serial(async () => {
        const rule = separated() ? escalationAnswerRefusal : escalationAnswerRefusalBeforeSeparation;
        recheck(rule(facts(), actor) ?? currentEscalation(named));
        const now = Date.now();
        // The OPD gets this level's time again to act on the instruction.
        ladder = answered(ladder, now);
        changes++;
        await projections.recordEscalationAnswered({
          escalationId: escalationId!,
          taskId,
          projectId,
          level: ladder.level,
          actor: actorOf(actor),
          instruction: instruction.trim(),
          at: iso(now),
        });
        publish();
        return snapshot();
      }),
    {
      validator: ({ actor, instruction, escalationId: named }: AnswerEscalationArgs) => {
        recheck(escalationAnswerRefusal(facts(), actor) ?? currentEscalation(named));
        if (!instruction?.trim()) refuse({ kind: 'INVALID', message: 'an answer needs an instruction' });
      },
    },
  );

  setHandler(
    extendDeadlineUpdate,
    ({ actor, extension, reason, escalationId: named }) =>
      serial(async () => {
        const rule = separated() ? extensionRefusal : extensionRefusalBeforeSeparation;
        recheck(rule(facts(), actor) ?? currentEscalation(named));
        const now = Date.now();
        const closedEscalation = escalationId;
        const closedLevel = ladder.level;
        deadlineExtended = true;
        restartLadder(now, deadlineFor(now, extension, calendar));
        changes++;
        await projections.recordDeadlineExtended({
          taskId,
          projectId,
          escalationId: closedEscalation,
          level: closedLevel,
          actor: actorOf(actor),
          extension,
          reason: reason.trim(),
          at: iso(now),
          dueAt: iso(ladder.dueMs),
        });
        publish();
        return snapshot();
      }),
    {
      validator: ({ actor, extension, reason, escalationId: named }: ExtendDeadlineArgs) => {
        recheck(extensionRefusal(facts(), actor) ?? currentEscalation(named));
        const slaProblem = validateSla(extension);
        if (slaProblem) refuse({ kind: 'INVALID', message: `extension: ${slaProblem}` });
        // At most the step's original SLA again, in the task's calendar (validators never replay: no patch).
        const tooLong = extensionLengthProblem(extension, step.sla, Date.now(), calendar);
        if (tooLong) refuse({ kind: 'INVALID', message: tooLong });
        if (!reason?.trim()) refuse({ kind: 'INVALID', message: 'an extension needs a reason' });
      },
    },
  );

  /** Records an event of the lead's review clock that fell due (fair clocks): on the lead's OPD, not the task's. */
  async function fireReview(event: LadderEvent): Promise<void> {
    const now = Date.now();
    review = applyLadderEvent(review!, event, now);
    const { dueMs, level } = review;
    const leadAgencyId = input.lead.agencyId;
    switch (event.kind) {
      case 'REMINDER':
        await background.recordReviewReminder({
          taskId,
          projectId,
          leadAgencyId,
          percent: event.percent,
          dueAt: iso(dueMs),
          at: iso(now),
        });
        return;
      case 'ESCALATE': {
        const previous = reviewEscalationId;
        reviewEscalationId = uuid4();
        await background.recordEscalationOpened({
          escalationId: reviewEscalationId,
          supersedes: previous,
          taskId,
          projectId,
          agencyId: leadAgencyId,
          level,
          dueAt: iso(dueMs),
          at: iso(now),
          kind: 'REVIEW',
        });
        return;
      }
      case 'REPEAT':
        await background.recordEscalationRepeated({
          escalationId: reviewEscalationId!,
          taskId,
          projectId,
          level,
          repeat: review.levelRepeats,
          at: iso(now),
          kind: 'REVIEW',
          leadAgencyId,
        });
        return;
    }
  }

  /** Records an event of the ladder that fell due (the timer loop below decides when). */
  async function fire(event: LadderEvent): Promise<void> {
    const now = Date.now();
    ladder = applyLadderEvent(ladder, event, now);
    const { dueMs, level } = ladder;
    switch (event.kind) {
      case 'REMINDER':
        await background.recordTaskReminder({
          taskId,
          projectId,
          agencyId,
          percent: event.percent,
          dueAt: iso(dueMs),
          at: iso(now),
        });
        return;
      case 'ESCALATE': {
        const previous = escalationId;
        escalationId = uuid4();
        publish();
        await background.recordEscalationOpened({
          escalationId,
          supersedes: previous,
          taskId,
          projectId,
          agencyId,
          level,
          dueAt: iso(dueMs),
          at: iso(now),
        });
        return;
      }
      case 'REPEAT':
        await background.recordEscalationRepeated({
          escalationId: escalationId!,
          taskId,
          projectId,
          level,
          repeat: ladder.levelRepeats,
          at: iso(now),
        });
        return;
    }
  }

  // Tasks started with their attributes (startAgencyTasks) need no command; a child of an older project does.
  if (workflowInfo().typedSearchAttributes.get(TASK_STATE_ATTRIBUTE) === undefined) publish();
  else published = `${agencyCode} ${state} false`;

  // Not cancellable: a project cancelled right after starting this task must still find the task row
  // to mark it CANCELLED (the cancellation then surfaces in the loop below).
  await CancellationScope.nonCancellable(() =>
    background.recordStepTaskAssigned({
      taskId,
      projectId,
      stepKey: step.key,
      agencyId,
      title: step.title,
      instructions: step.instructions,
      form: step.form,
      assignedAt: iso(ladder.startMs),
      dueAt: iso(ladder.dueMs),
    }),
  );

  try {
    while (!FINISHED_STATES.includes(state)) {
      const seen = changes;
      // While a submission waits under fair clocks, the lead's review clock runs instead of the OPD's.
      const reviewing = fairClocks && (state as TaskState) === 'SUBMITTED' && review !== null;
      const event = reviewing
        ? nextReviewEvent(review!, reviewPolicy.escalation, calendar, reviewSlaCalendar)
        : nextLadderEvent(ladder, state, step.escalation, calendar, slaCalendar);
      if (event === null) {
        await condition(() => changes !== seen);
        continue;
      }
      const wait = event.at - Date.now();
      if (wait > 0 && (await condition(() => changes !== seen, wait))) continue;
      await serial(async () => {
        // A handler that ran while this event waited in the queue may have made it stale.
        if (changes === seen) await (reviewing ? fireReview(event) : fire(event));
      });
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The project was cancelled (or resolved): record it even though this scope is cancelled.
    await CancellationScope.nonCancellable(async () => {
      await queue;
      // A resolved project's tasks are no longer needed: CLOSED, not the OPD's failure. A history whose worker
      // knew no such signal recorded CANCELLED, and replays so.
      if (noLongerNeeded !== null && patched('closed-when-no-longer-needed')) {
        // Accepted while the project was being resolved: the work was done and stays COMPLETED.
        if (state === 'COMPLETED') return;
        state = 'CLOSED';
        publish();
        await background.recordTaskClosed({
          taskId,
          projectId,
          escalationId,
          reason: noLongerNeeded,
          at: iso(Date.now()),
        });
        return;
      }
      state = 'CANCELLED';
      publish();
      await background.recordTaskCancelled({ taskId, projectId, escalationId, at: iso(Date.now()) });
    });
    return snapshot();
  }

  await condition(allHandlersFinished);
  await getExternalWorkflowHandle(input.projectWorkflowId)
    .signal(stepFinishedSignal, { stepKey: step.key, taskId, outcome: 'DONE' })
    .catch(() => undefined); // the project may already be closed (cancelled)
  return snapshot();
}

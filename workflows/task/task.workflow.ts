import {
  ActivityCancellationType,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { createActivities } from '@gotong/activities';
import {
  deadlineFor,
  isWorkingUnit,
  pointInSla,
  validateSla,
  type WorkCalendar,
} from '@gotong/domain/calendar';
import { validateContribution } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import {
  claimRefusal,
  escalationAnswerRefusal,
  extensionRefusal,
  FINISHED_STATES,
  OPD_WORKING_STATES,
  reassignRefusal,
  reviewRefusal,
  submitRefusal,
  type Refusal,
  type TaskFacts,
  type TaskState,
} from '@gotong/domain/task-rules';
import {
  answerEscalationUpdate,
  claimTaskUpdate,
  extendDeadlineUpdate,
  reassignTaskUpdate,
  reviewContributionUpdate,
  stepFinishedSignal,
  submitContributionUpdate,
  taskSnapshotQuery,
  type AnswerEscalationArgs,
  type ClaimArgs,
  type ExtendDeadlineArgs,
  type ReassignArgs,
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

const projections = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  // A projection in flight when the task is cancelled finishes before the cancellation is recorded, so
  // nothing this task did lands in Postgres after its CANCELLED row (the incident summary relies on it).
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const REMINDER_FRACTIONS = [0.5, 0.75] as const;

type LadderEvent =
  | { kind: 'REMINDER'; at: number; percent: number }
  | { kind: 'ESCALATE'; at: number; level: number }
  | { kind: 'REPEAT'; at: number };

function refuse(refusal: Refusal): never {
  const type =
    refusal.kind === 'FORBIDDEN'
      ? TASK_FORBIDDEN
      : refusal.kind === 'NOT_OPEN'
        ? TASK_NOT_OPEN
        : INVALID_REQUEST;
  throw ApplicationFailure.nonRetryable(refusal.message, type);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The life of one template step's task:
 *
 *   ASSIGNED → CLAIMED → SUBMITTED → COMPLETED (the lead accepts)
 *                          ↓   ↑
 *                        RETURNED (with a reason)
 *
 * While the OPD owes work (assigned, claimed, returned) reminders go out at 50%
 * and 75% of the SLA, and past the deadline the escalation ladder climbs:
 * level 1 Kepala OPD, 2 Sekda, 3 Bupati / Wakil Bupati, each level with its own
 * timeout and repeats. An escalated official may answer with an instruction or
 * extend the deadline once. The lead may move the task to another OPD (a fresh
 * SLA; the count is kept), the Kepala OPD may hand it to another staff member.
 * Every action is an Update whose validator refuses wrong callers and states;
 * state-changing work runs one at a time, in order, so projections never go
 * backwards.
 */
export async function agencyTaskWorkflow(input: StepTaskInput): Promise<TaskSnapshot> {
  const { step, calendar, taskId, projectId } = input;
  // SLAs in calendar units (hours, minutes…) put their reminders in calendar time too.
  const slaCalendar: WorkCalendar = isWorkingUnit(step.sla.unit) ? calendar : { ...calendar, mode: 'ALWAYS' };

  let agencyId = step.agencyId;
  let state: TaskState = 'ASSIGNED';
  let assigneeId: string | null = null;
  let startMs = Date.now();
  let dueMs = deadlineFor(startMs, step.sla, calendar);
  let remindersSent = 0;
  let level = 0;
  let levelRepeats = 0;
  let ladderAnchorMs = 0;
  let escalationId: string | null = null;
  let deadlineExtended = false;
  let contributionVersion = 0;
  let contributionId: string | null = null;
  /** The latest submitted values (returned with the final snapshot, e.g. a resource request's decision). */
  let lastValues: Record<string, unknown> | null = null;
  let reassignmentCount = 0;
  let completedAt: string | null = null;
  /** Bumped on every state change; the timer loop recomputes its next event when it moves. */
  let changes = 0;

  const facts = (): TaskFacts => ({
    agencyId,
    state,
    escalationLevel: level,
    deadlineExtended,
    lead: { userId: input.lead.userId, agencyId: input.lead.agencyId },
  });
  const snapshot = (): TaskSnapshot => ({
    taskId,
    agencyId,
    state,
    dueAt: iso(dueMs),
    escalationLevel: level,
    completedAt,
    assigneeId,
    contributionVersion,
    reassignmentCount,
    deadlineExtended,
    remindersSent,
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

  /** An answer names the escalation it answers: one superseded meanwhile (moved task, next level) is closed. */
  function currentEscalation(named: string | undefined): Refusal | null {
    return named !== undefined && named !== escalationId
      ? { kind: 'NOT_OPEN', message: "this escalation is closed; answer the task's current one" }
      : null;
  }

  function resetClock(now: number, deadline: number): void {
    startMs = now;
    dueMs = deadline;
    remindersSent = 0;
    level = 0;
    levelRepeats = 0;
    escalationId = null;
  }

  setHandler(taskSnapshotQuery, snapshot);

  setHandler(
    claimTaskUpdate,
    ({ actor }) =>
      serial(async () => {
        recheck(claimRefusal(facts(), actor));
        state = 'CLAIMED';
        assigneeId = actor.userId;
        changes++;
        await projections.recordTaskClaimed({
          taskId,
          projectId,
          actor: actorOf(actor),
          at: iso(Date.now()),
        });
        return snapshot();
      }),
    { validator: ({ actor }: ClaimArgs) => recheck(claimRefusal(facts(), actor)) },
  );

  setHandler(
    submitContributionUpdate,
    ({ actor, values }) =>
      serial(async () => {
        recheck(submitRefusal(facts(), actor));
        const checked = validateContribution(step.form, values);
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
        await projections.recordContributionSubmitted({
          contributionId,
          taskId,
          projectId,
          agencyId,
          version: contributionVersion,
          values: checked.values,
          form: step.form,
          actor: actorOf(actor),
          at: iso(Date.now()),
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
        return snapshot();
      }),
    {
      validator: ({ actor, values }: SubmitArgs) => {
        recheck(submitRefusal(facts(), actor));
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
        if (decision === 'ACCEPT') {
          state = 'COMPLETED';
          completedAt = iso(now);
        } else {
          state = 'RETURNED';
        }
        changes++;
        await projections.recordContributionReviewed({
          contributionId: contributionId!,
          taskId,
          projectId,
          decision,
          note: note?.trim() || null,
          actor: actorOf(actor),
          at: iso(now),
        });
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
          state = 'ASSIGNED';
          assigneeId = null;
          reassignmentCount++;
          // The new OPD gets the step's full SLA; the ladder starts again.
          resetClock(now, deadlineFor(now, step.sla, calendar));
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
          dueAt: iso(dueMs),
          reassignmentCount,
        });
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
        recheck(escalationAnswerRefusal(facts(), actor) ?? currentEscalation(named));
        const now = Date.now();
        // The OPD gets this level's time again to act on the instruction.
        ladderAnchorMs = now;
        changes++;
        await projections.recordEscalationAnswered({
          escalationId: escalationId!,
          taskId,
          projectId,
          level,
          actor: actorOf(actor),
          instruction: instruction.trim(),
          at: iso(now),
        });
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
        recheck(extensionRefusal(facts(), actor) ?? currentEscalation(named));
        const now = Date.now();
        const closedEscalation = escalationId;
        const closedLevel = level;
        deadlineExtended = true;
        resetClock(now, deadlineFor(now, extension, calendar));
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
          dueAt: iso(dueMs),
        });
        return snapshot();
      }),
    {
      validator: ({ actor, extension, reason, escalationId: named }: ExtendDeadlineArgs) => {
        recheck(extensionRefusal(facts(), actor) ?? currentEscalation(named));
        const slaProblem = validateSla(extension);
        if (slaProblem) refuse({ kind: 'INVALID', message: `extension: ${slaProblem}` });
        if (!reason?.trim()) refuse({ kind: 'INVALID', message: 'an extension needs a reason' });
      },
    },
  );

  /** The next reminder or ladder step, or null when nothing is due (the OPD owes nothing, or the ladder is exhausted). */
  function nextEvent(): LadderEvent | null {
    if (!OPD_WORKING_STATES.includes(state)) return null;
    if (remindersSent < REMINDER_FRACTIONS.length) {
      const fraction = REMINDER_FRACTIONS[remindersSent]!;
      return {
        kind: 'REMINDER',
        at: pointInSla(startMs, dueMs, fraction, slaCalendar),
        percent: fraction * 100,
      };
    }
    const levels = step.escalation.levels;
    if (level === 0) {
      const first = levels[0];
      return first ? { kind: 'ESCALATE', at: dueMs, level: first.level } : null;
    }
    const current = levels.find((l) => l.level === level);
    if (!current) return null;
    const at = deadlineFor(ladderAnchorMs, current.timeout, calendar);
    if (levelRepeats < current.repeats) return { kind: 'REPEAT', at };
    const next = levels.find((l) => l.level > level);
    return next ? { kind: 'ESCALATE', at, level: next.level } : null;
  }

  async function fire(event: LadderEvent): Promise<void> {
    const now = Date.now();
    switch (event.kind) {
      case 'REMINDER':
        remindersSent++;
        await projections.recordTaskReminder({
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
        level = event.level;
        levelRepeats = 0;
        ladderAnchorMs = now;
        escalationId = uuid4();
        await projections.recordEscalationOpened({
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
        levelRepeats++;
        ladderAnchorMs = now;
        await projections.recordEscalationRepeated({
          escalationId: escalationId!,
          taskId,
          projectId,
          level,
          repeat: levelRepeats,
          at: iso(now),
        });
        return;
    }
  }

  // Not cancellable: a project cancelled right after starting this task must still find the task row
  // to mark it CANCELLED (the cancellation then surfaces in the loop below).
  await CancellationScope.nonCancellable(() =>
    projections.recordStepTaskAssigned({
      taskId,
      projectId,
      stepKey: step.key,
      agencyId,
      title: step.title,
      instructions: step.instructions,
      form: step.form,
      assignedAt: iso(startMs),
      dueAt: iso(dueMs),
    }),
  );

  try {
    while (!FINISHED_STATES.includes(state)) {
      const seen = changes;
      const event = nextEvent();
      if (event === null) {
        await condition(() => changes !== seen);
        continue;
      }
      const wait = event.at - Date.now();
      if (wait > 0 && (await condition(() => changes !== seen, wait))) continue;
      await serial(async () => {
        // A handler that ran while this event waited in the queue may have made it stale.
        if (changes === seen) await fire(event);
      });
    }
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The project was cancelled: record it even though this scope is cancelled.
    await CancellationScope.nonCancellable(async () => {
      await queue;
      state = 'CANCELLED';
      await projections.recordTaskCancelled({ taskId, projectId, escalationId, at: iso(Date.now()) });
    });
    return snapshot();
  }

  await condition(allHandlersFinished);
  await getExternalWorkflowHandle(input.projectWorkflowId)
    .signal(stepFinishedSignal, { stepKey: step.key, taskId, outcome: 'DONE' })
    .catch(() => undefined); // the project may already be closed (cancelled)
  return snapshot();
}

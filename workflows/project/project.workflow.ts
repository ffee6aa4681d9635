import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { iso, projectionsOfThisRun } from '../projections';
import { managesProject } from '@gotong/domain/permissions';
import { isProjectLead } from '@gotong/domain/task-rules';
import { plannedWorkProblems, stepProblems } from '@gotong/domain/input-rules';
import { readySteps } from '@gotong/domain/template';
import { addedStepProblems, withBefore } from '@gotong/domain/added-step';
import { noLongerNeededSignal, stepFinishedSignal } from '../task/messages';
import { startsTasksFromActivity, startTasksFromActivity } from '../task/start';
import {
  addAgencyUpdate,
  cancelProjectUpdate,
  projectSnapshotQuery,
  resolveProjectUpdate,
  type AddAgencyArgs,
  type CancelProjectArgs,
  type ResolveProjectArgs,
} from './messages';
import { INVALID_REQUEST, TASK_FORBIDDEN, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import {
  projectKeyOf,
  type ProjectInput,
  type ProjectSnapshot,
  type ProjectStatus,
} from '@gotong/contracts/project';
import {
  readableTaskWorkflowId,
  taskWorkflowId,
  type AgencyTaskStart,
  type StepTaskInput,
} from '@gotong/contracts/task';

/**
 * Runs a project's steps as a DAG: every step whose dependencies are done gets
 * an agency-task workflow (parallel branches run side by side, a join waits for
 * all its inputs); the project completes when every step is done, or stops when
 * the lead cancels it, or ends RESOLVED when a decision answered its question (a
 * reconciliation decided by the walidata: its open tasks close as no longer
 * needed, not cancelled). Tasks report back with a signal and live on their own
 * (started by an activity; before, as children with ParentClosePolicy.ABANDON),
 * so the project can continue-as-new before its history grows too long without
 * touching the running tasks.
 */
export async function jointProjectWorkflow(input: ProjectInput): Promise<ProjectSnapshot> {
  // First, before any command: local projections for this run (scheduled ones in older histories).
  const projections = projectionsOfThisRun();
  // The API judges the same rules first; work it would have refused fails here at once, never retrying a
  // step whose deadline cannot be computed or whose text the database cannot hold.
  const problems = plannedWorkProblems(input);
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`the project cannot run: ${problems.join('; ')}`, INVALID_REQUEST);
  }
  const carried = input.carried ?? { started: {}, done: [], addedSteps: [], runs: 0 };
  const addedSteps = [...carried.addedSteps];
  // Steps an added OPD was put before wait for it in every later run too (issue 17).
  const addedDependsOn: Record<string, string[]> = { ...(carried.addedDependsOn ?? {}) };
  let steps = Object.entries(addedDependsOn).reduce(
    (all, [key, waitsFor]) =>
      all.map((s) =>
        s.key === key
          ? { ...s, dependsOn: [...s.dependsOn, ...waitsFor.filter((w) => !s.dependsOn.includes(w))] }
          : s,
      ),
    [...input.steps, ...addedSteps],
  );
  const started = new Map(Object.entries(carried.started));
  // stepKey → workflow id of the tasks started with a readable id; a step without one has taskWorkflowId(taskId).
  const taskWorkflowIds = new Map(Object.entries(carried.taskWorkflowIds ?? {}));
  const workflowIdOfStep = (key: string, taskId: string) =>
    taskWorkflowIds.get(key) ?? taskWorkflowId(taskId);
  const done = new Set(carried.done);
  let status: ProjectStatus = 'ACTIVE';
  let cancel: { actorUserId: string; actorAgencyId: string; reason: string } | null = null;
  let resolution: { actorUserId: string; actorAgencyId: string; reason: string } | null = null;
  let changes = 0;

  const snapshot = (): ProjectSnapshot => ({
    projectId: input.projectId,
    status,
    openTasks: steps.length - done.size,
    steps: steps.map((s) => ({
      key: s.key,
      agencyCode: s.agencyCode,
      taskId: started.get(s.key) ?? null,
      workflowId: started.has(s.key) ? workflowIdOfStep(s.key, started.get(s.key)!) : null,
      done: done.has(s.key),
    })),
    runs: carried.runs,
  });
  const requireActiveLead = (actor: Parameters<typeof isProjectLead>[0], alsoLeadership: boolean) => {
    if (!isProjectLead(actor, input.lead) && !(alsoLeadership && actor.role === 'LEADERSHIP')) {
      throw ApplicationFailure.nonRetryable(
        alsoLeadership
          ? 'only the project lead or leadership may do this'
          : 'only the project lead may do this',
        TASK_FORBIDDEN,
      );
    }
    if (status !== 'ACTIVE')
      throw ApplicationFailure.nonRetryable(`the project is ${status.toLowerCase()}`, TASK_NOT_OPEN);
  };

  setHandler(projectSnapshotQuery, snapshot);
  setHandler(stepFinishedSignal, ({ stepKey, outcome }) => {
    if (outcome === 'DONE') done.add(stepKey);
    changes++;
  });
  /**
   * The added step's rules (issue 17): its key new, its dependsOn known, its form valid, its `before` steps
   * known, not yet started and no cycle. For the summary-only step older histories carry these are the rules
   * of before (a new key, known dependsOn; the summary form is valid), so the handler's re-check issues the
   * same commands for them.
   */
  const addAgencyRefusal = ({ step, before }: AddAgencyArgs) => {
    const problems = [
      ...stepProblems(step),
      ...addedStepProblems(step, before ?? [], {
        steps,
        started: new Set(started.keys()),
        done,
      }),
    ];
    if (problems.length > 0) throw ApplicationFailure.nonRetryable(problems.join('; '), INVALID_REQUEST);
  };
  setHandler(
    addAgencyUpdate,
    async (args) => {
      const { actor, step } = args;
      requireActiveLead(actor, false);
      addAgencyRefusal(args);
      const before = args.before ?? [];
      // Before anything is awaited: the main loop must not start a step that is now to wait.
      if (before.length > 0) {
        steps = withBefore(steps, step.key, before);
        for (const key of before) addedDependsOn[key] = [...(addedDependsOn[key] ?? []), step.key];
      }
      steps.push(step);
      addedSteps.push(step);
      changes++;
      await projections.recordAgencyAdded({
        projectId: input.projectId,
        step,
        actor: { userId: actor.userId, agencyId: actor.agencyId, role: actor.role },
        at: iso(Date.now()),
        // The projection of the steps it makes wait (read by recordAgencyAdded once it takes them).
        ...(before.length > 0 ? { before } : {}),
      });
      return snapshot();
    },
    {
      validator: (args: AddAgencyArgs) => {
        requireActiveLead(args.actor, false);
        addAgencyRefusal(args);
      },
    },
  );
  setHandler(
    cancelProjectUpdate,
    ({ actor, reason }) => {
      requireActiveLead(actor, true);
      status = 'CANCELLED';
      cancel = { actorUserId: actor.userId, actorAgencyId: actor.agencyId, reason: reason.trim() };
      changes++;
      return Promise.resolve(snapshot());
    },
    {
      validator: ({ actor, reason }: CancelProjectArgs) => {
        requireActiveLead(actor, true);
        if (!reason?.trim())
          throw ApplicationFailure.nonRetryable('a cancellation needs a reason', INVALID_REQUEST);
      },
    },
  );

  const requireResolver = (actor: ResolveProjectArgs['actor']) => {
    if (!managesProject(actor, input.lead, 'resolve')) {
      throw ApplicationFailure.nonRetryable(
        'only the project lead or a walidata may resolve a project',
        TASK_FORBIDDEN,
      );
    }
    if (status !== 'ACTIVE')
      throw ApplicationFailure.nonRetryable(`the project is ${status.toLowerCase()}`, TASK_NOT_OPEN);
  };
  // New in issue 13: no history before it holds this Update (an unknown Update is rejected, leaving no event).
  setHandler(
    resolveProjectUpdate,
    ({ actor, reason }) => {
      requireResolver(actor);
      status = 'RESOLVED';
      resolution = { actorUserId: actor.userId, actorAgencyId: actor.agencyId, reason: reason.trim() };
      changes++;
      return Promise.resolve(snapshot());
    },
    {
      validator: ({ actor, reason }: ResolveProjectArgs) => {
        requireResolver(actor);
        if (!reason?.trim())
          throw ApplicationFailure.nonRetryable('a resolution needs a reason', INVALID_REQUEST);
      },
    },
  );

  if (carried.runs === 0) {
    await projections.recordProjectStarted({
      projectId: input.projectId,
      workflowId: workflowInfo().workflowId,
      title: input.title,
      description: input.description,
      lead: input.lead,
      templateId: input.templateId,
      parameters: input.parameters,
      steps: input.steps,
      startedAt: iso(Date.now()),
    });
  }

  /** The agency task of a ready step: its id chosen here and kept in `started`. */
  function taskStart(key: string): AgencyTaskStart {
    const step = steps.find((s) => s.key === key)!;
    const taskId = uuid4();
    started.set(key, taskId);
    const args: StepTaskInput = {
      taskId,
      projectId: input.projectId,
      projectWorkflowId: workflowInfo().workflowId,
      lead: input.lead,
      step,
      calendar: input.calendar,
    };
    return { workflowId: taskWorkflowIdFor(key, step.agencyCode, taskId), args };
  }

  /**
   * A new task's workflow id: readable (`task-<OPD>-<project key>-<task key>`) from 'readable-task-ids' on, kept
   * in `taskWorkflowIds` (and carried) so that the project cancels the task by it; before, `agency-task-<taskId>`.
   */
  function taskWorkflowIdFor(key: string, agencyCode: string, taskId: string): string {
    if (!patched('readable-task-ids')) return taskWorkflowId(taskId);
    const projectKey = projectKeyOf(workflowInfo().workflowId, input.projectId);
    let workflowId = readableTaskWorkflowId(agencyCode, projectKey, taskId);
    // Two tasks of one OPD in this project whose task keys coincide (32 random bits): the whole task id.
    if ([...taskWorkflowIds.values()].includes(workflowId))
      workflowId = `task-${agencyCode}-${projectKey}-${taskId.replace(/-/g, '')}`;
    taskWorkflowIds.set(key, workflowId);
    return workflowId;
  }

  /** The agency-task child of a ready step, in histories from before 'start-tasks-from-activity'. */
  async function startStep(key: string): Promise<void> {
    const { workflowId, args } = taskStart(key);
    await startChild('agencyTaskWorkflow', {
      workflowId,
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength > input.continueAsNewAfterEvents);

  while (status === 'ACTIVE' && done.size < steps.length) {
    // Taken before the starts below: a signal or update handled while a start is awaited must still wake the wait.
    const seen = changes;
    const ready = readySteps(steps, done, new Set(started.keys()));
    // Every ready step's task at once, in readySteps' order: the starts are commanded together, so no OPD
    // waits for the others' round trips to the server, and no cancellation can land between them. (With one
    // step both ways issue the same commands: no patch marker is needed, nor a longer history.)
    if (ready.length > 0 && startsTasksFromActivity()) {
      // One activity starts them all side by side (a child workflow's start waited for the one before).
      await startTasksFromActivity(ready.map(taskStart), projections);
    } else if (ready.length > 1 && patched('start-ready-steps-concurrently')) {
      await Promise.all(ready.map(startStep));
    } else {
      for (const key of ready) {
        if ((status as ProjectStatus) !== 'ACTIVE') break; // cancelled while earlier steps were being started
        await startStep(key);
      }
    }
    if (done.size >= steps.length) break;
    await condition(() => changes !== seen);
    if (status === 'ACTIVE' && shouldContinueAsNew()) {
      await condition(allHandlersFinished);
      // A cancellation (or resolution) accepted while the handlers finished is not carried: stop here instead.
      if ((status as ProjectStatus) !== 'ACTIVE') continue;
      await continueAsNew<(input: ProjectInput) => Promise<ProjectSnapshot>>({
        ...input,
        carried: {
          started: Object.fromEntries(started),
          done: [...done],
          addedSteps,
          // Only when a step was made to wait: older runs continue with the input they always had.
          ...(Object.keys(addedDependsOn).length > 0 ? { addedDependsOn } : {}),
          // Only once a task has a readable id: older runs continue with the input they always had.
          ...(taskWorkflowIds.size > 0 ? { taskWorkflowIds: Object.fromEntries(taskWorkflowIds) } : {}),
          runs: carried.runs + 1,
        },
      });
    }
  }

  // (handlers change `status` behind the compiler's back)
  if ((status as ProjectStatus) === 'CANCELLED' && cancel) {
    const { actorUserId, actorAgencyId, reason } = cancel;
    for (const [key, taskId] of started) {
      if (done.has(key)) continue;
      await getExternalWorkflowHandle(workflowIdOfStep(key, taskId))
        .cancel()
        .catch(() => undefined); // already closed
    }
    await projections.recordProjectCancelled({
      projectId: input.projectId,
      actorUserId,
      actorAgencyId,
      reason,
      at: iso(Date.now()),
    });
  } else if ((status as ProjectStatus) === 'RESOLVED' && resolution) {
    // Only reachable through resolveProject, which no earlier history holds: every command here is new.
    const { actorUserId, actorAgencyId, reason } = resolution;
    for (const [key, taskId] of started) {
      if (done.has(key)) continue;
      const task = getExternalWorkflowHandle(workflowIdOfStep(key, taskId));
      // The reason first, so that the cancellation ends the task CLOSED (no longer needed), not CANCELLED.
      await task.signal(noLongerNeededSignal, { reason }).catch(() => undefined); // already closed
      await task.cancel().catch(() => undefined);
    }
    await projections.recordProjectResolved({
      projectId: input.projectId,
      actorUserId,
      actorAgencyId,
      reason,
      at: iso(Date.now()),
    });
  } else {
    status = 'COMPLETED';
    await projections.recordProjectCompleted({ projectId: input.projectId, completedAt: iso(Date.now()) });
  }
  await condition(allHandlersFinished);
  return snapshot();
}

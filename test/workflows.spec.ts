import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { Connection, Client as TemporalClient } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities } from '../activities/projection.activities';
import type { Database } from '../libs/database/src/prisma';
import type { Actor } from '../libs/domain/src/roles';
import {
  completeTaskUpdate,
  projectWorkflowId,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
  taskSnapshotQuery,
  taskWorkflowId,
  type JointProjectInput,
} from '../workflows/messages';
import { recordHistory } from './support/histories';
import { eventually, startWorker } from './support/stack';

/**
 * Workflow behaviour against the real Temporal dev server, with the real
 * projection activities writing to the run's database. Durations are seconds.
 */
describe('joint-project and agency-task workflows', () => {
  const taskQueue = `wf-test-${randomUUID().slice(0, 8)}`;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let client: Client;
  let db: Database;
  let lead: Actor;
  let dinkes: { agencyId: string; staff: Actor };
  let dinsos: { agencyId: string; staff: Actor };

  beforeAll(async () => {
    worker = await startWorker(taskQueue);
    db = worker.db;
    client = new TemporalClient({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    });
    const actor = async (username: string): Promise<Actor> => {
      const u = await db.user.findUniqueOrThrow({
        where: { username },
        select: { id: true, agencyId: true, role: true },
      });
      return { userId: u.id, agencyId: u.agencyId, role: u.role };
    };
    lead = await actor('lead.bappeda');
    const dinkesStaff = await actor('staff.dinkes');
    const dinsosStaff = await actor('staff.dinsos');
    dinkes = { agencyId: dinkesStaff.agencyId, staff: dinkesStaff };
    dinsos = { agencyId: dinsosStaff.agencyId, staff: dinsosStaff };
  });

  afterAll(async () => {
    await client?.connection.close();
    worker?.worker.shutdown();
    await worker?.running;
    await worker?.close();
  });

  function projectInput(slaMs: number, agencies = [dinkes.agencyId, dinsos.agencyId]): JointProjectInput {
    const projectId = randomUUID();
    return {
      projectId,
      title: 'Percepatan penurunan stunting',
      description: null,
      lead,
      tasks: agencies.map((agencyId) => ({
        taskId: randomUUID(),
        projectId,
        agencyId,
        title: 'Rekap data',
        instructions: null,
        slaMs,
      })),
    };
  }

  async function start(input: JointProjectInput) {
    const handle = await client.workflow.start('jointProjectWorkflow', {
      workflowId: projectWorkflowId(input.projectId),
      taskQueue,
      args: [input],
    });
    const taskHandles = input.tasks.map((t) => client.workflow.getHandle(taskWorkflowId(t.taskId)));
    // Children exist once the project has projected itself and started them.
    await eventually(async () => {
      for (const h of taskHandles) await h.describe();
      return true;
    });
    return { handle, taskHandles };
  }

  async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  it('completes when every OPD has completed its task, refusing wrong callers without a trace in history', async () => {
    const input = projectInput(60_000);
    const { handle, taskHandles } = await start(input);
    const [dinkesTask, dinsosTask] = taskHandles as [(typeof taskHandles)[0], (typeof taskHandles)[0]];

    const foreign = await refusal(
      dinkesTask.executeUpdate(completeTaskUpdate, {
        args: [{ actor: dinsos.staff, summary: 'bukan milik saya' }],
      }),
    );
    expect(foreign.type).toBe(TASK_FORBIDDEN);
    const leadAttempt = await refusal(
      dinkesTask.executeUpdate(completeTaskUpdate, { args: [{ actor: lead, summary: 'x' }] }),
    );
    expect(leadAttempt.type).toBe(TASK_FORBIDDEN);
    expect((await dinkesTask.query(taskSnapshotQuery)).state).toBe('ASSIGNED');

    const accepted = await dinkesTask.executeUpdate(completeTaskUpdate, {
      args: [{ actor: dinkes.staff, summary: '37 balita' }],
    });
    expect(accepted).toMatchObject({ state: 'COMPLETED', agencyId: dinkes.agencyId, escalationLevel: 0 });
    // The projection was written before the Update returned.
    const row = await db.task.findUniqueOrThrow({ where: { id: input.tasks[0]!.taskId } });
    expect(row).toMatchObject({
      status: 'COMPLETED',
      completedById: dinkes.staff.userId,
      result: { summary: '37 balita' },
    });

    await dinsosTask.executeUpdate(completeTaskUpdate, {
      args: [{ actor: dinsos.staff, summary: 'PMT tersalur' }],
    });
    expect(await handle.result()).toEqual({ projectId: input.projectId, status: 'COMPLETED', openTasks: 0 });

    // Refused updates never reach history: only the two accepted completions do.
    const history = await dinkesTask.fetchHistory();
    const accepts = history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepts).toHaveLength(1);
    expect((await db.jointProject.findUniqueOrThrow({ where: { id: input.projectId } })).status).toBe(
      'COMPLETED',
    );

    await recordHistory(handle, 'jointProjectWorkflow-two-opds');
    await recordHistory(dinkesTask, 'agencyTaskWorkflow-completed-with-refusals');
  });

  it('refuses an empty contribution in the validator', async () => {
    const input = projectInput(60_000, [dinkes.agencyId]);
    const { handle, taskHandles } = await start(input);
    const empty = await refusal(
      taskHandles[0]!.executeUpdate(completeTaskUpdate, { args: [{ actor: dinkes.staff, summary: '  ' }] }),
    );
    expect(empty.type).toBe('InvalidContribution');
    await taskHandles[0]!.executeUpdate(completeTaskUpdate, {
      args: [{ actor: dinkes.staff, summary: 'ok' }],
    });
    await handle.result();
  });

  it('escalates once to the Kepala OPD at the deadline and keeps waiting', async () => {
    const input = projectInput(1_500, [dinkes.agencyId]);
    const { handle, taskHandles } = await start(input);
    const task = taskHandles[0]!;
    const escalated = await eventually(async () => {
      const s = await task.query(taskSnapshotQuery);
      return s.escalationLevel === 1 ? s : undefined;
    });
    expect(escalated.state).toBe('ASSIGNED');
    const taskId = input.tasks[0]!.taskId;
    await eventually(
      async () => (await db.task.findUniqueOrThrow({ where: { id: taskId } })).escalationLevel === 1,
    );
    const events = await db.auditEvent.findMany({ where: { taskId, action: 'TASK_ESCALATED' } });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ level: 1, escalatedTo: 'Kepala OPD' });

    const done = await task.executeUpdate(completeTaskUpdate, {
      args: [{ actor: dinkes.staff, summary: 'terlambat' }],
    });
    expect(done).toMatchObject({ state: 'COMPLETED', escalationLevel: 1 });
    await handle.result();
    await recordHistory(task, 'agencyTaskWorkflow-escalated');
  });

  it('projects idempotently: re-running an activity writes no duplicate audit events', async () => {
    const input = projectInput(60_000, [dinkes.agencyId]);
    const { handle, taskHandles } = await start(input);
    await taskHandles[0]!.executeUpdate(completeTaskUpdate, {
      args: [{ actor: dinkes.staff, summary: 'ok' }],
    });
    await handle.result();
    const activities = createActivities({ db });
    const before = await db.auditEvent.count({ where: { projectId: input.projectId } });
    await activities.recordProjectCompleted({
      projectId: input.projectId,
      completedAt: new Date().toISOString(),
    });
    await activities.recordTaskCompleted({
      taskId: input.tasks[0]!.taskId,
      projectId: input.projectId,
      actor: dinkes.staff,
      summary: 'ok',
      completedAt: new Date().toISOString(),
    });
    expect(await db.auditEvent.count({ where: { projectId: input.projectId } })).toBe(before);
  });

  it('reports TaskNotOpen from the validator while a completion is in flight or done', async () => {
    const input = projectInput(60_000, [dinkes.agencyId]);
    const { handle, taskHandles } = await start(input);
    const task = taskHandles[0]!;
    const [first, second] = await Promise.allSettled([
      task.executeUpdate(completeTaskUpdate, { args: [{ actor: dinkes.staff, summary: 'satu' }] }),
      task.executeUpdate(completeTaskUpdate, { args: [{ actor: dinkes.staff, summary: 'dua' }] }),
    ]);
    const outcomes = [first, second].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    const cause = (rejected.reason as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(TASK_NOT_OPEN);
    await handle.result();
  });
});

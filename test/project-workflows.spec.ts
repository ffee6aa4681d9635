import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { valueFromHistoryPayload } from '@gotong/config/temporal-data-converter';
import { createActivities } from '@gotong/activities';
import type { Database } from '@gotong/database/prisma';
import { workCalendar, type Sla } from '@gotong/domain/calendar';
import type { FieldError, FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import type { EscalationPolicy } from '@gotong/domain/template';
import type { agencyTaskWorkflow, jointProjectWorkflow } from '@gotong/workflows';
import {
  INVALID_CONTRIBUTION,
  INVALID_REQUEST,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
} from '@gotong/contracts/failures';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import type { StepPlan, TaskSnapshot } from '@gotong/contracts/task';
import {
  addAgencyUpdate,
  cancelProjectUpdate,
  projectSnapshotQuery,
  resolveProjectUpdate,
} from '@gotong/workflows/project/messages';
import {
  answerEscalationUpdate,
  claimTaskUpdate,
  extendDeadlineUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  reviewContributionUpdate,
  submitContributionUpdate,
  taskSnapshotQuery,
} from '@gotong/workflows/task/messages';
import { recordHistory } from './support/histories';
import { eventually, startWorker, testDataConverter } from './support/stack';

/**
 * The version-2 workflows (template step DAG and task lifecycle) against the
 * real Temporal dev server, with the real projection activities writing to
 * the run's database. A 24/7 calendar and SLAs in seconds keep it fast.
 */

type ProjectHandle = WorkflowHandleWithFirstExecutionRunId<typeof jointProjectWorkflow>;
type TaskHandle = WorkflowHandle<typeof agencyTaskWorkflow>;
type AgencyCode = 'DINKES' | 'DINSOS' | 'DPUPR' | 'BAPPEDA';
type Username =
  | 'staff.dinkes'
  | 'kepala.dinkes'
  | 'staff.dinsos'
  | 'kepala.dinsos'
  | 'staff.dpupr'
  | 'kepala.dpupr'
  | 'lead.bappeda'
  | 'sekda'
  | 'bupati'
  | 'walidata';

const ALWAYS = workCalendar([], 'ALWAYS');
const seconds = (amount: number): Sla => ({ amount, unit: 'seconds' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long to wait for something a workflow will do: generous, as CI shares two cores between two files. */
const SLOW = 45_000;
/** A ladder far beyond any test's runtime, for scenarios that are not about escalation. */
const QUIET_LADDER: EscalationPolicy = { levels: [{ level: 1, timeout: seconds(600), repeats: 0 }] };

const SUMMARY_FORM: FormSchema = {
  fields: [{ key: 'ringkasan', label: 'Ringkasan pekerjaan', type: 'text', required: true }],
};

const DESA_A = '35.13.14.2001';
const DESA_B = '35.13.14.2002';
const STUNTING_FORM: FormSchema = {
  fields: [
    { key: 'balitaDiukur', label: 'Balita diukur', type: 'integer', required: true, unit: 'anak', min: 0 },
    {
      key: 'balitaStunting',
      label: 'Balita stunting per desa',
      type: 'integer',
      required: true,
      unit: 'anak',
      min: 0,
      perArea: 'desa',
    },
    { key: 'catatan', label: 'Catatan', type: 'text', required: false },
  ],
};

describe('version-2 project DAG and task lifecycle workflows', () => {
  // Room for a few SLOW waits in one scenario: a limit for a stuck test, not how long a test takes.
  jest.setTimeout(120_000);
  const taskQueue = `project-wf-test-${randomUUID().slice(0, 8)}`;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let client: Client;
  let db: Database;
  const agency = {} as Record<AgencyCode, string>;
  const user = {} as Record<Username, Actor>;
  /** A second DINKES staff member, for reassignment within the OPD. */
  let secondDinkesStaff: Actor;

  beforeAll(async () => {
    worker = await startWorker(taskQueue);
    db = worker.db;
    client = new Client({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
      dataConverter: testDataConverter(),
    });
    for (const code of ['DINKES', 'DINSOS', 'DPUPR', 'BAPPEDA'] as const) {
      agency[code] = (await db.agency.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;
    }
    const usernames: Username[] = [
      'staff.dinkes',
      'kepala.dinkes',
      'staff.dinsos',
      'kepala.dinsos',
      'staff.dpupr',
      'kepala.dpupr',
      'lead.bappeda',
      'sekda',
      'bupati',
      'walidata',
    ];
    for (const username of usernames) {
      const u = await db.user.findUniqueOrThrow({
        where: { username },
        select: { id: true, agencyId: true, role: true, office: true },
      });
      // Leadership's office decides which escalation levels they answer (level 2 the Sekda, 3 the Bupati).
      user[username] = {
        userId: u.id,
        agencyId: u.agencyId,
        role: u.role,
        ...(u.office ? { office: u.office } : {}),
      };
    }
    const second = await db.user.create({
      data: {
        username: `staff2.dinkes.${randomUUID().slice(0, 8)}`,
        fullName: 'Nur Hidayati',
        role: 'STAFF',
        position: 'Tenaga Gizi',
        agencyId: agency.DINKES,
        passwordHash: 'not-a-login',
      },
      select: { id: true, agencyId: true, role: true },
    });
    secondDinkesStaff = { userId: second.id, agencyId: second.agencyId, role: second.role };
  });

  afterAll(async () => {
    await client?.connection.close();
    worker?.worker.shutdown();
    await worker?.running;
    await worker?.close();
  });

  // ---------------------------------------------------------------------------------------------------
  // helpers
  // ---------------------------------------------------------------------------------------------------

  function step(key: string, agencyCode: AgencyCode, options: Partial<StepPlan> = {}): StepPlan {
    return {
      key,
      title: `Langkah ${key}`,
      instructions: `Kerjakan langkah ${key}`,
      agencyId: agency[agencyCode],
      agencyCode,
      form: SUMMARY_FORM,
      sla: seconds(600),
      dependsOn: [],
      escalation: QUIET_LADDER,
      ...options,
    };
  }

  async function startProject(
    steps: StepPlan[],
    options: Partial<ProjectInput> = {},
    queue: string = taskQueue,
  ) {
    const projectId = randomUUID();
    const input: ProjectInput = {
      projectId,
      title: 'Percepatan Penurunan Stunting Kecamatan Kraksaan',
      description: null,
      lead: user['lead.bappeda'],
      templateId: null,
      parameters: { kecamatan: '35.13.14' },
      steps,
      calendar: ALWAYS,
      ...options,
    };
    const handle: ProjectHandle = await client.workflow.start<typeof jointProjectWorkflow>(
      'jointProjectWorkflow',
      { workflowId: projectWorkflowId(projectId), taskQueue: queue, args: [input] },
    );
    return { projectId, handle };
  }

  /** The task of a step, once its workflow has projected it. */
  async function taskOf(projectId: string, stepKey: string) {
    const row = await eventually(
      async () => (await db.task.findFirst({ where: { projectId, stepKey } })) ?? undefined,
    );
    const handle: TaskHandle = client.workflow.getHandle<typeof agencyTaskWorkflow>(row.workflowId);
    return { id: row.id, row, handle };
  }

  const snapshotOf = (task: { handle: TaskHandle }) => task.handle.query(taskSnapshotQuery);
  const claim = (task: { handle: TaskHandle }, actor: Actor) =>
    task.handle.executeUpdate(claimTaskUpdate, { args: [{ actor }] });
  const submit = (task: { handle: TaskHandle }, actor: Actor, values: Record<string, unknown>) =>
    task.handle.executeUpdate(submitContributionUpdate, { args: [{ actor, values }] });
  const review = (
    task: { handle: TaskHandle },
    actor: Actor,
    decision: 'ACCEPT' | 'RETURN',
    note: string | null = null,
  ) => task.handle.executeUpdate(reviewContributionUpdate, { args: [{ actor, decision, note }] });
  const answer = (task: { handle: TaskHandle }, actor: Actor, instruction: string) =>
    task.handle.executeUpdate(answerEscalationUpdate, { args: [{ actor, instruction }] });
  const extend = (task: { handle: TaskHandle }, actor: Actor, extension: Sla, reason: string) =>
    task.handle.executeUpdate(extendDeadlineUpdate, { args: [{ actor, extension, reason }] });

  /** Submits a one-line summary and has the lead accept it. */
  async function complete(task: { handle: TaskHandle }, staff: Actor): Promise<TaskSnapshot> {
    await submit(task, staff, { ringkasan: 'Selesai dikerjakan' });
    return review(task, user['lead.bappeda'], 'ACCEPT');
  }

  /** The failure a refused Update carries. */
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
  async function refusalType(promise: Promise<unknown>): Promise<string | undefined | null> {
    return (await refusal(promise)).type;
  }

  /** Audit events in the order they happened. */
  function trail(where: { projectId?: string; taskId?: string; action?: string }) {
    return db.auditEvent.findMany({
      where,
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: { action: true, taskId: true, actorUserId: true, detail: true, occurredAt: true },
    });
  }

  const escalationsOf = (taskId: string) =>
    db.escalation.findMany({ where: { taskId }, orderBy: { openedAt: 'asc' } });

  /** Updates accepted into a workflow's history (a validator's refusal never gets there). */
  async function updateEvents(handle: TaskHandle) {
    const events = (await handle.fetchHistory()).events ?? [];
    return {
      accepted: events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length,
      rejected: events.filter((e) => e.workflowExecutionUpdateRejectedEventAttributes).length,
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // 1. the DAG
  // ---------------------------------------------------------------------------------------------------

  it('runs two parallel branches side by side and starts the join only after both are accepted', async () => {
    const { projectId, handle } = await startProject([
      step('a', 'DINKES'),
      step('b', 'DINSOS'),
      step('c', 'DPUPR', { dependsOn: ['a', 'b'] }),
    ]);
    const a = await taskOf(projectId, 'a');
    const b = await taskOf(projectId, 'b');
    expect(a.row).toMatchObject({ agencyId: agency.DINKES, status: 'ASSIGNED', title: 'Langkah a' });
    expect(b.row).toMatchObject({ agencyId: agency.DINSOS, status: 'ASSIGNED' });
    // Each task's workflow id is readable: its OPD, the project's key and the task's (patch 'readable-task-ids').
    const projectKey = projectId.slice(0, 8);
    expect(a.row.workflowId).toBe(`task-DINKES-${projectKey}-${a.id.slice(0, 8)}`);
    expect(b.row.workflowId).toBe(`task-DINSOS-${projectKey}-${b.id.slice(0, 8)}`);
    expect((await handle.query(projectSnapshotQuery)).steps).toEqual([
      { key: 'a', agencyCode: 'DINKES', taskId: a.id, workflowId: a.row.workflowId, done: false },
      { key: 'b', agencyCode: 'DINSOS', taskId: b.id, workflowId: b.row.workflowId, done: false },
      { key: 'c', agencyCode: 'DPUPR', taskId: null, workflowId: null, done: false },
    ]);

    await complete(a, user['staff.dinkes']);
    const afterA = await eventually(async () => {
      const s = await handle.query(projectSnapshotQuery);
      return s.steps?.find((x) => x.key === 'a')?.done ? s : undefined;
    });
    // One branch done is not enough for the join.
    expect(afterA.steps?.find((x) => x.key === 'c')).toEqual({
      key: 'c',
      agencyCode: 'DPUPR',
      taskId: null,
      workflowId: null,
      done: false,
    });
    expect(afterA).toMatchObject({ status: 'ACTIVE', openTasks: 2 });
    expect(await db.task.count({ where: { projectId, stepKey: 'c' } })).toBe(0);

    await complete(b, user['staff.dinsos']);
    const c = await taskOf(projectId, 'c');
    expect(c.row).toMatchObject({ agencyId: agency.DPUPR, status: 'ASSIGNED' });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await complete(c, user['staff.dpupr']);

    const result = await handle.result();
    expect(result).toMatchObject({ projectId, status: 'COMPLETED', openTasks: 0, runs: 0 });
    expect(result.steps?.map((s) => [s.key, s.done])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
    ]);
    const project = await db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      include: { participants: true, tasks: true },
    });
    expect(project.status).toBe('COMPLETED');
    expect(project.completedAt).not.toBeNull();
    expect(project.participants.map((p) => p.agencyId).sort()).toEqual(
      [agency.DINKES, agency.DINSOS, agency.DPUPR].sort(),
    );
    expect(project.tasks.map((t) => [t.stepKey, t.status]).sort()).toEqual([
      ['a', 'COMPLETED'],
      ['b', 'COMPLETED'],
      ['c', 'COMPLETED'],
    ]);

    const events = await trail({ projectId });
    const index = (action: string, taskId: string | null = null) => {
      const i = events.findIndex((e) => e.action === action && e.taskId === taskId);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(events[0]?.action).toBe('PROJECT_STARTED');
    expect(events.at(-1)?.action).toBe('PROJECT_COMPLETED');
    for (const branch of [a, b]) {
      expect(index('TASK_ASSIGNED', branch.id)).toBeLessThan(index('CONTRIBUTION_SUBMITTED', branch.id));
      expect(index('CONTRIBUTION_SUBMITTED', branch.id)).toBeLessThan(
        index('CONTRIBUTION_ACCEPTED', branch.id),
      );
      expect(index('CONTRIBUTION_ACCEPTED', branch.id)).toBeLessThan(index('TASK_ASSIGNED', c.id));
    }
    expect(index('CONTRIBUTION_ACCEPTED', c.id)).toBeLessThan(index('PROJECT_COMPLETED'));
    expect(events.map((e) => e.action).sort()).toEqual(
      [
        'PROJECT_STARTED',
        ...['a', 'b', 'c'].flatMap(() => [
          'TASK_ASSIGNED',
          'CONTRIBUTION_SUBMITTED',
          'CONTRIBUTION_ACCEPTED',
        ]),
        'PROJECT_COMPLETED',
      ].sort(),
    );

    await recordHistory(handle, 'jointProjectWorkflow-v2-dag-join');
    await recordHistory(handle, 'jointProjectWorkflow-v3-dag-join-local-projections');

    // Projections are idempotent: an activity that Temporal runs again with the same input (a retry after a
    // lost reply) writes no second audit event and changes no row.
    const activities = createActivities({ db });
    const before = await db.auditEvent.count({ where: { projectId } });
    const projectRow = await db.jointProject.findUniqueOrThrow({ where: { id: projectId } });
    const accepted = await db.contribution.findFirstOrThrow({ where: { taskId: c.id, status: 'ACCEPTED' } });
    const acceptedTask = await db.task.findUniqueOrThrow({ where: { id: c.id } });
    await activities.recordProjectCompleted({
      projectId,
      completedAt: projectRow.completedAt!.toISOString(),
    });
    await activities.recordContributionReviewed({
      contributionId: accepted.id,
      taskId: c.id,
      projectId,
      decision: 'ACCEPT',
      note: null,
      actor: user['lead.bappeda'],
      at: acceptedTask.completedAt!.toISOString(),
    });
    expect(await db.task.findUniqueOrThrow({ where: { id: c.id } })).toEqual(acceptedTask);
    expect(await db.auditEvent.count({ where: { projectId } })).toBe(before);
    expect(await db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).toEqual(projectRow);
  });

  // ---------------------------------------------------------------------------------------------------
  // 2. the lifecycle
  // ---------------------------------------------------------------------------------------------------

  it('claims, refuses an invalid contribution, returns with a reason and accepts the second version', async () => {
    const { projectId, handle } = await startProject([step('data', 'DINKES', { form: STUNTING_FORM })]);
    const task = await taskOf(projectId, 'data');
    const staff = user['staff.dinkes'];
    const lead = user['lead.bappeda'];

    expect(await claim(task, staff)).toMatchObject({ state: 'CLAIMED', assigneeId: staff.userId });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'CLAIMED',
      assigneeId: staff.userId,
    });

    const invalid = await refusal(
      submit(task, staff, {
        balitaDiukur: -3,
        balitaStunting: { '35.13.14': 4, [DESA_A]: 2.5 },
        jumlahPosyandu: 12,
      }),
    );
    expect(invalid.type).toBe(INVALID_CONTRIBUTION);
    const fieldErrors = invalid.details?.[0] as FieldError[];
    expect(fieldErrors.map((e) => e.field).sort()).toEqual(
      ['balitaDiukur', 'balitaStunting.35.13.14', `balitaStunting.${DESA_A}`, 'jumlahPosyandu'].sort(),
    );
    expect(fieldErrors).toContainEqual({ field: 'balitaDiukur', message: 'must be at least 0' });
    expect(fieldErrors).toContainEqual({
      field: `balitaStunting.${DESA_A}`,
      message: 'must be a whole number',
    });
    expect(await snapshotOf(task)).toMatchObject({ state: 'CLAIMED', contributionVersion: 0 });
    expect(await db.contribution.count({ where: { taskId: task.id } })).toBe(0);
    // The refusal never reached history: only the claim was accepted.
    expect(await updateEvents(task.handle)).toEqual({ accepted: 1, rejected: 0 });

    expect(
      await submit(task, staff, { balitaDiukur: 120, balitaStunting: { [DESA_A]: 9, [DESA_B]: 4 } }),
    ).toMatchObject({ state: 'SUBMITTED', contributionVersion: 1 });
    expect(await review(task, lead, 'RETURN', 'Data Desa 2002 belum diverifikasi bidan desa')).toMatchObject({
      state: 'RETURNED',
      contributionVersion: 1,
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('RETURNED');

    expect(
      await submit(task, staff, {
        balitaDiukur: 118,
        balitaStunting: { [DESA_A]: 7, [DESA_B]: 3 },
        catatan: '  diverifikasi bidan desa  ',
      }),
    ).toMatchObject({ state: 'SUBMITTED', contributionVersion: 2 });
    const accepted = await review(task, lead, 'ACCEPT');
    expect(accepted).toMatchObject({ state: 'COMPLETED', contributionVersion: 2, escalationLevel: 0 });
    expect(accepted.completedAt).not.toBeNull();

    const contributions = await db.contribution.findMany({
      where: { taskId: task.id },
      orderBy: { version: 'asc' },
      include: { fieldValues: true },
    });
    expect(contributions.map((c) => [c.version, c.status, c.reviewNote, c.reviewedById])).toEqual([
      [1, 'RETURNED', 'Data Desa 2002 belum diverifikasi bidan desa', lead.userId],
      [2, 'ACCEPTED', null, lead.userId],
    ]);
    expect(contributions[1]?.values).toEqual({
      balitaDiukur: 118,
      balitaStunting: { [DESA_A]: 7, [DESA_B]: 3 },
      catatan: 'diverifikasi bidan desa',
    });
    const typed = (version: number) =>
      (contributions.find((c) => c.version === version)?.fieldValues ?? [])
        .map((v) => ({
          fieldKey: v.fieldKey,
          areaCode: v.areaCode,
          unit: v.unit,
          agencyId: v.agencyId,
          numberValue: v.numberValue === null ? null : Number(v.numberValue),
          textValue: v.textValue,
        }))
        .sort((x, y) => `${x.fieldKey}/${x.areaCode}`.localeCompare(`${y.fieldKey}/${y.areaCode}`));
    const row = (
      fieldKey: string,
      areaCode: string,
      numberValue: number | null,
      textValue: string | null,
    ) => ({
      fieldKey,
      areaCode,
      unit: textValue === null ? 'anak' : null,
      agencyId: agency.DINKES,
      numberValue,
      textValue,
    });
    expect(typed(1)).toEqual([
      row('balitaDiukur', '', 120, null),
      row('balitaStunting', DESA_A, 9, null),
      row('balitaStunting', DESA_B, 4, null),
    ]);
    expect(typed(2)).toEqual([
      row('balitaDiukur', '', 118, null),
      row('balitaStunting', DESA_A, 7, null),
      row('balitaStunting', DESA_B, 3, null),
      row('catatan', '', null, 'diverifikasi bidan desa'),
    ]);

    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'COMPLETED',
      completedById: staff.userId,
      assigneeId: staff.userId,
      result: contributions[1]?.values,
    });
    const events = await trail({ taskId: task.id });
    expect(events.map((e) => [e.action, (e.detail as { version?: number }).version ?? null])).toEqual([
      ['TASK_ASSIGNED', null],
      ['TASK_CLAIMED', null],
      ['CONTRIBUTION_SUBMITTED', 1],
      ['CONTRIBUTION_RETURNED', 1],
      ['CONTRIBUTION_SUBMITTED', 2],
      ['CONTRIBUTION_ACCEPTED', 2],
    ]);
    expect(events[3]?.detail).toMatchObject({ note: 'Data Desa 2002 belum diverifikasi bidan desa' });
    // claim, submit, return, submit, accept: the refused submission left nothing behind.
    expect(await updateEvents(task.handle)).toEqual({ accepted: 5, rejected: 0 });

    expect((await handle.result()).status).toBe('COMPLETED');
    await recordHistory(task.handle, 'agencyTaskWorkflow-v2-lifecycle-return-accept');
    // Local projections, the report sent with the completion, the task's search attributes (every patch of #16).
    await recordHistory(task.handle, 'agencyTaskWorkflow-v3-lifecycle-local-projections');
  });

  // ---------------------------------------------------------------------------------------------------
  // 3. validators
  // ---------------------------------------------------------------------------------------------------

  it('refuses wrong callers and wrong states in the validators, leaving nothing in history', async () => {
    const { projectId, handle } = await startProject([step('rekap', 'DINKES')]);
    const task = await taskOf(projectId, 'rekap');
    const values = { ringkasan: 'Rekap balita' };

    // Another OPD's staff and head.
    expect(await refusalType(claim(task, user['staff.dinsos']))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(submit(task, user['staff.dinsos'], values))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(submit(task, user['kepala.dinsos'], values))).toBe(TASK_FORBIDDEN);
    // Leadership and the lead do not work OPD tasks.
    expect(await refusalType(submit(task, user.sekda, values))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(submit(task, user.bupati, values))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(claim(task, user['lead.bappeda']))).toBe(TASK_FORBIDDEN);
    // Nothing to review yet.
    expect(await refusalType(review(task, user['lead.bappeda'], 'ACCEPT'))).toBe(TASK_NOT_OPEN);
    // Nothing is escalated yet.
    expect(await refusalType(answer(task, user['kepala.dinkes'], 'Segera'))).toBe(TASK_NOT_OPEN);

    expect(await submit(task, user['kepala.dinkes'], values)).toMatchObject({
      state: 'SUBMITTED',
      assigneeId: user['kepala.dinkes'].userId,
    });

    // Submitting (or claiming) while a contribution waits for review.
    expect(await refusalType(submit(task, user['staff.dinkes'], values))).toBe(TASK_NOT_OPEN);
    expect(await refusalType(claim(task, user['staff.dinkes']))).toBe(TASK_NOT_OPEN);
    // Only the project lead reviews.
    expect(await refusalType(review(task, user['kepala.dinkes'], 'ACCEPT'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(review(task, user['staff.dinkes'], 'ACCEPT'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(review(task, user.sekda, 'RETURN', 'bukan wewenang'))).toBe(TASK_FORBIDDEN);
    // Returning needs a reason.
    expect(await refusalType(review(task, user['lead.bappeda'], 'RETURN', null))).toBe(INVALID_REQUEST);
    expect(await refusalType(review(task, user['lead.bappeda'], 'RETURN', '   '))).toBe(INVALID_REQUEST);
    // A SUBMITTED task is reviewed before it moves to another OPD.
    expect(
      await refusalType(
        task.handle.executeUpdate(reassignTaskUpdate, {
          args: [{ actor: user['lead.bappeda'], toAgencyId: agency.DINSOS, reason: 'salah OPD' }],
        }),
      ),
    ).toBe(TASK_NOT_OPEN);

    expect(await snapshotOf(task)).toMatchObject({ state: 'SUBMITTED', contributionVersion: 1 });
    expect(await updateEvents(task.handle)).toEqual({ accepted: 1, rejected: 0 });
    const events = await trail({ taskId: task.id });
    expect(events.map((e) => e.action)).toEqual(['TASK_ASSIGNED', 'CONTRIBUTION_SUBMITTED']);

    await review(task, user['lead.bappeda'], 'ACCEPT');
    expect((await handle.result()).status).toBe('COMPLETED');
  });

  // ---------------------------------------------------------------------------------------------------
  // 4. reminders
  // ---------------------------------------------------------------------------------------------------

  it('reminds the OPD at 50% and 75% of the SLA, and not while a contribution waits for review', async () => {
    const { projectId, handle } = await startProject([
      step('late', 'DINKES', { sla: seconds(4) }),
      // Time enough for the submission below to land before this deadline even on a loaded machine.
      step('prompt', 'DINSOS', { sla: seconds(6) }),
    ]);
    const late = await taskOf(projectId, 'late');
    const prompt = await taskOf(projectId, 'prompt');
    await submit(prompt, user['staff.dinsos'], { ringkasan: 'Sudah dikirim' });
    // The submission normally lands well before the first reminder (50 %, 3 s); on a loaded machine it may
    // land after it, so what is checked below is what happened once it had landed.

    expect(late.row.dueAt.getTime() - late.row.createdAt.getTime()).toBe(4_000);
    await eventually(
      async () => (await trail({ taskId: late.id, action: 'TASK_ESCALATED' })).length > 0,
      SLOW,
    );

    // The reminders, then level 1, in this order. When each falls due (50 % and 75 % of the SLA, level 1 at
    // the deadline) is the ladder's arithmetic, tested in libs/domain/src/escalation-ladder.spec.ts.
    const dueAt = late.row.dueAt.toISOString();
    const ladderEvents = (await trail({ taskId: late.id })).filter((e) =>
      ['TASK_REMINDER', 'TASK_ESCALATED'].includes(e.action),
    );
    expect(ladderEvents.map((e) => [e.action, e.detail])).toEqual([
      ['TASK_REMINDER', { percentOfSla: 50, dueAt }],
      ['TASK_REMINDER', { percentOfSla: 75, dueAt }],
      ['TASK_ESCALATED', { level: 1, escalatedTo: 'Kepala OPD', dueAt }],
    ]);
    expect(await snapshotOf(late)).toMatchObject({ remindersSent: 2, escalationLevel: 1, state: 'ASSIGNED' });

    // The SUBMITTED task owes nothing: no reminder, no escalation after the submission, although its SLA has
    // passed too.
    await eventually(() => Date.now() > prompt.row.dueAt.getTime() + 500, SLOW);
    const promptTrail = (await trail({ taskId: prompt.id })).map((e) => e.action);
    const submittedAt = promptTrail.indexOf('CONTRIBUTION_SUBMITTED');
    expect(promptTrail[0]).toBe('TASK_ASSIGNED');
    expect(promptTrail.slice(submittedAt)).toEqual(['CONTRIBUTION_SUBMITTED']);
    const remindedBefore = promptTrail.filter((a) => a === 'TASK_REMINDER').length;
    expect(promptTrail.filter((a) => a === 'TASK_ESCALATED')).toEqual([]);
    expect(await snapshotOf(prompt)).toMatchObject({ remindersSent: remindedBefore, escalationLevel: 0 });

    await review(prompt, user['lead.bappeda'], 'ACCEPT');
    await complete(late, user['staff.dinkes']);
    expect((await handle.result()).status).toBe('COMPLETED');
  });

  // ---------------------------------------------------------------------------------------------------
  // 5. the escalation ladder
  // ---------------------------------------------------------------------------------------------------

  it('climbs the ladder level by level with repeats, stops at level 3, and stops when the task completes', async () => {
    const ladder: EscalationPolicy = {
      levels: [
        { level: 1, timeout: seconds(2), repeats: 1 },
        { level: 2, timeout: seconds(2), repeats: 0 },
        { level: 3, timeout: seconds(2), repeats: 0 },
      ],
    };
    const { projectId, handle } = await startProject([
      step('stalled', 'DINKES', { sla: seconds(2), escalation: ladder }),
      step('rescued', 'DINSOS', { sla: seconds(2), escalation: ladder }),
    ]);
    const stalled = await taskOf(projectId, 'stalled');
    const rescued = await taskOf(projectId, 'rescued');
    const dbLevel = async (taskId: string) =>
      (await db.task.findUniqueOrThrow({ where: { id: taskId } })).escalationLevel;

    // Level 1 at the deadline, for both tasks.
    await eventually(async () => (await dbLevel(stalled.id)) === 1, SLOW);
    await eventually(async () => (await dbLevel(rescued.id)) === 1, SLOW);
    // (The stalled ladder may already have moved on while the rescued one was read: it is not stopped.)
    expect((await snapshotOf(stalled)).escalationLevel).toBeGreaterThanOrEqual(1);
    // The rescued task is completed while escalated (at level 1, unless a loaded machine let its ladder move
    // on before the completion landed): its ladder stops where it was, that escalation resolved.
    // The submission settles the OPD's clock (fair clocks): the task's level drops to 0 and stays there.
    const rescuedLevel = (await snapshotOf(rescued)).escalationLevel;
    const rescuedDone = await complete(rescued, user['staff.dinsos']);
    expect(rescuedDone.escalationLevel).toBe(0);
    const rescuedRows = await escalationsOf(rescued.id);
    expect(rescuedRows.map((e) => e.level).slice(0, rescuedLevel)).toEqual(
      Array.from({ length: rescuedLevel }, (_, i) => i + 1),
    );
    expect(rescuedRows.map((e) => e.status)).toEqual([
      ...Array(rescuedRows.length - 1).fill('SUPERSEDED'),
      'RESOLVED',
    ]);

    // One repeat at level 1, then level 2 supersedes level 1 (the order of the rungs is checked on the trail
    // below: reading the level at a given moment would race the 2-second ladder).
    await eventually(
      async () => (await trail({ taskId: stalled.id, action: 'ESCALATION_REMINDER' })).length === 1,
      SLOW,
    );
    await eventually(async () => (await dbLevel(stalled.id)) >= 2, SLOW);
    const afterLevel2 = await escalationsOf(stalled.id);
    expect(afterLevel2.slice(0, 2).map((e) => e.level)).toEqual([1, 2]);
    expect(afterLevel2[0]!.status).toBe('SUPERSEDED');
    await eventually(async () => (await dbLevel(stalled.id)) === 3, SLOW);
    expect((await snapshotOf(stalled)).escalationLevel).toBe(3);

    // Level 3 is the top: a further timeout opens nothing.
    await sleep(2_600);
    const escalations = await escalationsOf(stalled.id);
    expect(escalations.map((e) => [e.level, e.status, e.repeats, e.agencyId])).toEqual([
      [1, 'SUPERSEDED', 1, agency.DINKES],
      [2, 'SUPERSEDED', 0, agency.DINKES],
      [3, 'OPEN', 0, agency.DINKES],
    ]);
    const ladderEvents = (await trail({ taskId: stalled.id })).filter((e) =>
      ['TASK_ESCALATED', 'ESCALATION_REMINDER'].includes(e.action),
    );
    expect(ladderEvents.map((e) => [e.action, e.detail])).toEqual([
      ['TASK_ESCALATED', { level: 1, escalatedTo: 'Kepala OPD', dueAt: stalled.row.dueAt.toISOString() }],
      ['ESCALATION_REMINDER', { level: 1, escalatedTo: 'Kepala OPD', repeat: 1 }],
      [
        'TASK_ESCALATED',
        { level: 2, escalatedTo: 'Sekretaris Daerah', dueAt: stalled.row.dueAt.toISOString() },
      ],
      [
        'TASK_ESCALATED',
        { level: 3, escalatedTo: 'Bupati / Wakil Bupati', dueAt: stalled.row.dueAt.toISOString() },
      ],
    ]);
    // When each rung falls due (its level's timeout after the previous one) is the ladder's arithmetic,
    // tested in libs/domain/src/escalation-ladder.spec.ts.
    expect(await dbLevel(stalled.id)).toBe(3);

    // Nothing happened to the rescued task after its acceptance, although its ladder (the same as the
    // stalled task's, reaching level 1 alongside it) would have repeated and climbed as the stalled one did.
    const rescuedEvents = await trail({ taskId: rescued.id });
    expect(rescuedEvents.at(-1)?.action).toBe('CONTRIBUTION_ACCEPTED');
    expect(rescuedEvents.filter((e) => e.action === 'TASK_ESCALATED')).toHaveLength(rescuedRows.length);
    expect(rescuedEvents.filter((e) => e.action === 'ESCALATION_REMINDER')).toHaveLength(
      rescuedRows.reduce((n, e) => n + e.repeats, 0),
    );
    expect(await escalationsOf(rescued.id)).toEqual(rescuedRows);

    const done = await complete(stalled, user['staff.dinkes']);
    expect(done).toMatchObject({ state: 'COMPLETED', escalationLevel: 0 });
    expect((await escalationsOf(stalled.id)).map((e) => e.status)).toEqual([
      'SUPERSEDED',
      'SUPERSEDED',
      'RESOLVED',
    ]);
    expect((await handle.result()).status).toBe('COMPLETED');
    await recordHistory(stalled.handle, 'agencyTaskWorkflow-v2-ladder');
    await recordHistory(stalled.handle, 'agencyTaskWorkflow-v3-ladder-overdue-attribute');
  });

  // ---------------------------------------------------------------------------------------------------
  // 6. answers and the one extension
  // ---------------------------------------------------------------------------------------------------

  it('lets the right official answer each level with an instruction and extend the deadline once', async () => {
    // Separation of duties: DPUPR's own Kepala answers nothing; level 1 is the project lead's (BAPPEDA) or
    // leadership's, level 2 the Sekda's; an extension is at most the step's SLA (five seconds here).
    // Each level must still be current when its official acts on it (a handful of Updates after the level
    // is seen): level 1 lasts long enough for that on a loaded machine, and level 2 is never outlived here.
    const ladder: EscalationPolicy = {
      levels: [
        { level: 1, timeout: seconds(6), repeats: 0 },
        { level: 2, timeout: seconds(60), repeats: 0 },
        { level: 3, timeout: seconds(60), repeats: 0 },
      ],
    };
    const { projectId, handle } = await startProject([
      step('jalan', 'DPUPR', { sla: seconds(5), escalation: ladder }),
    ]);
    const task = await taskOf(projectId, 'jalan');
    const level = async (n: number) =>
      eventually(async () => ((await snapshotOf(task)).escalationLevel === n ? true : undefined), SLOW);

    await level(1);
    expect(await refusalType(answer(task, user['staff.dpupr'], 'Saya kerjakan'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(answer(task, user['kepala.dinsos'], 'Bukan OPD saya'))).toBe(TASK_FORBIDDEN);
    const own = await refusal(answer(task, user['kepala.dpupr'], 'Sudah saya tegur'));
    expect(own).toMatchObject({
      type: TASK_FORBIDDEN,
      message: "separation of duties: nobody of the task's own OPD answers or extends its escalation",
    });
    expect(await refusalType(extend(task, user['kepala.dpupr'], seconds(5), 'minta waktu'))).toBe(
      TASK_FORBIDDEN,
    );
    expect(await refusalType(answer(task, user['lead.bappeda'], '  '))).toBe(INVALID_REQUEST);
    expect(await refusalType(extend(task, user['staff.dpupr'], seconds(5), 'minta waktu'))).toBe(
      TASK_FORBIDDEN,
    );
    const instruction1 = 'Turunkan tim UPT Kraksaan hari ini';
    expect(await answer(task, user['lead.bappeda'], `  ${instruction1} `)).toMatchObject({
      escalationLevel: 1,
      state: 'ASSIGNED',
    });
    const [first] = await escalationsOf(task.id);
    expect(first).toMatchObject({
      level: 1,
      status: 'ANSWERED',
      instruction: instruction1,
      answeredById: user['lead.bappeda'].userId,
    });

    // The instruction did not get the work done: level 2 after level 1's timeout from the answer.
    await level(2);
    expect(await refusalType(answer(task, user['kepala.dpupr'], 'Sudah saya tegur'))).toBe(TASK_FORBIDDEN);
    // Level 2 names the Sekda: the project lead no longer answers it.
    expect(await refusalType(answer(task, user['lead.bappeda'], 'Sudah saya tegur'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(extend(task, user['kepala.dpupr'], seconds(5), 'minta waktu'))).toBe(
      TASK_FORBIDDEN,
    );
    // The level-1 escalation is superseded: an answer naming it is refused as closed, even from leadership.
    const supersededAnswer = task.handle.executeUpdate(answerEscalationUpdate, {
      args: [{ actor: user.sekda, instruction: 'Lewat eskalasi lama', escalationId: first!.id }],
    });
    expect(await refusalType(supersededAnswer)).toBe(TASK_NOT_OPEN);
    const instruction2 = 'Koordinasikan dengan BPBD, laporkan besok pagi';
    await answer(task, user.sekda, instruction2);
    const [supersededFirst, second] = await escalationsOf(task.id);
    expect(supersededFirst).toMatchObject({ level: 1, status: 'SUPERSEDED', instruction: instruction1 });
    expect(second).toMatchObject({
      level: 2,
      status: 'ANSWERED',
      instruction: instruction2,
      answeredById: user.sekda.userId,
    });
    const answers = await trail({ taskId: task.id, action: 'ESCALATION_ANSWERED' });
    expect(answers.map((e) => [e.actorUserId, e.detail])).toEqual([
      [user['lead.bappeda'].userId, { level: 1, instruction: instruction1 }],
      [user.sekda.userId, { level: 2, instruction: instruction2 }],
    ]);

    // The extension: needs a valid SLA and a reason, then resets the ladder with a new deadline.
    expect(await refusalType(extend(task, user.sekda, seconds(5), ' '))).toBe(INVALID_REQUEST);
    expect(await refusalType(extend(task, user.sekda, { amount: 0, unit: 'seconds' }, 'x'))).toBe(
      INVALID_REQUEST,
    );
    // At most the step's original SLA (five seconds), whatever unit it is written in.
    expect(await refusal(extend(task, user.sekda, seconds(6), 'x'))).toMatchObject({
      type: INVALID_REQUEST,
      message: "extension: at most the step's original SLA (5 seconds); 6 seconds is longer",
    });
    expect(await refusalType(extend(task, user.sekda, { amount: 3650, unit: 'days' }, 'x'))).toBe(
      INVALID_REQUEST,
    );
    // Long enough for the checks below to run before the new deadline passes, even on a loaded machine.
    const extended = await extend(task, user.sekda, seconds(5), 'Menunggu alat berat dari provinsi');
    expect(extended).toMatchObject({ escalationLevel: 0, deadlineExtended: true, remindersSent: 0 });
    const [extensionEvent] = await trail({ taskId: task.id, action: 'DEADLINE_EXTENDED' });
    expect(extensionEvent).toMatchObject({
      actorUserId: user.sekda.userId,
      detail: {
        level: 2,
        extension: '5 detik',
        reason: 'Menunggu alat berat dari provinsi',
        dueAt: extended.dueAt,
      },
    });
    expect(new Date(extended.dueAt).getTime() - extensionEvent!.occurredAt.getTime()).toBe(5_000);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      dueAt: new Date(extended.dueAt),
      escalationLevel: 0,
      deadlineExtended: true,
    });
    expect((await escalationsOf(task.id)).map((e) => [e.level, e.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'RESOLVED'],
    ]);
    // Not escalated any more: nothing to extend right now.
    expect(await refusalType(extend(task, user.sekda, seconds(5), 'lagi'))).toBe(TASK_NOT_OPEN);

    // The new deadline passes: reminders for the new SLA, level 1 again, and no second extension.
    await level(1);
    const refused = await refusal(extend(task, user.sekda, seconds(30), 'sekali lagi'));
    expect(refused.type).toBe(TASK_NOT_OPEN);
    expect(refused.message).toMatch(/already extended/);
    // The workflow moves to level 1 before its projection has written the row: wait for the row.
    await eventually(async () => ((await escalationsOf(task.id)).length === 3 ? true : undefined));
    expect((await escalationsOf(task.id)).map((e) => [e.level, e.status])).toEqual([
      [1, 'SUPERSEDED'],
      [2, 'RESOLVED'],
      [1, 'OPEN'],
    ]);
    const reminders = await trail({ taskId: task.id, action: 'TASK_REMINDER' });
    expect(reminders.map((r) => r.detail)).toEqual([
      { percentOfSla: 50, dueAt: task.row.dueAt.toISOString() },
      { percentOfSla: 75, dueAt: task.row.dueAt.toISOString() },
      { percentOfSla: 50, dueAt: extended.dueAt },
      { percentOfSla: 75, dueAt: extended.dueAt },
    ]);

    await complete(task, user['staff.dpupr']);
    expect((await escalationsOf(task.id)).map((e) => e.status)).toEqual([
      'SUPERSEDED',
      'RESOLVED',
      'RESOLVED',
    ]);
    expect((await handle.result()).status).toBe('COMPLETED');
    // Recorded under separation of duties (patch 'escalation-separation-of-duties'); the history recorded
    // before it, agencyTaskWorkflow-v2-answered-extended.json, keeps the old branch replayed.
    await recordHistory(task.handle, 'agencyTaskWorkflow-v2-answered-extended-separated');
  });

  // ---------------------------------------------------------------------------------------------------
  // 7. reassignment
  // ---------------------------------------------------------------------------------------------------

  it('moves a task between OPDs (counting ping-pong) and between staff of one OPD', async () => {
    const { projectId, handle } = await startProject([step('posyandu', 'DINKES')]);
    const task = await taskOf(projectId, 'posyandu');
    const lead = user['lead.bappeda'];
    const reassign = (actor: Actor, to: { toAgencyId?: string; toUserId?: string }, reason: string) =>
      task.handle.executeUpdate(reassignTaskUpdate, { args: [{ actor, reason, ...to }] });

    await claim(task, user['staff.dinkes']);
    // Only the lead moves a task to another OPD, with a reason, to an OPD it does not already belong to.
    expect(await refusalType(reassign(user['staff.dinkes'], { toAgencyId: agency.DINSOS }, 'x'))).toBe(
      TASK_FORBIDDEN,
    );
    expect(await refusalType(reassign(user['kepala.dinkes'], { toAgencyId: agency.DINSOS }, 'x'))).toBe(
      TASK_FORBIDDEN,
    );
    expect(await refusalType(reassign(lead, { toAgencyId: agency.DINSOS }, '  '))).toBe(INVALID_REQUEST);
    expect(await refusalType(reassign(lead, { toAgencyId: agency.DINKES }, 'sama'))).toBe(INVALID_REQUEST);

    const moved = await reassign(
      lead,
      { toAgencyId: agency.DINSOS },
      'Pendataan keluarga miskin milik Dinsos',
    );
    expect(moved).toMatchObject({
      agencyId: agency.DINSOS,
      state: 'ASSIGNED',
      assigneeId: null,
      reassignmentCount: 1,
    });
    expect(new Date(moved.dueAt).getTime()).toBeGreaterThan(task.row.dueAt.getTime());
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      agencyId: agency.DINSOS,
      status: 'ASSIGNED',
      assigneeId: null,
      reassignmentCount: 1,
      dueAt: new Date(moved.dueAt),
    });
    expect(await refusalType(submit(task, user['staff.dinkes'], { ringkasan: 'x' }))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(claim(task, user['staff.dinkes']))).toBe(TASK_FORBIDDEN);
    expect(await claim(task, user['staff.dinsos'])).toMatchObject({ state: 'CLAIMED' });

    // Ping-pong back to DINKES: the count keeps growing.
    const back = await reassign(lead, { toAgencyId: agency.DINKES }, 'Ternyata data gizi, kembali ke Dinkes');
    expect(back).toMatchObject({ agencyId: agency.DINKES, reassignmentCount: 2, state: 'ASSIGNED' });
    expect(await refusalType(submit(task, user['staff.dinsos'], { ringkasan: 'x' }))).toBe(TASK_FORBIDDEN);
    expect(await claim(task, user['staff.dinkes'])).toMatchObject({
      state: 'CLAIMED',
      assigneeId: user['staff.dinkes'].userId,
    });

    // Within the OPD: only its Kepala OPD hands the task to another staff member.
    expect(
      await refusalType(reassign(user['staff.dinkes'], { toUserId: secondDinkesStaff.userId }, 'cuti')),
    ).toBe(TASK_FORBIDDEN);
    expect(
      await refusalType(reassign(user['kepala.dinsos'], { toUserId: secondDinkesStaff.userId }, 'cuti')),
    ).toBe(TASK_FORBIDDEN);
    expect(
      await reassign(user['kepala.dinkes'], { toUserId: secondDinkesStaff.userId }, 'Bu Siti sedang cuti'),
    ).toMatchObject({
      agencyId: agency.DINKES,
      assigneeId: secondDinkesStaff.userId,
      state: 'CLAIMED',
      reassignmentCount: 2,
    });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      agencyId: agency.DINKES,
      assigneeId: secondDinkesStaff.userId,
      status: 'CLAIMED',
      reassignmentCount: 2,
    });

    const reassignments = await db.reassignment.findMany({
      where: { taskId: task.id },
      orderBy: { at: 'asc' },
    });
    expect(
      reassignments.map((r) => [r.kind, r.fromAgencyId, r.toAgencyId, r.toUserId, r.byUserId, r.reason]),
    ).toEqual([
      [
        'OTHER_OPD',
        agency.DINKES,
        agency.DINSOS,
        null,
        lead.userId,
        'Pendataan keluarga miskin milik Dinsos',
      ],
      ['OTHER_OPD', agency.DINSOS, agency.DINKES, null, lead.userId, 'Ternyata data gizi, kembali ke Dinkes'],
      [
        'WITHIN_OPD',
        agency.DINKES,
        agency.DINKES,
        secondDinkesStaff.userId,
        user['kepala.dinkes'].userId,
        'Bu Siti sedang cuti',
      ],
    ]);
    expect((await db.projectAgency.findMany({ where: { projectId } })).map((p) => p.agencyId).sort()).toEqual(
      [agency.DINKES, agency.DINSOS].sort(),
    );

    // The new assignee (DINKES again) submits; the lead accepts.
    await complete(task, secondDinkesStaff);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).completedById).toBe(
      secondDinkesStaff.userId,
    );
    // Every claim is in the timeline, also the second one by the same person after the ping-pong.
    const events = (await trail({ taskId: task.id })).map((e) => [e.action, e.actorUserId]);
    expect(events).toEqual([
      ['TASK_ASSIGNED', null],
      ['TASK_CLAIMED', user['staff.dinkes'].userId],
      ['TASK_REASSIGNED', lead.userId],
      ['TASK_CLAIMED', user['staff.dinsos'].userId],
      ['TASK_REASSIGNED', lead.userId],
      ['TASK_CLAIMED', user['staff.dinkes'].userId],
      ['TASK_REASSIGNED_WITHIN_OPD', user['kepala.dinkes'].userId],
      ['CONTRIBUTION_SUBMITTED', secondDinkesStaff.userId],
      ['CONTRIBUTION_ACCEPTED', lead.userId],
    ]);
    expect((await handle.result()).status).toBe('COMPLETED');
    await recordHistory(task.handle, 'agencyTaskWorkflow-v2-reassigned');
    await recordHistory(task.handle, 'agencyTaskWorkflow-v3-reassigned-opd-attribute');
  });

  // ---------------------------------------------------------------------------------------------------
  // 8. an OPD joins while running
  // ---------------------------------------------------------------------------------------------------

  // ---------------------------------------------------------------------------------------------------
  // fair clocks and exclusive claims
  // ---------------------------------------------------------------------------------------------------

  it('judges the OPD by its submission: the late review climbs the lead’s ladder, a return gives a revision window', async () => {
    const lead = user['lead.bappeda'];
    const staff = user['staff.dinkes'];
    const { projectId, handle } = await startProject([
      step('fair', 'DINKES', {
        sla: seconds(3),
        escalation: { levels: [{ level: 1, timeout: seconds(600), repeats: 0 }] },
        review: {
          sla: seconds(3),
          revisionWindow: seconds(8),
          escalation: {
            levels: [
              { level: 1, timeout: seconds(2), repeats: 0 },
              { level: 2, timeout: seconds(600), repeats: 0 },
            ],
          },
        },
      }),
    ]);
    const task = await taskOf(projectId, 'fair');
    const originalDue = task.row.dueAt.toISOString();

    // The OPD is late: its own ladder climbs to its Kepala OPD.
    await eventually(
      async () => (await trail({ taskId: task.id, action: 'TASK_ESCALATED' })).length > 0,
      SLOW,
    );
    await claim(task, staff);
    const submitted = await submit(task, staff, { ringkasan: 'Terlambat, tetapi lengkap' });

    // The submission settles the OPD's clock: its escalation closes, and the lead's review clock starts.
    expect(submitted).toMatchObject({ state: 'SUBMITTED', escalationLevel: 0 });
    expect(Date.parse(submitted.reviewDueAt!)).toBeGreaterThan(Date.now());
    const row = await db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.escalationLevel).toBe(0);
    expect(row.reviewDueAt?.toISOString()).toBe(submitted.reviewDueAt);
    expect((await escalationsOf(task.id)).map((e) => [e.kind, e.level, e.status])).toEqual([
      ['OPD', 1, 'RESOLVED'],
    ]);
    // Judged by the deadline in force when it was submitted: late.
    const first = await db.contribution.findFirstOrThrow({ where: { taskId: task.id, version: 1 } });
    expect(first.dueAt?.toISOString()).toBe(originalDue);
    const [submittedEvent] = await trail({ taskId: task.id, action: 'CONTRIBUTION_SUBMITTED' });
    expect(submittedEvent!.detail).toMatchObject({ version: 1, dueAt: originalDue, onTime: false });

    // The lead does not review: the lead is reminded, then the LEAD's office climbs (BAPPEDA), never DINKES's.
    await eventually(
      async () =>
        (await trail({ taskId: task.id, action: 'REVIEW_ESCALATED' })).some(
          (e) => (e.detail as { level: number }).level === 2,
        ),
      SLOW,
    );
    const reviewClock = (await trail({ taskId: task.id })).filter((e) => e.action.startsWith('REVIEW_'));
    expect(reviewClock.map((e) => [e.action, e.detail as { percentOfSla?: number; level?: number }])).toEqual(
      [
        ['REVIEW_REMINDER', expect.objectContaining({ percentOfSla: 50, leadAgencyId: agency.BAPPEDA })],
        ['REVIEW_REMINDER', expect.objectContaining({ percentOfSla: 75, leadAgencyId: agency.BAPPEDA })],
        ['REVIEW_ESCALATED', expect.objectContaining({ level: 1, leadAgencyId: agency.BAPPEDA })],
        ['REVIEW_ESCALATED', expect.objectContaining({ level: 2, leadAgencyId: agency.BAPPEDA })],
      ],
    );
    expect((await trail({ taskId: task.id, action: 'TASK_ESCALATED' })).length).toBe(1);
    expect(
      (await escalationsOf(task.id))
        .filter((e) => e.kind === 'REVIEW')
        .map((e) => [e.agencyId, e.level, e.status]),
    ).toEqual([
      [agency.BAPPEDA, 1, 'SUPERSEDED'],
      [agency.BAPPEDA, 2, 'OPEN'],
    ]);
    // The task's own level (the OPD's) does not move with the lead's.
    expect((await snapshotOf(task)).escalationLevel).toBe(0);

    // A return long after the OPD's deadline gives it the revision window, with reminders again.
    const returnedAt = Date.now();
    const returned = await review(task, lead, 'RETURN', 'Lampirkan rincian per desa');
    expect(returned.state).toBe('RETURNED');
    expect(returned.escalationLevel).toBe(0);
    expect(returned.reviewDueAt).toBeUndefined();
    const revisionDue = Date.parse(returned.dueAt);
    expect(revisionDue).toBeGreaterThanOrEqual(returnedAt + 8_000);
    expect(revisionDue).toBeLessThan(Date.now() + 8_000 + 1_000);
    expect(returned.remindersSent).toBe(0);
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'RETURNED',
      dueAt: new Date(returned.dueAt),
      reviewDueAt: null,
      escalationLevel: 0,
    });
    expect((await escalationsOf(task.id)).every((e) => e.status !== 'OPEN')).toBe(true);
    const [returnedEvent] = await trail({ taskId: task.id, action: 'CONTRIBUTION_RETURNED' });
    expect(returnedEvent!.detail).toMatchObject({
      dueAt: returned.dueAt,
      note: 'Lampirkan rincian per desa',
    });
    await eventually(
      async () =>
        (await trail({ taskId: task.id, action: 'TASK_REMINDER' })).some(
          (e) => (e.detail as { dueAt: string }).dueAt === returned.dueAt,
        ),
      SLOW,
    );

    // Resubmitted within the window: this version is on time.
    await submit(task, staff, { ringkasan: 'Rincian per desa terlampir' });
    const second = await db.contribution.findFirstOrThrow({ where: { taskId: task.id, version: 2 } });
    expect(second.dueAt?.toISOString()).toBe(returned.dueAt);
    expect(second.submittedAt.getTime()).toBeLessThanOrEqual(second.dueAt!.getTime());
    await review(task, lead, 'ACCEPT');
    expect((await handle.result()).status).toBe('COMPLETED');
    await recordHistory(task.handle, 'agencyTaskWorkflow-v5-fair-clocks');
  });

  it('makes a claim exclusive: a colleague waits for a release or the Kepala OPD’s hand-over', async () => {
    const staff = user['staff.dinkes'];
    const colleague = secondDinkesStaff;
    const kepala = user['kepala.dinkes'];
    const lead = user['lead.bappeda'];
    const { projectId, handle } = await startProject([step('held', 'DINKES')]);
    const task = await taskOf(projectId, 'held');
    const release = (actor: Actor) => task.handle.executeUpdate(releaseTaskUpdate, { args: [{ actor }] });

    await claim(task, staff);
    const overClaim = await refusal(submit(task, colleague, { ringkasan: 'Saya yang kirim' }));
    expect(overClaim.type).toBe(TASK_FORBIDDEN);
    expect(overClaim.message).toMatch(/another staff member has claimed this task/);
    expect(await refusalType(claim(task, colleague))).toBe(TASK_NOT_OPEN);
    expect(await refusalType(release(colleague))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(release(user['staff.dinsos']))).toBe(TASK_FORBIDDEN);

    // The holder gives it back; the colleague takes it.
    expect(await release(staff)).toMatchObject({ state: 'ASSIGNED', assigneeId: null });
    expect(await db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
      status: 'ASSIGNED',
      assigneeId: null,
    });
    expect(await refusalType(release(staff))).toBe(TASK_NOT_OPEN);
    expect(await claim(task, colleague)).toMatchObject({ state: 'CLAIMED', assigneeId: colleague.userId });

    // The Kepala OPD releases it for the colleague, who is away; the first holder claims it again.
    expect(await release(kepala)).toMatchObject({ state: 'ASSIGNED', assigneeId: null });
    await claim(task, staff);
    await submit(task, staff, { ringkasan: 'Versi pertama' });
    expect(await refusalType(release(staff))).toBe(TASK_NOT_OPEN);
    await review(task, lead, 'RETURN', 'Kurang lengkap');

    // Released while returned, it stays work owed on a revision; whoever claims it next revises it.
    expect(await release(staff)).toMatchObject({ state: 'RETURNED', assigneeId: null });
    expect(await claim(task, colleague)).toMatchObject({ state: 'RETURNED', assigneeId: colleague.userId });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('RETURNED');
    expect(await refusalType(submit(task, staff, { ringkasan: 'Bukan giliran saya' }))).toBe(TASK_FORBIDDEN);
    await submit(task, colleague, { ringkasan: 'Versi kedua, lengkap' });
    await review(task, lead, 'ACCEPT');
    expect((await handle.result()).status).toBe('COMPLETED');

    const released = await trail({ taskId: task.id, action: 'TASK_RELEASED' });
    expect(released.map((e) => [e.actorUserId, (e.detail as { fromUserId: string }).fromUserId])).toEqual([
      [staff.userId, staff.userId],
      [kepala.userId, colleague.userId],
      [staff.userId, staff.userId],
    ]);
    await recordHistory(task.handle, 'agencyTaskWorkflow-v5-exclusive-claims');
  });

  it('adds a step for a new OPD while running and waits for it before completing', async () => {
    const { projectId, handle } = await startProject([step('gizi', 'DINKES')]);
    const gizi = await taskOf(projectId, 'gizi');
    const sanitasi = step('sanitasi', 'DPUPR', { title: 'Perbaikan sanitasi di desa lokus stunting' });
    const add = (actor: Actor, s: StepPlan) =>
      handle.executeUpdate(addAgencyUpdate, { args: [{ actor, step: s }] });

    expect(await refusalType(add(user['kepala.dinkes'], sanitasi))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(add(user.sekda, sanitasi))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(add(user['lead.bappeda'], step('gizi', 'DPUPR')))).toBe(INVALID_REQUEST);
    expect(
      await refusalType(add(user['lead.bappeda'], step('air', 'DPUPR', { dependsOn: ['tidak-ada'] }))),
    ).toBe(INVALID_REQUEST);

    const added = await add(user['lead.bappeda'], sanitasi);
    expect(added.steps?.map((s) => s.key)).toEqual(['gizi', 'sanitasi']);
    expect(added).toMatchObject({ status: 'ACTIVE', openTasks: 2 });
    const task = await taskOf(projectId, 'sanitasi');
    expect(task.row).toMatchObject({
      agencyId: agency.DPUPR,
      status: 'ASSIGNED',
      title: 'Perbaikan sanitasi di desa lokus stunting',
    });
    const project = await db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      include: { participants: true },
    });
    expect((project.steps as unknown as StepPlan[]).map((s) => s.key)).toEqual(['gizi', 'sanitasi']);
    expect(project.participants.map((p) => p.agencyId).sort()).toEqual([agency.DINKES, agency.DPUPR].sort());
    expect(await trail({ projectId, action: 'AGENCY_ADDED' })).toEqual([
      expect.objectContaining({
        actorUserId: user['lead.bappeda'].userId,
        detail: { step: 'sanitasi', agency: 'DPUPR', title: 'Perbaikan sanitasi di desa lokus stunting' },
      }),
    ]);

    await complete(gizi, user['staff.dinkes']);
    const waiting = await eventually(async () => {
      const s = await handle.query(projectSnapshotQuery);
      return s.steps?.find((x) => x.key === 'gizi')?.done ? s : undefined;
    });
    expect(waiting).toMatchObject({ status: 'ACTIVE', openTasks: 1 });
    expect((await handle.describe()).status.name).toBe('RUNNING');

    await complete(task, user['staff.dpupr']);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'COMPLETED', openTasks: 0 });
    expect(result.steps?.map((s) => [s.key, s.agencyCode, s.taskId, s.done])).toEqual([
      ['gizi', 'DINKES', gizi.id, true],
      ['sanitasi', 'DPUPR', task.id, true],
    ]);
    await recordHistory(handle, 'jointProjectWorkflow-v2-agency-added');
  });

  // ---------------------------------------------------------------------------------------------------
  // 9. cancellation
  // ---------------------------------------------------------------------------------------------------

  it('cancels the project with a reason: running tasks are cancelled and their ladders stop', async () => {
    const ladder: EscalationPolicy = { levels: [{ level: 1, timeout: seconds(1), repeats: 5 }] };
    const { projectId, handle } = await startProject([
      step('evakuasi', 'DINKES', { sla: seconds(1), escalation: ladder }),
      step('logistik', 'DINSOS'),
      step('rekonstruksi', 'DPUPR', { dependsOn: ['evakuasi'] }),
    ]);
    const evakuasi = await taskOf(projectId, 'evakuasi');
    const logistik = await taskOf(projectId, 'logistik');
    await claim(logistik, user['staff.dinsos']);
    await eventually(async () => (await snapshotOf(evakuasi)).escalationLevel === 1, SLOW);

    const cancel = (actor: Actor, reason: string) =>
      handle.executeUpdate(cancelProjectUpdate, { args: [{ actor, reason }] });
    expect(await refusalType(cancel(user['staff.dinkes'], 'bukan wewenang'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(cancel(user['kepala.dinkes'], 'bukan wewenang'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(cancel(user['lead.bappeda'], '   '))).toBe(INVALID_REQUEST);
    const reason = 'Status tanggap darurat dicabut oleh Bupati';
    expect(await cancel(user['lead.bappeda'], `${reason} `)).toMatchObject({ status: 'CANCELLED' });

    const result = await handle.result();
    expect(result).toMatchObject({ status: 'CANCELLED', openTasks: 3 });
    expect(result.steps?.find((s) => s.key === 'rekonstruksi')?.taskId).toBeNull();
    for (const task of [evakuasi, logistik]) {
      expect(await task.handle.result()).toMatchObject({ state: 'CANCELLED' });
    }
    expect(
      (await db.task.findMany({ where: { projectId } })).map((t) => [t.stepKey, t.status]).sort(),
    ).toEqual([
      ['evakuasi', 'CANCELLED'],
      ['logistik', 'CANCELLED'],
    ]);
    expect(await db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({
      status: 'CANCELLED',
      cancelReason: reason,
    });
    const evakuasiEscalations = await escalationsOf(evakuasi.id);
    expect(evakuasiEscalations.map((e) => [e.level, e.status])).toEqual([[1, 'RESOLVED']]);
    expect(await trail({ projectId, action: 'PROJECT_CANCELLED' })).toEqual([
      expect.objectContaining({ actorUserId: user['lead.bappeda'].userId, detail: { reason } }),
    ]);

    // The ladder (a repeat every second) is silent after the cancellation.
    const before = await trail({ taskId: evakuasi.id });
    await sleep(2_500);
    const after = await trail({ taskId: evakuasi.id });
    expect(after).toEqual(before);
    expect(after.at(-1)?.action).toBe('TASK_CANCELLED');
    // The repeats it did send all came before the cancellation (how many depends on how long the refusals
    // above took, i.e. on the machine's load), and the escalation row counts exactly those.
    const repeats = after.filter((e) => e.action === 'ESCALATION_REMINDER');
    expect(repeats).toHaveLength(evakuasiEscalations[0]!.repeats);
    expect(repeats.length).toBeLessThanOrEqual(ladder.levels[0]!.repeats);
    // The task workflow has closed: nothing more can be submitted.
    await expect(submit(evakuasi, user['staff.dinkes'], { ringkasan: 'x' })).rejects.toThrow();

    // The new branch of 'readable-task-ids': the project cancelled its tasks by their readable ids. (The histories
    // recorded before it, jointProjectWorkflow-v2-cancelled.json and agencyTaskWorkflow-v2-cancelled-while-escalated.json,
    // keep the old branch.)
    expect(evakuasi.row.workflowId).toMatch(/^task-DINKES-[0-9a-f]{8}-[0-9a-f]{8}$/);
    await recordHistory(handle, 'jointProjectWorkflow-v6-cancelled-readable-task-ids');
  });

  it('cancels cleanly when the lead cancels while the first steps are still being started', async () => {
    const codes: AgencyCode[] = ['DINKES', 'DINSOS', 'DPUPR'];
    const keys = Array.from({ length: 12 }, (_, i) => `wilayah-${i + 1}`);
    const { projectId, handle } = await startProject(
      keys.map((key, i) => step(key, codes[i % codes.length]!)),
    );
    // Catch the project between starting its first and its last step (each start is a round trip).
    for (;;) {
      const started = await handle.query(projectSnapshotQuery).then(
        (s) => s.steps?.filter((x) => x.taskId !== null).length ?? 0,
        () => 0,
      );
      if (started > 0) break;
      await sleep(5);
    }
    const cancelled = await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ actor: user['lead.bappeda'], reason: 'Dibatalkan saat penugasan awal' }],
    });
    expect(cancelled.status).toBe('CANCELLED');
    const startedAtCancel = cancelled.steps?.filter((s) => s.taskId !== null).map((s) => s.taskId) ?? [];

    // The project stops (it does not wait for another change to notice) and starts no step after the cancellation.
    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', SLOW);
    const result = await handle.result();
    expect(result.status).toBe('CANCELLED');
    const started = result.steps?.filter((s) => s.taskId !== null).map((s) => s.taskId) ?? [];
    expect(started).toEqual(startedAtCancel);
    // Every task that was started ends CANCELLED, in its workflow (found by the id the project gave it) and in
    // the inbox.
    for (const { workflowId } of result.steps?.filter((s) => s.taskId !== null) ?? []) {
      const task = client.workflow.getHandle<typeof agencyTaskWorkflow>(workflowId!);
      expect(await task.result()).toMatchObject({ state: 'CANCELLED' });
    }
    const rows = await eventually(async () => {
      const tasks = await db.task.findMany({ where: { projectId }, select: { status: true } });
      return tasks.length === started.length && tasks.every((t) => t.status === 'CANCELLED')
        ? tasks
        : undefined;
    }, SLOW);
    expect(rows).toHaveLength(started.length);
    expect(await trail({ projectId, action: 'TASK_CANCELLED' })).toHaveLength(started.length);
  });

  it('keeps a cancellation accepted while the project waits to continue as new', async () => {
    const lead = user['lead.bappeda'];
    const { projectId, handle } = await startProject([step('a', 'DINKES')], { continueAsNewAfterEvents: 1 });
    const a = await taskOf(projectId, 'a');

    // Hold the project row, so that projecting the added OPD (an activity) waits on the database
    // while the workflow, woken by the change, waits for that handler before continuing as new.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let lockHeld = () => {};
    const locked = new Promise<void>((resolve) => (lockHeld = resolve));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM joint_project WHERE id = ${projectId}::uuid FOR UPDATE`;
        lockHeld();
        await released;
      },
      { timeout: 30_000 },
    );
    await locked;
    const adding = handle.executeUpdate(addAgencyUpdate, {
      args: [{ actor: lead, step: step('b', 'DPUPR') }],
    });
    // The projection (a local activity, inside the workflow task) is under way: it waits for the row lock.
    await eventually(async () => {
      const waiting = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return waiting[0]!.n > 0;
    });
    const cancelled = await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ actor: lead, reason: 'Digabung dengan program provinsi' }],
    });
    expect(cancelled.status).toBe('CANCELLED');
    release();
    await holder;
    expect((await adding).steps?.map((s) => s.key)).toEqual(['a', 'b']);

    await eventually(async () => (await handle.describe()).status.name === 'COMPLETED', SLOW);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'CANCELLED', runs: 0 });
    expect(result.steps?.find((s) => s.key === 'b')?.taskId).toBeNull();
    expect(await a.handle.result()).toMatchObject({ state: 'CANCELLED' });
    expect(await db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'Digabung dengan program provinsi',
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('CANCELLED');
  });

  it('resolves the project when a decision answered it: open tasks close as no longer needed, not cancelled', async () => {
    const ladder: EscalationPolicy = { levels: [{ level: 1, timeout: seconds(600), repeats: 0 }] };
    const { projectId, handle } = await startProject([
      step('penjelasan-dinkes', 'DINKES', { sla: seconds(1), escalation: ladder }),
      step('penjelasan-dinsos', 'DINSOS'),
      step('penjelasan-dpupr', 'DPUPR'),
    ]);
    const late = await taskOf(projectId, 'penjelasan-dinkes');
    const waiting = await taskOf(projectId, 'penjelasan-dinsos');
    const answered = await taskOf(projectId, 'penjelasan-dpupr');
    await eventually(async () => (await snapshotOf(late)).escalationLevel === 1, SLOW);
    await submit(waiting, user['staff.dinsos'], { ringkasan: 'Angka kami dari pendataan keluarga' });
    await complete(answered, user['staff.dpupr']);
    await eventually(
      async () =>
        (await handle.query(projectSnapshotQuery)).steps?.find((s) => s.key === 'penjelasan-dpupr')?.done,
    );

    const resolve = (actor: Actor, reason: string) =>
      handle.executeUpdate(resolveProjectUpdate, { args: [{ actor, reason }] });
    // The OPDs and leadership do not resolve; a walidata (the decider, here not the lead) or the lead does.
    expect(await refusalType(resolve(user['staff.dinkes'], 'x'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(resolve(user['kepala.dinsos'], 'x'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(resolve(user.bupati, 'x'))).toBe(TASK_FORBIDDEN);
    expect(await refusalType(resolve(user.walidata, '  '))).toBe(INVALID_REQUEST);
    const reason = 'Tidak diperlukan lagi: walidata telah memutuskan setiap sel rekonsiliasi.';
    expect(await resolve(user.walidata, `${reason} `)).toMatchObject({ status: 'RESOLVED' });

    expect(await handle.result()).toMatchObject({ status: 'RESOLVED', openTasks: 2 });
    for (const task of [late, waiting]) {
      expect(await task.handle.result()).toMatchObject({ state: 'CLOSED' });
    }
    expect(await answered.handle.result()).toMatchObject({ state: 'COMPLETED' });
    const rows = await eventually(async () => {
      const tasks = await db.task.findMany({ where: { projectId } });
      return tasks.filter((t) => t.status === 'CLOSED').length === 2 ? tasks : undefined;
    }, SLOW);
    expect(rows.map((t) => [t.stepKey, t.status]).sort()).toEqual([
      ['penjelasan-dinkes', 'CLOSED'],
      ['penjelasan-dinsos', 'CLOSED'],
      ['penjelasan-dpupr', 'COMPLETED'],
    ]);
    expect(await db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).toMatchObject({
      status: 'RESOLVED',
      completedAt: expect.any(Date),
      cancelledAt: null,
      cancelReason: null,
    });
    expect(await trail({ projectId, action: 'PROJECT_RESOLVED' })).toEqual([
      expect.objectContaining({ actorUserId: user.walidata.userId, detail: { reason } }),
    ]);
    expect(
      (await trail({ projectId, action: 'TASK_CLOSED' })).map((e) => [e.taskId, e.detail]).sort(),
    ).toEqual([late.id, waiting.id].sort().map((id) => [id, { reason }]));
    expect(await trail({ projectId, action: 'TASK_CANCELLED' })).toEqual([]);
    expect(await trail({ projectId, action: 'PROJECT_CANCELLED' })).toEqual([]);
    // The late task's escalation is settled; the waiting one's contribution is kept as submitted.
    expect((await escalationsOf(late.id)).map((e) => [e.level, e.status])).toEqual([[1, 'RESOLVED']]);
    expect(
      (await db.contribution.findMany({ where: { taskId: waiting.id } })).map((c) => [c.status, c.values]),
    ).toEqual([['SUBMITTED', { ringkasan: 'Angka kami dari pendataan keluarga' }]]);
    // Nothing more can be done with the closed tasks.
    await expect(submit(late, user['staff.dinkes'], { ringkasan: 'x' })).rejects.toThrow();

    await recordHistory(handle, 'jointProjectWorkflow-v2-resolved');
    await recordHistory(late.handle, 'agencyTaskWorkflow-v2-closed-while-escalated');
  });

  it('starts every ready step together: each of eleven OPDs gets its task, and the join waits', async () => {
    const codes = [
      'BPBD',
      'DINKES',
      'DINSOS',
      'DP3AP2KB',
      'DPUPR',
      'SATPOLPP',
      'DISHUB',
      'DISKOMINFO',
      'DISPENDIK',
      'DLH',
      'KEC-KRAKSAAN',
    ];
    const rows = await db.agency.findMany({
      where: { code: { in: codes } },
      select: { id: true, code: true },
    });
    const idOf = (code: string) => rows.find((r) => r.code === code)!.id;
    const ready = codes.map((code) => ({
      ...step(`data-${code.toLowerCase()}`, 'DINKES'),
      agencyId: idOf(code),
      agencyCode: code,
    }));
    const keys = ready.map((s) => s.key);
    const { projectId, handle } = await startProject([
      ...ready,
      step('rekap', 'BAPPEDA', { dependsOn: keys }),
    ]);

    // Every ready step's task is in its OPD's inbox; the join has none yet.
    const tasks = await eventually(async () => {
      const found = await db.task.findMany({
        where: { projectId },
        select: { id: true, stepKey: true, agencyId: true, status: true, title: true, workflowId: true },
      });
      return found.length >= codes.length ? found : undefined;
    });
    const byKey = (a: { stepKey: string | null }, b: { stepKey: string | null }) =>
      a.stepKey!.localeCompare(b.stepKey!);
    expect(tasks.map(({ id: _id, workflowId: _w, ...t }) => t).sort(byKey)).toEqual(
      ready
        .map((s) => ({ stepKey: s.key, agencyId: s.agencyId, status: 'ASSIGNED', title: `Langkah ${s.key}` }))
        .sort(byKey),
    );
    const snapshot = await handle.query(projectSnapshotQuery);
    expect(snapshot.steps).toEqual([
      ...ready.map((s) => ({
        key: s.key,
        agencyCode: s.agencyCode,
        taskId: tasks.find((t) => t.stepKey === s.key)!.id,
        workflowId: tasks.find((t) => t.stepKey === s.key)!.workflowId,
        done: false,
      })),
      { key: 'rekap', agencyCode: 'BAPPEDA', taskId: null, workflowId: null, done: false },
    ]);
    expect(await trail({ projectId, action: 'TASK_ASSIGNED' })).toHaveLength(codes.length);

    // Together: one activity (local, recorded as a marker) starts all eleven (no child workflows).
    const events = (await handle.fetchHistory()).events ?? [];
    const localActivities = await Promise.all(
      events
        .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity')
        .map(
          async (e) =>
            (
              await valueFromHistoryPayload<{ activity_type: string }>(
                client.options.loadedDataConverter,
                e.markerRecordedEventAttributes!.details!.data!.payloads![0]!,
              )
            ).activity_type,
        ),
    );
    expect(localActivities.filter((type) => type === 'startAgencyTasks')).toHaveLength(1);
    expect(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);

    const cancelled = await handle.executeUpdate(cancelProjectUpdate, {
      args: [{ actor: user['lead.bappeda'], reason: 'Cukup untuk uji penugasan serentak' }],
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect((await handle.result()).status).toBe('CANCELLED');
    // New branch of the patch 'start-tasks-from-activity', replayed. (The history recorded before it,
    // jointProjectWorkflow-v2-ready-steps-started-together.json, keeps 'start-ready-steps-concurrently'.)
    await recordHistory(handle, 'jointProjectWorkflow-v2-tasks-started-by-activity');
  });

  // ---------------------------------------------------------------------------------------------------
  // 10. continue-as-new
  // ---------------------------------------------------------------------------------------------------

  it('keeps no stacks in the workflow sandbox unless WORKER_WORKFLOW_STACK_TRACES asks, and its own stacks always', async () => {
    // Stacks of a waiting task, as the Temporal UI's stack trace tab asks for them.
    const stacksOf = async (queue: string) => {
      const { projectId, handle } = await startProject([step('a', 'DINKES')], {}, queue);
      const task = await taskOf(projectId, 'a');
      const stacks = await task.handle.query<string>('__stack_trace');
      await handle.executeUpdate(cancelProjectUpdate, {
        args: [{ actor: user['lead.bappeda'], reason: 'Uji jejak tumpukan selesai' }],
      });
      return stacks;
    };
    expect(await stacksOf(taskQueue)).not.toMatch(/task\.workflow/);

    const debugQueue = `${taskQueue}-stacks`;
    const debugWorker = await startWorker(debugQueue, { workflowStackTraces: true });
    try {
      expect(await stacksOf(debugQueue)).toMatch(/agencyTaskWorkflow|task\.workflow/);
    } finally {
      debugWorker.worker.shutdown();
      await debugWorker.running;
      await debugWorker.close();
    }
    // The test process (like the worker's activities and logs) kept its own stack traces throughout.
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
    expect(new Error('here').stack?.split('\n').length).toBeGreaterThan(2);
  });

  it('continues as new on a long history and still hears from tasks started before', async () => {
    const { projectId, handle } = await startProject(
      [
        step('paralel', 'DINSOS'),
        step('s1', 'DINKES'),
        step('s2', 'DPUPR', { dependsOn: ['s1'] }),
        step('s3', 'DINKES', { dependsOn: ['s2'] }),
        step('s4', 'DPUPR', { dependsOn: ['s3'] }),
      ],
      { continueAsNewAfterEvents: 20 },
    );
    const paralel = await taskOf(projectId, 'paralel');
    const staffOf = {
      s1: user['staff.dinkes'],
      s2: user['staff.dpupr'],
      s3: user['staff.dinkes'],
      s4: user['staff.dpupr'],
    };
    for (const [key, staff] of Object.entries(staffOf)) {
      await complete(await taskOf(projectId, key), staff);
    }
    const continued = await eventually(async () => {
      const s = await handle.query(projectSnapshotQuery);
      return s.steps?.find((x) => x.key === 's4')?.done ? s : undefined;
    });
    expect(continued.runs).toBeGreaterThanOrEqual(1);
    expect(continued).toMatchObject({ status: 'ACTIVE', openTasks: 1 });
    const latest = await client.workflow.getHandle(handle.workflowId).describe();
    expect(latest.runId).not.toBe(handle.firstExecutionRunId);
    expect(
      (await client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId).describe()).status.name,
    ).toBe('CONTINUED_AS_NEW');

    // The task started by the first run reports back to the latest.
    await complete(paralel, user['staff.dinsos']);
    const result = await handle.result();
    expect(result).toMatchObject({ status: 'COMPLETED', openTasks: 0 });
    // (It may continue once more on the way: a patch marker, 'readable-task-ids', makes each run's history longer.)
    expect(result.runs).toBeGreaterThanOrEqual(continued.runs!);
    expect(result.steps?.every((s) => s.done)).toBe(true);
    expect(result.steps?.find((s) => s.key === 'paralel')?.taskId).toBe(paralel.id);
    // Its readable workflow id came along with the carried state.
    expect(result.steps?.find((s) => s.key === 'paralel')?.workflowId).toBe(paralel.row.workflowId);
    expect(paralel.row.workflowId).toMatch(/^task-DINSOS-/);
    // One task per step and one start, however many runs.
    expect(await db.task.count({ where: { projectId } })).toBe(5);
    expect(await trail({ projectId, action: 'PROJECT_STARTED' })).toHaveLength(1);
    expect(await trail({ projectId, action: 'PROJECT_COMPLETED' })).toHaveLength(1);
    expect((await db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).status).toBe('COMPLETED');

    await recordHistory(handle, 'jointProjectWorkflow-v2-continued-as-new', {
      runId: handle.firstExecutionRunId,
    });
  });
});

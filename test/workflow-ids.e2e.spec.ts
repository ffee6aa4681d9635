import { randomBytes, randomUUID } from 'node:crypto';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { OPD_ATTRIBUTE, PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import type { StepPlan } from '@gotong/contracts/task';
import { workCalendar } from '@gotong/domain/calendar';
import { stepLadder, stepReview } from '@gotong/domain/escalation-ladder';
import type { jointProjectWorkflow } from '@gotong/workflows';
import { eventually, http, startStack, type Stack } from './support/stack';

/**
 * Readable workflow ids (issue #16): a project the API starts is `project-<lead OPD>-<8 hex>`, its tasks
 * `task-<OPD>-<project key>-<task key>`, an incident `incident-<year>-<type>-<8 hex>`; each is stored on its row
 * and the API acts on the work through the stored id. Work with ids of the older forms (`joint-project-<uuid>`,
 * `agency-task-<uuid>`) still answers the same requests.
 */
describe('readable workflow ids (real API, Temporal, Postgres, Redis)', () => {
  let stack: Stack;
  let lead: string;
  let dinkes: string;
  let dinsos: string;
  let bpbd: string;
  const TAG = randomBytes(3).toString('hex');

  beforeAll(async () => {
    stack = await startStack();
    lead = await stack.login('lead.bappeda');
    dinkes = await stack.login('staff.dinkes');
    dinsos = await stack.login('staff.dinsos');
    bpbd = await stack.login('staff.bpbd');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);
  const describeWorkflow = (workflowId: string) => stack.temporal.workflow.getHandle(workflowId).describe();

  /** The project's tasks once `count` of them are projected, with their workflow ids. */
  const tasksOf = (projectId: string, count: number) =>
    eventually(async () => {
      const tasks = await stack.db.task.findMany({
        where: { projectId },
        select: { id: true, workflowId: true, agency: { select: { code: true } } },
        orderBy: { createdAt: 'asc' },
      });
      return tasks.length === count ? tasks : undefined;
    });

  it('starts a project under project-<lead OPD>-<8 hex>, its tasks under task-<OPD>-<project key>-<task key>; submit, accept and cancel reach them', async () => {
    const started = await api(lead).post('/projects', {
      title: `Pendataan rumah tidak layak huni ${TAG}`,
      agencyCodes: ['DINKES', 'DINSOS'],
      sla: { amount: 1, unit: 'hours' },
    });
    expect(started.status).toBe(201);
    const projectId = started.body.id as string;
    const key = projectId.slice(0, 8);
    // Answered, stored on the row, and what Temporal knows the project by.
    expect(started.body.workflowId).toBe(`project-BAPPEDA-${key}`);
    const row = await stack.db.jointProject.findUniqueOrThrow({ where: { id: projectId } });
    expect(row.workflowId).toBe(started.body.workflowId);
    expect((await api(lead).get(`/projects/${projectId}`)).body.workflowId).toBe(row.workflowId);
    const project = await describeWorkflow(row.workflowId);
    expect(project.type).toBe('jointProjectWorkflow');
    expect(project.status.name).toBe('RUNNING');
    expect(project.typedSearchAttributes.get(PROJECT_ATTRIBUTE)).toBe(projectId);

    const tasks = await tasksOf(projectId, 2);
    for (const task of tasks) {
      expect(task.workflowId).toBe(`task-${task.agency.code}-${key}-${task.id.slice(0, 8)}`);
      // Temporal has the task under that id, with its OPD and project as search attributes.
      const described = await describeWorkflow(task.workflowId);
      expect(described.type).toBe('agencyTaskWorkflow');
      expect(described.typedSearchAttributes.get(OPD_ATTRIBUTE)).toBe(task.agency.code);
      expect(described.typedSearchAttributes.get(PROJECT_ATTRIBUTE)).toBe(projectId);
    }
    // Operators find the project's work by the key its ids share.
    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const info of stack.temporal.workflow.list({
        query: `${PROJECT_ATTRIBUTE.name} = '${projectId}'`,
      }))
        ids.push(info.workflowId);
      return ids.length === 3 ? ids : undefined;
    });
    expect(listed.sort()).toEqual([row.workflowId, ...tasks.map((t) => t.workflowId)].sort());
    expect(listed.every((id) => id.includes(key))).toBe(true);

    // Submit and accept through the API reach the DINKES task under its readable id.
    const dinkesTask = tasks.find((t) => t.agency.code === 'DINKES')!;
    const submitted = await api(dinkes).post(`/tasks/${dinkesTask.id}/contribution`, {
      values: { summary: 'Rekap 14 rumah' },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ taskId: dinkesTask.id, state: 'SUBMITTED' });
    const accepted = await api(lead).post(`/tasks/${dinkesTask.id}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('COMPLETED');
    expect(await stack.temporal.workflow.getHandle(dinkesTask.workflowId).result()).toMatchObject({
      state: 'COMPLETED',
    });

    // Cancelling the project through the API: the project cancels the DINSOS task by its readable id.
    const dinsosTask = tasks.find((t) => t.agency.code === 'DINSOS')!;
    const cancelled = await api(lead).post(`/projects/${projectId}/cancel`, { reason: 'Uji id terbaca' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(cancelled.body.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'dinsos', taskId: dinsosTask.id, workflowId: dinsosTask.workflowId }),
      ]),
    );
    expect(await stack.temporal.workflow.getHandle(dinsosTask.workflowId).result()).toMatchObject({
      state: 'CANCELLED',
    });
    await eventually(async () =>
      (await stack.db.task.findUniqueOrThrow({ where: { id: dinsosTask.id } })).status === 'CANCELLED'
        ? true
        : undefined,
    );
    expect((await stack.temporal.workflow.getHandle(row.workflowId).result()).status).toBe('CANCELLED');
  });

  it('answers an escalation of a task with a readable id through the stored id', async () => {
    const started = await api(lead).post('/projects', {
      title: `Pemantauan gizi ${TAG}`,
      agencyCodes: ['DINKES'],
      sla: { amount: 2, unit: 'seconds' },
    });
    expect(started.status).toBe(201);
    const [task] = await tasksOf(started.body.id as string, 1);
    expect(task!.workflowId).toMatch(/^task-DINKES-[0-9a-f]{8}-[0-9a-f]{8}$/);
    const escalation = await eventually(() =>
      stack.db.escalation
        .findFirst({ where: { taskId: task!.id, status: 'OPEN' }, select: { id: true } })
        .then((e) => e ?? undefined),
    );
    const answered = await api(lead).post(`/escalations/${escalation.id}/answer`, {
      instruction: 'Kirim data yang sudah masuk.',
    });
    expect(answered.status).toBe(200);
    const cancelled = await api(lead).post(`/projects/${started.body.id}/cancel`, {
      reason: 'Selesai diuji',
    });
    expect(cancelled.status).toBe(200);
  });

  it('still runs a project started under joint-project-<uuid> (as before readable ids) through the API', async () => {
    const user = await stack.db.user.findUniqueOrThrow({
      where: { username: 'lead.bappeda' },
      select: { id: true, agencyId: true, role: true },
    });
    const agencies = await stack.db.agency.findMany({
      where: { code: { in: ['DINKES', 'DINSOS'] } },
      select: { id: true, code: true },
    });
    const plan = (agencyCode: string): StepPlan => ({
      key: agencyCode.toLowerCase(),
      title: `Langkah ${agencyCode}`,
      instructions: 'Kerjakan.',
      agencyId: agencies.find((a) => a.code === agencyCode)!.id,
      agencyCode,
      form: { fields: [{ key: 'summary', label: 'Ringkasan', type: 'longtext', required: true }] },
      sla: { amount: 1, unit: 'hours' },
      dependsOn: [],
      escalation: stepLadder(),
      review: stepReview(),
    });
    const projectId = randomUUID();
    const input: ProjectInput = {
      projectId,
      title: `Proyek dengan id lama ${TAG}`,
      description: null,
      lead: { userId: user.id, agencyId: user.agencyId, role: user.role },
      templateId: null,
      parameters: {},
      steps: [plan('DINKES'), plan('DINSOS')],
      calendar: workCalendar([], 'ALWAYS'),
    };
    const handle = await stack.temporal.workflow.start<typeof jointProjectWorkflow>('jointProjectWorkflow', {
      workflowId: projectWorkflowId(projectId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    const tasks = await tasksOf(projectId, 2);
    expect((await stack.db.jointProject.findUniqueOrThrow({ where: { id: projectId } })).workflowId).toBe(
      `joint-project-${projectId}`,
    );
    const dinkesTask = tasks.find((t) => t.agency.code === 'DINKES')!;
    expect(
      (
        await api(dinkes).post(`/tasks/${dinkesTask.id}/contribution`, {
          values: { summary: 'Data terkirim' },
        })
      ).status,
    ).toBe(200);
    expect((await api(lead).post(`/tasks/${dinkesTask.id}/review`, { decision: 'ACCEPT' })).status).toBe(200);
    // Adding an OPD and cancelling reach the project under its old id (read from its row).
    const added = await api(lead).post(`/projects/${projectId}/agencies`, {
      agencyCode: 'DPUPR',
      title: 'Data jalan',
    });
    expect(added.status).toBe(200);
    const cancelled = await api(lead).post(`/projects/${projectId}/cancel`, { reason: 'Uji id lama' });
    expect(cancelled.status).toBe(200);
    expect((await handle.result()).status).toBe('CANCELLED');
    const dinsosTask = tasks.find((t) => t.agency.code === 'DINSOS')!;
    expect(await stack.temporal.workflow.getHandle(dinsosTask.workflowId).result()).toMatchObject({
      state: 'CANCELLED',
    });
  });

  it('declares an incident under incident-<year>-<type>-<8 hex>; its steering and its agency-task-<uuid> tasks work through the API', async () => {
    const declared = await api(bpbd).post('/incidents', {
      type: 'banjir',
      severity: 'RINGAN',
      kecamatan: ['35.13.14'],
      description: `Genangan setinggi 30 cm (uji ${TAG})`,
    });
    expect(declared.status).toBe(201);
    const incidentId = declared.body.id as string;
    const incident = await stack.db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(incident.workflowId).toMatch(new RegExp(`^incident-20\\d\\d-banjir-${incidentId.slice(0, 8)}$`));
    expect(declared.body.workflowId).toBe(incident.workflowId);
    const described = await describeWorkflow(incident.workflowId);
    expect(described.type).toBe('incidentWorkflow');
    expect(described.status.name).toBe('RUNNING');

    // Steering reaches the workflow under its stored id.
    const transisi = await api(bpbd).post(`/incidents/${incidentId}/status`, {
      status: 'TRANSISI_DARURAT',
      reason: 'Air surut',
    });
    expect(transisi.status).toBe(200);
    expect(transisi.body).toMatchObject({ incidentId, status: 'TRANSISI_DARURAT' });

    // An incident's tasks keep agency-task-<uuid>, and the API acts on them through the stored id as well.
    const ack = await eventually(() =>
      stack.db.task
        .findFirst({
          where: { projectId: incident.projectId, stepKey: 'ack-dinsos' },
          select: { id: true, workflowId: true },
        })
        .then((t) => t ?? undefined),
    );
    expect(ack.workflowId).toBe(`agency-task-${ack.id}`);
    const sent = await api(dinsos).post(`/tasks/${ack.id}/contribution`, { values: { siap: true } });
    expect(sent.status).toBe(200);
    expect(sent.body.state).toBe('COMPLETED');

    const closed = await api(bpbd).post(`/incidents/${incidentId}/status`, {
      status: 'CLOSED',
      reason: 'Selesai diuji',
    });
    expect(closed.status).toBe(200);
  });
});

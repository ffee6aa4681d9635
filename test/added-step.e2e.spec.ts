import { randomBytes, randomUUID } from 'node:crypto';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import type { StepPlan } from '@gotong/contracts/task';
import { workCalendar } from '@gotong/domain/calendar';
import { stepLadder, stepReview } from '@gotong/domain/escalation-ladder';
import type { jointProjectWorkflow } from '@gotong/workflows';
import {
  addAgencyUpdate,
  cancelProjectUpdate,
  projectSnapshotQuery,
} from '@gotong/workflows/project/messages';
import { stepFinishedSignal } from '@gotong/workflows/task/messages';
import { recordHistory } from './support/histories';
import { eventually, http, startStack, type Stack } from './support/stack';
import { projectWorkflowIdOf } from './support/workflow-ids';

/**
 * An OPD added to a running project with a form and a place in the step graph (issue 17), through the real
 * stack over HTTP: DISPENDIK joins a template project with the form of a template step and is put before a
 * step still waiting; that step starts only once DISPENDIK's contribution is accepted. Bad additions (a
 * started step in `before`, an unknown key, a cycle, a bad form) are refused with a 400 naming the problem.
 * With RECORD_HISTORIES=1 the finished project's history is saved as a replay fixture.
 */
describe('an OPD added mid-flight with a typed form and a place in the step graph', () => {
  let stack: Stack;
  let lead: string;
  let staffDinkes: string;
  let staffDinsos: string;
  let staffDpupr: string;
  let staffDispendik: string;
  const code = `uji-anak-sekolah-${randomBytes(3).toString('hex')}`;
  const tenMinutes = { amount: 10, unit: 'minutes' as const };

  beforeAll(async () => {
    stack = await startStack();
    [lead, staffDinkes, staffDinsos, staffDpupr, staffDispendik] = await Promise.all([
      stack.login('lead.bappeda'),
      stack.login('staff.dinkes'),
      stack.login('staff.dinsos'),
      stack.login('staff.dpupr'),
      stack.createStaff('DISPENDIK').then((s) => s.token),
    ]);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const api = (token: string) => http(stack.baseUrl, token);

  /** pendataan (DINKES) → intervensi (DINSOS) → evaluasi (DPUPR). */
  const template = {
    code,
    name: 'Anak Putus Sekolah di Desa Lokus (uji)',
    description: 'Pendataan, intervensi, evaluasi.',
    category: 'PROGRAM',
    parameters: [{ key: 'kecamatan', label: 'Kecamatan lokasi', type: 'kecamatan', required: true }],
    steps: [
      {
        key: 'pendataan',
        title: 'Pendataan anak',
        instructions: 'Isikan jumlah anak putus sekolah dan tanggal pendataan.',
        owner: { agency: 'DINKES' },
        form: {
          fields: [
            {
              key: 'jumlahAnak',
              label: 'Jumlah anak',
              type: 'integer',
              required: true,
              unit: 'anak',
              min: 0,
            },
            { key: 'tanggalPendataan', label: 'Tanggal pendataan', type: 'date', required: true },
          ],
        },
        sla: tenMinutes,
        dependsOn: [],
      },
      {
        key: 'intervensi',
        title: 'Bantuan untuk keluarga',
        instructions: 'Laporkan bantuan yang diberikan.',
        owner: { agency: 'DINSOS' },
        form: { fields: [{ key: 'laporan', label: 'Laporan', type: 'longtext', required: true }] },
        sla: tenMinutes,
        dependsOn: ['pendataan'],
      },
      {
        key: 'evaluasi',
        title: 'Evaluasi',
        instructions: 'Laporkan hasil evaluasi.',
        owner: { agency: 'DPUPR' },
        form: { fields: [{ key: 'laporan', label: 'Laporan', type: 'longtext', required: true }] },
        sla: tenMinutes,
        dependsOn: ['intervensi'],
      },
    ],
  };

  async function project(projectId: string) {
    const res = await api(lead).get(`/projects/${projectId}`);
    expect(res.status).toBe(200);
    return res.body;
  }

  function stepTask(projectId: string, stepKey: string): Promise<any> {
    return eventually(
      async () => (await project(projectId)).steps.find((s: any) => s.key === stepKey)?.task ?? undefined,
    );
  }

  async function submitAndAccept(token: string, taskId: string, values: unknown) {
    const submitted = await api(token).post(`/tasks/${taskId}/contribution`, { values });
    expect(submitted.status).toBe(200);
    const accepted = await api(lead).post(`/tasks/${taskId}/review`, { decision: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('COMPLETED');
  }

  async function snapshot(projectId: string) {
    const workflowId = await projectWorkflowIdOf(stack.db, projectId);
    return stack.temporal.workflow.getHandle(workflowId).query(projectSnapshotQuery);
  }

  it('puts DISPENDIK with a template step form before a waiting step, which starts only after its work is accepted', async () => {
    expect((await api(lead).post('/templates', template)).status).toBe(201);
    const started = await api(lead).post('/projects/from-template', {
      templateCode: code,
      parameters: { kecamatan: '35.13.01' },
    });
    expect(started.status).toBe(201);
    const projectId: string = started.body.id;
    const pendataan = await stepTask(projectId, 'pendataan');
    const add = (body: Record<string, unknown>) =>
      api(lead).post(`/projects/${projectId}/agencies`, {
        agencyCode: 'DISPENDIK',
        title: 'Data anak putus sekolah dari sekolah',
        ...body,
      });

    // Refused additions, each naming what is wrong; nothing is added.
    const startedBefore = await add({ fromStep: 'pendataan', before: ['pendataan'] });
    expect(startedBefore.status).toBe(400);
    expect(startedBefore.body.message).toEqual([
      'before: pendataan already started and cannot be made to wait for the new step',
    ]);
    const unknown = await add({ dependsOn: ['tidak-ada'], before: ['hilang'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual([
      'unknown steps in dependsOn: tidak-ada',
      'unknown steps in before: hilang',
    ]);
    const cycle = await add({ dependsOn: ['evaluasi'], before: ['intervensi'] });
    expect(cycle.status).toBe(400);
    expect(cycle.body.message).toEqual([
      'before: intervensi cannot wait for the new step, which waits for it: dependency cycle tambahan-dispendik → evaluasi → intervensi → tambahan-dispendik',
    ]);
    const badForm = await add({
      form: { fields: [{ key: 'jumlah', label: '', type: 'uang', required: true }] },
    });
    expect(badForm.status).toBe(400);
    expect(badForm.body.message).toEqual([
      'form.fields[0].label: is required',
      expect.stringMatching(/^form\.fields\[0\]\.type: must be one of integer, number/),
    ]);
    const both = await add({ fromStep: 'pendataan', form: template.steps[1]!.form });
    expect(both.status).toBe(400);
    expect(both.body.message).toEqual(['form and fromStep: give one of them, not both']);
    const noSuchStep = await add({ fromStep: 'tidak-ada' });
    expect(noSuchStep.status).toBe(400);
    expect(noSuchStep.body.message).toEqual([
      `fromStep: the project's template has no step "tidak-ada" (its steps: pendataan, intervensi, evaluasi)`,
    ]);
    expect((await project(projectId)).steps).toHaveLength(3);

    // DISPENDIK joins with the pendataan form (and its instructions), before intervensi.
    const added = await add({ fromStep: 'pendataan', before: ['intervensi'] });
    expect(added.status).toBe(200);
    expect(added.body.steps.map((s: any) => [s.key, s.agencyCode])).toEqual([
      ['pendataan', 'DINKES'],
      ['intervensi', 'DINSOS'],
      ['evaluasi', 'DPUPR'],
      ['tambahan-dispendik', 'DISPENDIK'],
    ]);
    const dispendik = await stepTask(projectId, 'tambahan-dispendik');
    const task = await api(staffDispendik).get(`/tasks/${dispendik.id}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({
      title: 'Data anak putus sekolah dari sekolah',
      instructions: template.steps[0]!.instructions,
      form: template.steps[0]!.form,
    });

    // The typed form refuses a wrong value, naming the field.
    const wrong = await api(staffDispendik).post(`/tasks/${dispendik.id}/contribution`, {
      values: { jumlahAnak: 'dua belas', tanggalPendataan: '2026-03-02' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toEqual(['values.jumlahAnak: must be a whole number']);

    // pendataan accepted: intervensi still waits for DISPENDIK.
    await submitAndAccept(staffDinkes, pendataan.id, { jumlahAnak: 40, tanggalPendataan: '2026-03-01' });
    const seen = await eventually(async () => {
      const view = await snapshot(projectId);
      return view.steps?.find((s) => s.key === 'pendataan')?.done ? view : undefined;
    });
    // The workflow has seen pendataan done and started nothing for intervensi.
    expect(seen.steps?.find((s) => s.key === 'intervensi')).toMatchObject({ taskId: null, done: false });
    const waiting = await project(projectId);
    expect(waiting.steps.map((s: any) => [s.key, s.status])).toEqual([
      ['pendataan', 'COMPLETED'],
      ['intervensi', 'WAITING'],
      ['evaluasi', 'WAITING'],
      ['tambahan-dispendik', 'ASSIGNED'],
    ]);
    // A finished step cannot be made to wait either.
    const finishedBefore = await api(lead).post(`/projects/${projectId}/agencies`, {
      agencyCode: 'DINSOS',
      title: 'Tidak boleh',
      before: ['pendataan'],
    });
    expect(finishedBefore.status).toBe(400);
    expect(finishedBefore.body.message).toEqual([
      'before: pendataan already started and cannot be made to wait for the new step',
    ]);

    // DISPENDIK's contribution accepted: intervensi starts.
    await submitAndAccept(staffDispendik, dispendik.id, { jumlahAnak: 12, tanggalPendataan: '2026-03-02' });
    const intervensi = await stepTask(projectId, 'intervensi');
    await submitAndAccept(staffDinsos, intervensi.id, { laporan: 'Bantuan seragam untuk 12 anak' });
    const evaluasi = await stepTask(projectId, 'evaluasi');
    await submitAndAccept(staffDpupr, evaluasi.id, { laporan: 'Selesai' });
    await eventually(async () => ((await project(projectId)).status === 'COMPLETED' ? true : undefined));

    const handle = stack.temporal.workflow.getHandle(await projectWorkflowIdOf(stack.db, projectId));
    await recordHistory(handle, 'jointProjectWorkflow-v5-agency-added-typed');
  });

  it('keeps a step put after an added OPD waiting across continue-as-new', async () => {
    const lead = await stack.db.user.findUniqueOrThrow({
      where: { username: 'lead.bappeda' },
      select: { id: true, agencyId: true, role: true },
    });
    const actor = { userId: lead.id, agencyId: lead.agencyId, role: lead.role };
    const agencies = await stack.db.agency.findMany({
      where: { code: { in: ['DINKES', 'DINSOS', 'DPUPR'] } },
      select: { id: true, code: true },
    });
    const plan = (key: string, agencyCode: string, dependsOn: string[] = []): StepPlan => ({
      key,
      title: `Langkah ${key}`,
      instructions: 'Kerjakan.',
      agencyId: agencies.find((a) => a.code === agencyCode)!.id,
      agencyCode,
      form: { fields: [{ key: 'laporan', label: 'Laporan', type: 'longtext', required: true }] },
      sla: tenMinutes,
      dependsOn,
      escalation: stepLadder(),
      review: stepReview(),
    });
    const projectId = randomUUID();
    const input: ProjectInput = {
      projectId,
      title: 'Proyek uji lanjut-sebagai-baru',
      description: null,
      lead: actor,
      templateId: null,
      parameters: {},
      steps: [plan('a', 'DINKES'), plan('b', 'DINSOS', ['a'])],
      calendar: workCalendar([], 'ALWAYS'),
      // Every change continues the project as new.
      continueAsNewAfterEvents: 1,
    };
    const handle = await stack.temporal.workflow.start<typeof jointProjectWorkflow>('jointProjectWorkflow', {
      workflowId: projectWorkflowId(projectId),
      taskQueue: stack.taskQueue,
      args: [input],
    });
    const view = () => handle.query(projectSnapshotQuery);
    const a = await eventually(
      async () => (await view()).steps?.find((s) => s.key === 'a')?.taskId ?? undefined,
    );

    await handle.executeUpdate(addAgencyUpdate, {
      args: [{ actor, step: plan('x', 'DPUPR'), before: ['b'] }],
    });
    const continued = await eventually(async () => {
      const v = await view();
      return (v.runs ?? 0) >= 1 && v.steps?.find((s) => s.key === 'x')?.taskId ? v : undefined;
    });
    expect(continued.steps?.find((s) => s.key === 'b')).toMatchObject({ taskId: null, done: false });

    // a done, told to a run continued from the carried state: b still waits for x.
    await handle.signal(stepFinishedSignal, { stepKey: 'a', taskId: a, outcome: 'DONE' });
    const afterA = await eventually(async () => {
      const v = await view();
      return v.steps?.find((s) => s.key === 'a')?.done && (v.runs ?? 0) > (continued.runs ?? 0)
        ? v
        : undefined;
    });
    // The edge to x came with the carried state (carried.addedSteps alone would have started b now).
    expect(afterA.steps?.find((s) => s.key === 'b')).toMatchObject({ taskId: null, done: false });

    // x done: b starts.
    const x = continued.steps!.find((s) => s.key === 'x')!.taskId!;
    await handle.signal(stepFinishedSignal, { stepKey: 'x', taskId: x, outcome: 'DONE' });
    const b = await eventually(async () => (await view()).steps?.find((s) => s.key === 'b' && s.taskId));

    await handle.executeUpdate(cancelProjectUpdate, { args: [{ actor, reason: 'Selesai diuji' }] });
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED' });
    // b's task has a readable id (patch 'readable-task-ids'), and the project cancelled it by that id.
    expect(b.workflowId).toMatch(/^task-DINSOS-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(await stack.temporal.workflow.getHandle(b.workflowId!).result()).toMatchObject({
      state: 'CANCELLED',
    });
  });
});

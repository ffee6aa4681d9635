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
import type { Task as TaskRow } from '@gotong/database/generated/prisma/client';
import { incidentSitrepFigures } from '@gotong/database/incident-figures';
import type { Database } from '@gotong/database/prisma';
import { workCalendar, type Sla } from '@gotong/domain/calendar';
import {
  ACKNOWLEDGEMENT_FORM,
  mobilisationFor,
  owesSitreps,
  rollUpSitreps,
  SEVERITY_POLICY,
  SITREP_FORM,
  type AfterActionSummary,
  type Cluster,
} from '@gotong/domain/emergency';
import type { FieldError, FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import type { EscalationPolicy } from '@gotong/domain/template';
import type { agencyTaskWorkflow, incidentWorkflow, resourceRequestWorkflow } from '@gotong/workflows';
import {
  INVALID_CONTRIBUTION,
  INVALID_REQUEST,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
} from '@gotong/contracts/failures';
import {
  incidentWorkflowId,
  resourceRequestWorkflowId,
  type IncidentInput,
  type IncidentSnapshot,
  type IncidentStatus,
  type MobilisedAgency,
} from '@gotong/contracts/incident';
import type { AgencyTaskStart, StepPlan } from '@gotong/contracts/task';
import {
  assignIncidentTaskUpdate,
  changeIncidentStatusUpdate,
  closeResourceRequestUpdate,
  correctSitrepUpdate,
  incidentSnapshotQuery,
  mobiliseAgencyUpdate,
  releaseAgencyUpdate,
  requestResourceUpdate,
  resolveSitrepConflictUpdate,
  type RequestResourceArgs,
} from '@gotong/workflows/incident/messages';
import { submitContributionUpdate } from '@gotong/workflows/task/messages';
import { recordHistory } from './support/histories';
import { eventually, startWorker, testDataConverter } from './support/stack';

/**
 * The emergency workflows (incident, resource request) against the real
 * Temporal dev server, with the real projection activities writing to the
 * run's database. A 24/7 calendar and SLAs, sitrep intervals and ladders in
 * seconds keep it fast; independent scenarios run concurrently.
 */

type IncidentHandle = WorkflowHandleWithFirstExecutionRunId<typeof incidentWorkflow>;
type TaskHandle = WorkflowHandle<typeof agencyTaskWorkflow>;
type RequestHandle = WorkflowHandle<typeof resourceRequestWorkflow>;
type Username =
  | 'staff.bpbd'
  | 'kepala.bpbd'
  | 'staff.dinkes'
  | 'kepala.dinkes'
  | 'staff.dinsos'
  | 'kepala.dinsos'
  | 'staff.dpupr'
  | 'kepala.dpupr'
  | 'lead.bappeda'
  | 'sekda'
  | 'bupati';

interface Incident {
  incidentId: string;
  projectId: string;
  input: IncidentInput;
  handle: IncidentHandle;
}
interface Task {
  id: string;
  row: TaskRow;
  handle: TaskHandle;
}

const ALWAYS = workCalendar([], 'ALWAYS');
const seconds = (amount: number): Sla => ({ amount, unit: 'seconds' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long to wait for something the workflows will do; generous, as the scenarios share two CPUs. */
const SLOW = 90_000;
const TEST_TIMEOUT = 240_000;
/** A ladder far beyond any test's runtime, for scenarios that are not about escalation. */
const QUIET_LADDER: EscalationPolicy = { levels: [{ level: 1, timeout: seconds(600), repeats: 0 }] };

/** Two desa of Kecamatan Tongas (35.13.23) and one of neighbouring Sumberasih (35.13.21). */
const TONGAS_1 = '35.13.23.2001';
const TONGAS_2 = '35.13.23.2002';
const SUMBERASIH_1 = '35.13.21.2003';
/** A desa of Kecamatan Tiris (35.13.07). */
const TIRIS_1 = '35.13.07.2001';

const ACK = { siap: true, personelDikerahkan: 12, posKomando: 'Balai Desa Tongas Wetan' };
const NOTE_FORM: FormSchema = {
  fields: [{ key: 'hasil', label: 'Hasil pekerjaan', type: 'text', required: true }],
};

describe('emergency response workflows (incident, resource requests)', () => {
  const taskQueue = `incident-wf-test-${randomUUID().slice(0, 8)}`;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let client: Client;
  let db: Database;
  const agencyIds = new Map<string, string>();
  const user = {} as Record<Username, Actor>;

  beforeAll(async () => {
    worker = await startWorker(taskQueue);
    db = worker.db;
    client = new Client({
      connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
      dataConverter: testDataConverter(),
    });
    for (const a of await db.agency.findMany({ select: { id: true, code: true } }))
      agencyIds.set(a.code, a.id);
    const usernames: Username[] = [
      'staff.bpbd',
      'kepala.bpbd',
      'staff.dinkes',
      'kepala.dinkes',
      'staff.dinsos',
      'kepala.dinsos',
      'staff.dpupr',
      'kepala.dpupr',
      'lead.bappeda',
      'sekda',
      'bupati',
    ];
    for (const username of usernames) {
      const u = await db.user.findUniqueOrThrow({
        where: { username },
        select: { id: true, agencyId: true, role: true },
      });
      user[username] = { userId: u.id, agencyId: u.agencyId, role: u.role };
    }
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

  function agencyId(code: string): string {
    const id = agencyIds.get(code);
    if (id === undefined) throw new Error(`no agency ${code} in the seed`);
    return id;
  }
  const ref = (code: string) => ({ agencyId: agencyId(code), agencyCode: code });
  const mobilised = (code: string, ...clusters: Cluster[]): MobilisedAgency => ({ ...ref(code), clusters });
  const responseTeam = (): MobilisedAgency[] => [
    mobilised('BPBD', 'KOMANDO', 'PENGUNGSIAN_LOGISTIK'),
    mobilised('DINKES', 'KESEHATAN'),
    mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'),
  ];

  /**
   * Declares an incident (by default a flood in Tongas) as BPBD staff, starts its workflow and waits until
   * the OPDs are mobilised.
   */
  async function declare(
    agencies: MobilisedAgency[],
    options: Partial<IncidentInput> = {},
  ): Promise<Incident> {
    const { incidentId, projectId, input, handle } = await startIncident(agencies, options);
    // Mobilised: every OPD has its acknowledgement task and, if its clusters have sitrep duty, sitrep #1
    // (started once all are mobilised).
    const keys = agencies.flatMap((a) => [
      `ack-${a.agencyCode.toLowerCase()}`,
      ...(owesSitreps(a.clusters) ? [`sitrep-${a.agencyCode.toLowerCase()}-1`] : []),
    ]);
    await eventually(
      async () => (await db.task.count({ where: { projectId, stepKey: { in: keys } } })) === keys.length,
      SLOW,
    );
    return { incidentId, projectId, input, handle };
  }

  /** Starts an incident's workflow (a flood in Tongas declared by BPBD staff unless told otherwise). */
  async function startIncident(
    agencies: MobilisedAgency[],
    options: Partial<IncidentInput> = {},
  ): Promise<Incident> {
    const incidentId = randomUUID();
    const projectId = randomUUID();
    const input: IncidentInput = {
      incidentId,
      projectId,
      title: 'Banjir Kecamatan Tongas',
      description: 'Luapan Sungai Tongas merendam permukiman di dua desa',
      type: 'banjir',
      severity: 'BERAT',
      status: 'SIAGA_DARURAT',
      declaredBy: user['staff.bpbd'],
      commandAgencyId: agencyId('BPBD'),
      affectedKecamatan: ['35.13.23'],
      affectedDesa: [TONGAS_1, TONGAS_2],
      mobilised: agencies,
      acknowledgeWithin: seconds(600),
      sitrepEvery: seconds(600),
      escalation: QUIET_LADDER,
      acknowledgementForm: ACKNOWLEDGEMENT_FORM,
      sitrepForm: SITREP_FORM,
      calendar: ALWAYS,
      ...options,
    };
    const handle: IncidentHandle = await client.workflow.start<typeof incidentWorkflow>('incidentWorkflow', {
      workflowId: incidentWorkflowId(incidentId),
      taskQueue,
      args: [input],
    });
    return { incidentId, projectId, input, handle };
  }

  /** The task of a step key, once its workflow has projected it. */
  async function taskOf(projectId: string, stepKey: string, timeoutMs = SLOW): Promise<Task> {
    const row = await eventually(
      async () => (await db.task.findFirst({ where: { projectId, stepKey } })) ?? undefined,
      timeoutMs,
    );
    const handle: TaskHandle = client.workflow.getHandle<typeof agencyTaskWorkflow>(row.workflowId);
    return { id: row.id, row, handle };
  }
  const ackOf = (incident: Incident, code: string) => taskOf(incident.projectId, `ack-${code.toLowerCase()}`);
  const sitrepOf = (incident: Incident, code: string, n: number, timeoutMs?: number) =>
    taskOf(incident.projectId, `sitrep-${code.toLowerCase()}-${n}`, timeoutMs);
  /** The OPD's first sitrep task after sitrep #n (a sitrep's number is the period it opened in). */
  async function sitrepAfter(incident: Incident, code: string, n: number): Promise<Task> {
    const prefix = `sitrep-${code.toLowerCase()}-`;
    const row = await eventually(async () => {
      const rows = await db.task.findMany({
        where: { projectId: incident.projectId, stepKey: { startsWith: prefix } },
        orderBy: { createdAt: 'asc' },
      });
      return rows.find((r) => Number(r.stepKey!.slice(prefix.length)) > n);
    }, SLOW);
    const handle: TaskHandle = client.workflow.getHandle<typeof agencyTaskWorkflow>(row.workflowId);
    return { id: row.id, row, handle };
  }
  /** The keys of an OPD's sitrep tasks, in the order they were opened. */
  const sitrepKeys = async (incident: Incident, code: string) =>
    (
      await db.task.findMany({
        where: { projectId: incident.projectId, stepKey: { startsWith: `sitrep-${code.toLowerCase()}-` } },
        orderBy: { createdAt: 'asc' },
        select: { stepKey: true },
      })
    ).map((t) => t.stepKey);
  const stageOf = (incident: Incident, requestId: string, stage: 'tanggapan' | 'kirim' | 'terima') =>
    taskOf(incident.projectId, `permintaan-${requestId.slice(0, 8)}-${stage}`);

  const submit = (task: { handle: TaskHandle }, actor: Actor, values: Record<string, unknown>) =>
    task.handle.executeUpdate(submitContributionUpdate, { args: [{ actor, values }] });
  const snapshotOf = (incident: Incident) => incident.handle.query(incidentSnapshotQuery);
  /** The incident's snapshot once it satisfies `ready`; polled gently (every query is work for the worker). */
  async function snapshotWhen(
    incident: Incident,
    ready: (snapshot: IncidentSnapshot) => boolean,
  ): Promise<IncidentSnapshot> {
    const deadline = Date.now() + SLOW;
    for (;;) {
      const snapshot = await snapshotOf(incident);
      if (ready(snapshot)) return snapshot;
      if (Date.now() > deadline) throw new Error(`snapshot not as expected: ${JSON.stringify(snapshot)}`);
      await sleep(500);
    }
  }
  const stateOf = (snapshot: IncidentSnapshot, code: string) => {
    const state = snapshot.agencies.find((a) => a.agencyCode === code);
    if (!state) throw new Error(`${code} is not in the snapshot`);
    return state;
  };
  const changeStatus = (incident: Incident, actor: Actor, to: IncidentStatus, reason: string | null = null) =>
    incident.handle.executeUpdate(changeIncidentStatusUpdate, { args: [{ actor, to, reason }] });
  async function close(incident: Incident, actor: Actor = user.bupati): Promise<IncidentSnapshot> {
    await changeStatus(incident, actor, 'CLOSED', 'Air surut, warga kembali ke rumah');
    return incident.handle.result();
  }
  async function summaryOf(incident: Incident): Promise<AfterActionSummary> {
    const row = await db.incident.findUniqueOrThrow({ where: { id: incident.incidentId } });
    expect(row.summary).not.toBeNull();
    return row.summary as unknown as AfterActionSummary;
  }
  const opdSummary = (summary: AfterActionSummary, code: string) =>
    summary.opd.find((o) => o.agencyCode === code);

  async function requestResource(
    incident: Incident,
    actor: Actor,
    from: string,
    to: string,
    item: string,
    quantity: number,
    details: Pick<RequestResourceArgs, 'destination' | 'neededBy' | 'note'> = {},
  ) {
    const requestId = randomUUID();
    const snapshot = await incident.handle.executeUpdate(requestResourceUpdate, {
      args: [{ actor, requestId, from: ref(from), to: ref(to), item, quantity, unit: 'unit', ...details }],
    });
    const handle: RequestHandle = client.workflow.getHandle<typeof resourceRequestWorkflow>(
      resourceRequestWorkflowId(requestId),
    );
    return { requestId, snapshot, handle };
  }
  const requestRow = (requestId: string) =>
    db.resourceRequest.findUniqueOrThrow({ where: { id: requestId } });

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
  const refusalType = async (promise: Promise<unknown>) => (await refusal(promise)).type;

  /** Audit events in the order they happened. */
  function trail(where: { projectId?: string; taskId?: string; action?: string }) {
    return db.auditEvent.findMany({
      where,
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: {
        action: true,
        taskId: true,
        actorUserId: true,
        actorAgencyId: true,
        detail: true,
        occurredAt: true,
      },
    });
  }
  const escalationsOf = (taskId: string) =>
    db.escalation.findMany({ where: { taskId }, orderBy: { openedAt: 'asc' } });
  const dbLevel = async (taskId: string) =>
    (await db.task.findUniqueOrThrow({ where: { id: taskId } })).escalationLevel;

  /** Updates accepted into a workflow's history (a validator's refusal never gets there). */
  async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
    const events = (await handle.fetchHistory()).events ?? [];
    return events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  }

  // ---------------------------------------------------------------------------------------------------
  // 1. a missed acknowledgement
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'escalates a missed acknowledgement to the Kepala OPD, then Sekda, then Bupati',
    async () => {
      const ladder: EscalationPolicy = {
        levels: [
          { level: 1, timeout: seconds(2), repeats: 0 },
          { level: 2, timeout: seconds(2), repeats: 0 },
          { level: 3, timeout: seconds(60), repeats: 0 },
        ],
      };
      const incident = await declare([mobilised('BPBD', 'KOMANDO'), mobilised('KEC-TONGAS', 'KECAMATAN')], {
        acknowledgeWithin: seconds(4),
        escalation: ladder,
      });
      const bpbd = await ackOf(incident, 'BPBD');
      const kecamatan = await ackOf(incident, 'KEC-TONGAS');
      await submit(bpbd, user['staff.bpbd'], ACK);
      expect(kecamatan.row.dueAt.getTime() - kecamatan.row.createdAt.getTime()).toBe(4_000);

      await eventually(async () => (await dbLevel(kecamatan.id)) === 3, SLOW);
      expect(
        (await escalationsOf(kecamatan.id)).map((e) => [e.level, e.status, e.agencyId, e.projectId]),
      ).toEqual([
        [1, 'SUPERSEDED', agencyId('KEC-TONGAS'), incident.projectId],
        [2, 'SUPERSEDED', agencyId('KEC-TONGAS'), incident.projectId],
        [3, 'OPEN', agencyId('KEC-TONGAS'), incident.projectId],
      ]);
      const dueAt = kecamatan.row.dueAt.toISOString();
      const events = await trail({ taskId: kecamatan.id });
      expect(events.filter((e) => e.action === 'TASK_REMINDER').map((e) => e.detail)).toEqual([
        { percentOfSla: 50, dueAt },
        { percentOfSla: 75, dueAt },
      ]);
      const ladderEvents = events.filter((e) => e.action === 'TASK_ESCALATED');
      expect(ladderEvents.map((e) => e.detail)).toEqual([
        { level: 1, escalatedTo: 'Kepala OPD', dueAt },
        { level: 2, escalatedTo: 'Sekretaris Daerah', dueAt },
        { level: 3, escalatedTo: 'Bupati / Wakil Bupati', dueAt },
      ]);
      // In the order the workflow produced them: both reminders, then one level after another, the first at
      // the deadline. (How far apart the rungs fall is the ladder's arithmetic, tested in
      // libs/domain/src/escalation-ladder.spec.ts; wall-clock gaps depend on the machine's load.)
      const rung = (detail: unknown) => {
        const d = detail as { percentOfSla?: number; level?: number };
        return d.percentOfSla !== undefined ? `${d.percentOfSla}%` : `level ${d.level}`;
      };
      expect(
        events
          .filter((e) => e.action === 'TASK_REMINDER' || e.action === 'TASK_ESCALATED')
          .map((e) => `${e.action} ${rung(e.detail)}`),
      ).toEqual([
        'TASK_REMINDER 50%',
        'TASK_REMINDER 75%',
        'TASK_ESCALATED level 1',
        'TASK_ESCALATED level 2',
        'TASK_ESCALATED level 3',
      ]);
      expect(ladderEvents[0]!.occurredAt.getTime()).toBeGreaterThanOrEqual(kecamatan.row.dueAt.getTime());

      // BPBD acknowledged: nothing escalates after that (normally it acknowledged in time and nothing was
      // escalated at all); the incident knows who has and has not acknowledged.
      const acknowledged = await db.task.findUniqueOrThrow({ where: { id: bpbd.id } });
      expect(acknowledged.status).toBe('COMPLETED');
      // If it landed late, the ladder had climbed until then (each level superseding the one before) and
      // stopped there, its last escalation resolved.
      const bpbdEscalations = await escalationsOf(bpbd.id);
      expect(bpbdEscalations.every((e) => e.openedAt <= acknowledged.completedAt!)).toBe(true);
      expect(bpbdEscalations.map((e) => e.level)).toEqual(bpbdEscalations.map((_, i) => i + 1));
      expect(bpbdEscalations.map((e) => e.status)).toEqual(
        bpbdEscalations.map((_, i) => (i === bpbdEscalations.length - 1 ? 'RESOLVED' : 'SUPERSEDED')),
      );
      const snapshot = await snapshotWhen(incident, (s) => stateOf(s, 'BPBD').acknowledged);
      expect(stateOf(snapshot, 'KEC-TONGAS').acknowledged).toBe(false);

      await close(incident);
      const summary = await summaryOf(incident);
      expect(opdSummary(summary, 'KEC-TONGAS')).toMatchObject({ minutesToAcknowledge: null, escalations: 3 });
      expect(opdSummary(summary, 'BPBD')).toMatchObject({ escalations: bpbdEscalations.length });
      expect(opdSummary(summary, 'BPBD')!.minutesToAcknowledge).not.toBeNull();
      // Closing cancels the unacknowledged task and closes its open escalation.
      expect(await kecamatan.handle.result()).toMatchObject({ state: 'CANCELLED', escalationLevel: 3 });
      expect((await escalationsOf(kecamatan.id)).map((e) => e.status)).toEqual([
        'SUPERSEDED',
        'SUPERSEDED',
        'RESOLVED',
      ]);
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 2. sitreps every interval, reminded and escalated when missing
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'asks every OPD for sitrep #1 at mobilisation and the next after the interval; a missing one stays the one open, reminded and escalated per missed period',
    async () => {
      const incident = await declare(responseTeam(), {
        sitrepEvery: seconds(8),
        escalation: { levels: [{ level: 1, timeout: seconds(60), repeats: 0 }] },
      });
      const codes = ['BPBD', 'DINKES', 'DINSOS'];
      const mobilisedAt = new Map(
        (
          await db.incidentAgency.findMany({
            where: { incidentId: incident.incidentId },
            include: { agency: true },
          })
        ).map((a) => [a.agency.code, a.mobilisedAt.getTime()]),
      );
      const first = new Map<string, Task>();
      for (const code of codes) first.set(code, await sitrepOf(incident, code, 1));
      for (const [code, task] of first) {
        expect(task.row).toMatchObject({ agencyId: agencyId(code), status: 'ASSIGNED' });
        expect(task.row.title).toBe('Laporan situasi #1: Banjir Kecamatan Tongas');
        expect(task.row.dueAt.getTime() - task.row.createdAt.getTime()).toBe(8_000);
        expect(task.row.createdAt.getTime()).toBeGreaterThanOrEqual(mobilisedAt.get(code)!);
      }

      await submit(first.get('DINKES')!, user['staff.dinkes'], {
        lukaLuka: { [TONGAS_1]: 3 },
        narasi: 'Dua puskesmas keliling di Tongas Wetan',
      });
      await submit(first.get('BPBD')!, user['staff.bpbd'], {
        terdampak: { [TONGAS_1]: 240 },
        narasi: 'Ketinggian air 60 cm',
      });

      // DINSOS sends nothing: reminded at 50% and 75% of the interval, escalated to its Kepala at the deadline,
      // and, on the sitrep ladder, to the Sekda only after three missed periods (two periods later); never
      // to the Bupati (the ladder has no level 3).
      const silent = first.get('DINSOS')!;
      await eventually(async () => (await dbLevel(silent.id)) === 2, SLOW);
      const dueAt = silent.row.dueAt.toISOString();
      const reminders = await trail({ taskId: silent.id, action: 'TASK_REMINDER' });
      expect(reminders.map((e) => e.detail)).toEqual([
        { percentOfSla: 50, dueAt },
        { percentOfSla: 75, dueAt },
      ]);
      expect(reminders.map((e) => e.actorAgencyId)).toEqual([agencyId('DINSOS'), agencyId('DINSOS')]);
      // Assigned, reminded twice, then escalated twice, in that order (when each falls due is the ladder's
      // arithmetic, tested in libs/domain/src/escalation-ladder.spec.ts and emergency/sitrep-duty.spec.ts).
      expect((await trail({ taskId: silent.id })).map((e) => e.action)).toEqual([
        'TASK_ASSIGNED',
        'TASK_REMINDER',
        'TASK_REMINDER',
        'TASK_ESCALATED',
        'TASK_ESCALATED',
      ]);
      const escalations = await escalationsOf(silent.id);
      expect(escalations.map((e) => [e.level, e.status, e.agencyId])).toEqual([
        [1, 'SUPERSEDED', agencyId('DINSOS')],
        [2, 'OPEN', agencyId('DINSOS')],
      ]);
      expect(escalations[1]!.openedAt.getTime() - silent.row.dueAt.getTime()).toBeGreaterThanOrEqual(16_000);
      expect((await trail({ taskId: silent.id, action: 'TASK_ESCALATED' })).map((e) => e.detail)).toEqual([
        { level: 1, escalatedTo: 'Kepala OPD', dueAt },
        { level: 2, escalatedTo: 'Sekretaris Daerah', dueAt },
      ]);

      // The OPDs that sent #1 get their next sitrep one interval after their mobilisation (or later, when #1
      // was sent after that period began), starting afresh.
      for (const code of ['BPBD', 'DINKES']) {
        const next = await sitrepAfter(incident, code, 1);
        expect(next.row).toMatchObject({ agencyId: agencyId(code), status: 'ASSIGNED' });
        expect(
          (await escalationsOf(next.id)).every((e) => e.openedAt.getTime() >= next.row.dueAt.getTime()),
        ).toBe(true);
        expect(next.row.title).toMatch(/^Laporan situasi #\d+: Banjir Kecamatan Tongas$/);
        expect(next.row.createdAt.getTime()).toBeGreaterThanOrEqual(mobilisedAt.get(code)! + 8_000);
        expect(next.row.dueAt.getTime() - next.row.createdAt.getTime()).toBe(8_000);
      }
      // A sent sitrep is done: nothing escalates after it arrived.
      for (const [code, staff] of [
        ['BPBD', user['staff.bpbd']],
        ['DINKES', user['staff.dinkes']],
      ] as const) {
        const sent = await db.task.findUniqueOrThrow({ where: { id: first.get(code)!.id } });
        expect(sent).toMatchObject({ status: 'COMPLETED', completedById: staff.userId });
        const sentEscalations = await escalationsOf(sent.id);
        expect(sentEscalations.every((e) => e.openedAt <= sent.completedAt! && e.status === 'RESOLVED')).toBe(
          true,
        );
      }
      // Three periods went by for DINSOS (it reached the Sekda): they are counted, but its one open sitrep
      // covers them; no pile of sitrep tasks.
      const snapshot = await snapshotOf(incident);
      for (const code of codes) expect(stateOf(snapshot, code).sitrepsStarted).toBeGreaterThanOrEqual(2);
      expect(stateOf(snapshot, 'DINSOS').sitrepsStarted).toBeGreaterThanOrEqual(3);

      await close(incident);
      expect(await sitrepKeys(incident, 'DINSOS')).toEqual(['sitrep-dinsos-1']);
      const summary = await summaryOf(incident);
      expect(opdSummary(summary, 'DINKES')).toMatchObject({ sitrepsSubmitted: 1 });
      expect(opdSummary(summary, 'DINKES')!.minutesToFirstSitrep).not.toBeNull();
      expect(opdSummary(summary, 'DINSOS')).toMatchObject({
        minutesToFirstSitrep: null,
        sitrepsSubmitted: 0,
        sitrepsMissed: 1,
      });
      expect(opdSummary(summary, 'DINSOS')!.escalations).toBe(2);
    },
    TEST_TIMEOUT,
  );

  it.concurrent(
    'asks no sitrep of an OPD whose clusters have no sitrep duty, and keeps one sitrep open per OPD however many periods pass',
    async () => {
      const incident = await declare(
        [
          mobilised('DINKES', 'KESEHATAN'),
          mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'),
          mobilised('DLH', 'LINGKUNGAN'),
        ],
        { sitrepEvery: seconds(4) },
      );
      // DLH (lingkungan hidup) is mobilised and acknowledges, but owes no sitrep.
      expect((await ackOf(incident, 'DLH')).row.agencyId).toBe(agencyId('DLH'));
      const dinkesFirst = await sitrepOf(incident, 'DINKES', 1);
      const dinsosFirst = await sitrepOf(incident, 'DINSOS', 1);
      await submit(dinkesFirst, user['staff.dinkes'], {
        lukaLuka: { [TONGAS_1]: 2 },
        narasi: 'Puskesmas Tongas siaga 24 jam',
      });
      // Sent: DINKES gets its next sitrep when a period begins.
      const dinkesNext = await sitrepAfter(incident, 'DINKES', 1);
      expect(dinkesNext.row.createdAt.getTime()).toBeGreaterThanOrEqual(dinkesFirst.row.createdAt.getTime());

      // DINSOS sends nothing for three periods: they are counted, and its first sitrep covers them all.
      await snapshotWhen(incident, (s) => stateOf(s, 'DINSOS').sitrepsStarted >= 3);
      expect(await sitrepKeys(incident, 'DINSOS')).toEqual(['sitrep-dinsos-1']);
      // Sent late, it is done; the next one comes with the next period, numbered by it.
      await submit(dinsosFirst, user['staff.dinsos'], {
        mengungsi: { [TONGAS_1]: 40 },
        narasi: 'Pengungsi di Balai Desa',
      });
      const sentAt = (await db.task.findUniqueOrThrow({ where: { id: dinsosFirst.id } })).completedAt!;
      const dinsosNext = await sitrepAfter(incident, 'DINSOS', 1);
      expect(Number(dinsosNext.row.stepKey!.replace('sitrep-dinsos-', ''))).toBeGreaterThanOrEqual(4);
      expect(dinsosNext.row.createdAt.getTime()).toBeGreaterThanOrEqual(sentAt.getTime());
      expect(dinsosNext.row.status).toBe('ASSIGNED');

      const result = await close(incident);
      expect(stateOf(result, 'DLH').sitrepsStarted).toBe(0);
      expect(await sitrepKeys(incident, 'DLH')).toEqual([]);
      expect(await sitrepKeys(incident, 'DINSOS')).toEqual(['sitrep-dinsos-1', dinsosNext.row.stepKey]);
      expect((await summaryOf(incident)).opd.map((o) => o.agencyCode).sort()).toEqual([
        'DINKES',
        'DINSOS',
        'DLH',
      ]);
      // New branches of the patches 'sitrep-duty-per-cluster' and 'one-open-sitrep-per-opd', replayed.
      await recordHistory(incident.handle, 'incidentWorkflow-v2-sitrep-duty-one-open');
    },
    TEST_TIMEOUT,
  );

  it.concurrent(
    'follows up an acknowledgement that says "not ready": a follow-up due within the acknowledgement time, escalated like a missed one',
    async () => {
      const incident = await declare(
        [mobilised('DINKES', 'KESEHATAN'), mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK')],
        {
          acknowledgeWithin: seconds(6),
          escalation: {
            levels: [
              { level: 1, timeout: seconds(2), repeats: 0 },
              { level: 2, timeout: seconds(60), repeats: 0 },
            ],
          },
        },
      );
      await submit(await ackOf(incident, 'DINKES'), user['staff.dinkes'], ACK);
      const first = await ackOf(incident, 'DINSOS');
      await submit(first, user['staff.dinsos'], {
        siap: false,
        catatan: 'Armada dapur umum masih di lokasi lain',
      });

      // Not acknowledged: a follow-up acknowledgement, due within the acknowledgement time.
      const followUp = await taskOf(incident.projectId, 'ack-dinsos-ulang-1');
      expect(followUp.row).toMatchObject({
        agencyId: agencyId('DINSOS'),
        status: 'ASSIGNED',
        title: 'Konfirmasi kesiapan (ulang #1): Banjir Kecamatan Tongas',
      });
      expect(followUp.row.dueAt.getTime() - followUp.row.createdAt.getTime()).toBe(6_000);
      const snapshot = await snapshotWhen(incident, (s) => stateOf(s, 'DINKES').acknowledged);
      expect(stateOf(snapshot, 'DINSOS').acknowledged).toBe(false);
      // Unanswered, it climbs the ladder like a missed acknowledgement.
      await eventually(async () => (await dbLevel(followUp.id)) >= 1, SLOW);

      // Ready now: acknowledged, and no more follow-ups.
      await submit(followUp, user['staff.dinsos'], { ...ACK, personelDikerahkan: 6 });
      await snapshotWhen(incident, (s) => stateOf(s, 'DINSOS').acknowledged);
      await close(incident);
      const acks = await db.task.findMany({
        where: {
          projectId: incident.projectId,
          agencyId: agencyId('DINSOS'),
          stepKey: { startsWith: 'ack-' },
        },
        orderBy: { createdAt: 'asc' },
        select: { stepKey: true, status: true },
      });
      expect(acks).toEqual([
        { stepKey: 'ack-dinsos', status: 'COMPLETED' },
        { stepKey: 'ack-dinsos-ulang-1', status: 'COMPLETED' },
      ]);
      // Acknowledged when it said ready, not when it said "not ready".
      const ready = await db.task.findUniqueOrThrow({ where: { id: followUp.id } });
      const summary = await summaryOf(incident);
      const mobilisedAt = (
        await db.incidentAgency.findUniqueOrThrow({
          where: { incidentId_agencyId: { incidentId: incident.incidentId, agencyId: agencyId('DINSOS') } },
        })
      ).mobilisedAt;
      expect(opdSummary(summary, 'DINSOS')!.minutesToAcknowledge).toBe(
        Math.floor((ready.completedAt!.getTime() - mobilisedAt.getTime()) / 60_000),
      );
      // New branch of the patch 'ack-not-ready-followed-up', replayed.
      await recordHistory(incident.handle, 'incidentWorkflow-v2-ack-not-ready');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 3. adding, releasing and tasking OPDs
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'mobilises an extra OPD, releases one (no more sitreps for it) and assigns a task to a mobilised OPD',
    async () => {
      // BPBD commands without being mobilised itself here: fewer sitrep tasks each period.
      const incident = await declare(
        [mobilised('DINKES', 'KESEHATAN'), mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK')],
        { sitrepEvery: seconds(4) },
      );
      const command = user['staff.bpbd'];
      const mobilise = (actor: Actor, agency: MobilisedAgency) =>
        incident.handle.executeUpdate(mobiliseAgencyUpdate, { args: [{ actor, agency }] });
      const release = (actor: Actor, code: string, reason: string) =>
        incident.handle.executeUpdate(releaseAgencyUpdate, {
          args: [{ actor, agencyId: agencyId(code), reason }],
        });
      const assign = (actor: Actor, code: string) => {
        const step: StepPlan = {
          key: 'kaji-tanggul',
          title: 'Kaji cepat tanggul Sungai Tongas',
          instructions: 'Periksa tanggul yang jebol dan usulkan penanganan darurat',
          agencyId: agencyId(code),
          agencyCode: code,
          form: NOTE_FORM,
          sla: seconds(600),
          dependsOn: [],
          escalation: QUIET_LADDER,
        };
        return incident.handle.executeUpdate(assignIncidentTaskUpdate, { args: [{ actor, step }] });
      };

      // Mobilise DPUPR: only the command or leadership, and not an OPD already mobilised.
      const dpupr = mobilised('DPUPR', 'SARANA_PRASARANA');
      expect(await refusalType(mobilise(user['kepala.dinkes'], dpupr))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(mobilise(command, mobilised('DINKES', 'KESEHATAN')))).toBe(INVALID_REQUEST);
      const added = await mobilise(command, dpupr);
      expect(stateOf(added, 'DPUPR')).toMatchObject({
        released: false,
        acknowledged: false,
        clusters: ['SARANA_PRASARANA'],
      });
      const dpuprAck = await ackOf(incident, 'DPUPR');
      expect(dpuprAck.row.agencyId).toBe(agencyId('DPUPR'));
      expect((await sitrepOf(incident, 'DPUPR', 1)).row.agencyId).toBe(agencyId('DPUPR'));
      expect(
        await db.incidentAgency.findUniqueOrThrow({
          where: { incidentId_agencyId: { incidentId: incident.incidentId, agencyId: agencyId('DPUPR') } },
        }),
      ).toMatchObject({ clusters: ['SARANA_PRASARANA'], releasedAt: null });
      const dpuprMobilised = (await trail({ projectId: incident.projectId, action: 'OPD_MOBILISED' })).find(
        (e) => (e.detail as { agency: string }).agency === 'DPUPR',
      );
      expect(dpuprMobilised).toMatchObject({
        actorUserId: command.userId,
        detail: { agency: 'DPUPR', clusters: ['SARANA_PRASARANA'], ackDueAt: expect.any(String) },
      });
      // When its acknowledgement falls due, for the notification: the ack SLA (600 s) after the mobilisation.
      const ackDueAt = (dpuprMobilised!.detail as { ackDueAt: string }).ackDueAt;
      expect(new Date(ackDueAt).getTime() - dpuprMobilised!.occurredAt.getTime()).toBe(600_000);
      expect(Math.abs(new Date(ackDueAt).getTime() - dpuprAck.row.dueAt.getTime())).toBeLessThan(SLOW);

      // Release DINSOS: only the command or leadership, with a reason, and only a mobilised OPD.
      expect(await refusalType(release(user['staff.dinsos'], 'DINSOS', 'Tugas selesai'))).toBe(
        TASK_FORBIDDEN,
      );
      expect(await refusalType(release(command, 'DINSOS', '  '))).toBe(INVALID_REQUEST);
      expect(await refusalType(release(command, 'DISHUB', 'Tidak dimobilisasi'))).toBe(INVALID_REQUEST);
      const reason = 'Pengungsi sudah kembali, dapur umum ditutup';
      const released = await release(user['kepala.bpbd'], 'DINSOS', reason);
      expect(stateOf(released, 'DINSOS').released).toBe(true);
      const dinsosSitreps = stateOf(released, 'DINSOS').sitrepsStarted;
      const dinkesSitreps = stateOf(released, 'DINKES').sitrepsStarted;
      // DINSOS sent no sitrep: its first one covered every period until the release.
      const dinsosSitrepTasks = await sitrepKeys(incident, 'DINSOS');
      expect(dinsosSitrepTasks).toEqual(['sitrep-dinsos-1']);
      expect(
        (
          await db.incidentAgency.findUniqueOrThrow({
            where: { incidentId_agencyId: { incidentId: incident.incidentId, agencyId: agencyId('DINSOS') } },
          })
        ).releasedAt,
      ).not.toBeNull();
      // A released OPD owes nothing more: its open acknowledgement and sitreps are cancelled, not escalated.
      await eventually(async () => {
        const open = await db.task.count({
          where: {
            projectId: incident.projectId,
            agencyId: agencyId('DINSOS'),
            status: { notIn: ['COMPLETED', 'CANCELLED'] },
          },
        });
        return open === 0 ? true : undefined;
      });
      expect(
        await db.task.count({
          where: { projectId: incident.projectId, agencyId: agencyId('DINSOS'), status: 'CANCELLED' },
        }),
      ).toBeGreaterThan(0);
      expect(await trail({ projectId: incident.projectId, action: 'OPD_RELEASED' })).toEqual([
        expect.objectContaining({
          actorUserId: user['kepala.bpbd'].userId,
          detail: { agencyId: agencyId('DINSOS'), reason },
        }),
      ]);

      // Tasks go to mobilised OPDs only, from the command; they complete on submission.
      expect(await refusalType(assign(user['staff.dinkes'], 'DPUPR'))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(assign(command, 'DISHUB'))).toBe(INVALID_REQUEST);
      expect(await refusalType(assign(command, 'DINSOS'))).toBe(INVALID_REQUEST);
      await assign(command, 'DPUPR');
      const task = await taskOf(incident.projectId, 'kaji-tanggul-1');
      expect(task.row).toMatchObject({
        agencyId: agencyId('DPUPR'),
        title: 'Kaji cepat tanggul Sungai Tongas',
        status: 'ASSIGNED',
      });
      expect(
        await submit(task, user['staff.dpupr'], { hasil: 'Tanggul jebol 12 m, perlu karung pasir' }),
      ).toMatchObject({
        state: 'COMPLETED',
      });

      // Two more intervals: DINKES owes two more periods (covered by its one open sitrep), DINSOS none.
      const later = await snapshotWhen(
        incident,
        (s) => stateOf(s, 'DINKES').sitrepsStarted >= dinkesSitreps + 2,
      );
      expect(stateOf(later, 'DINSOS').sitrepsStarted).toBe(dinsosSitreps);
      expect(
        await db.task.count({
          where: {
            projectId: incident.projectId,
            agencyId: agencyId('DINSOS'),
            stepKey: { startsWith: 'sitrep-' },
          },
        }),
      ).toBe(dinsosSitrepTasks.length);

      // Mobilised again, DINSOS owes sitreps from now on: the periods it was released for are not owed
      // (no burst of stale sitreps), and the first new one starts at once.
      const back = await mobilise(command, mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'));
      expect(stateOf(back, 'DINSOS').released).toBe(false);
      const remobilised = (await trail({ projectId: incident.projectId, action: 'OPD_MOBILISED' })).filter(
        (e) => e.actorUserId === command.userId && (e.detail as { agency: string }).agency === 'DINSOS',
      );
      expect(remobilised).toHaveLength(1);
      const remobilisedAt = remobilised[0]!.occurredAt.getTime();
      const next = await sitrepOf(incident, 'DINSOS', dinsosSitreps + 1);
      expect(next.row.createdAt.getTime()).toBeGreaterThanOrEqual(remobilisedAt);
      expect(next.row.dueAt.getTime() - next.row.createdAt.getTime()).toBe(4_000);
      // Sent, so the next period brings the next one (a state, not a duration): a burst of stale sitreps
      // would have been started at once, rather than one period apart.
      await submit(next, user['staff.dinsos'], { narasi: 'Dapur umum dibuka lagi' });
      await sitrepAfter(incident, 'DINSOS', dinsosSitreps + 1);
      const resumed = await db.task.findMany({
        where: {
          projectId: incident.projectId,
          agencyId: agencyId('DINSOS'),
          stepKey: { startsWith: 'sitrep-' },
          createdAt: { gte: new Date(remobilisedAt) },
        },
        orderBy: { createdAt: 'asc' },
      });
      expect(resumed.length).toBeGreaterThanOrEqual(2);
      expect(resumed[0]!.stepKey).toBe(`sitrep-dinsos-${dinsosSitreps + 1}`);
      // The next one a period (or more, if #1 was sent late) later, counted from the new mobilisation.
      const period = Number(resumed[1]!.stepKey!.replace('sitrep-dinsos-', '')) - dinsosSitreps - 1;
      expect(period).toBeGreaterThanOrEqual(1);
      expect(resumed[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(remobilisedAt + period * 4_000);
      expect(
        (
          await db.incidentAgency.findUniqueOrThrow({
            where: { incidentId_agencyId: { incidentId: incident.incidentId, agencyId: agencyId('DINSOS') } },
          })
        ).releasedAt,
      ).toBeNull();

      await close(incident);
      // Mobilise, release (behind the patch 'release-cancels-open-tasks'), re-mobilise and assign, replayed.
      await recordHistory(incident.handle, 'incidentWorkflow-mobilise-release-assign');
    },
    TEST_TIMEOUT,
  );

  it(
    'gives an OPD released as it is being mobilised nothing to do: a task started meanwhile is cancelled once it exists',
    async () => {
      // The release is sent as soon as the workflow exists: the acknowledgements' start is then in flight
      // (or not begun), so the release finds no task of DINSOS to cancel. Before the patch
      // 'cancel-tasks-of-released-opd' DINSOS kept an acknowledgement, and sitreps, that escalated.
      const incident = await startIncident(responseTeam());
      const reason = 'Salah mobilisasi: cukup BPBD dan DINKES';
      // Refused ("not mobilised") until the workflow has recorded the declaration; sent again at once.
      for (let attempt = 0; ; attempt++) {
        const refused = await incident.handle
          .executeUpdate(releaseAgencyUpdate, {
            args: [{ actor: user['staff.bpbd'], agencyId: agencyId('DINSOS'), reason }],
          })
          .then(
            () => null,
            (error: Error) => error,
          );
        if (refused === null) break;
        if (attempt > 200 || !(refused instanceof WorkflowUpdateFailedError)) throw refused;
      }
      // The others go on: DINKES has its acknowledgement and sitrep #1.
      await ackOf(incident, 'DINKES');
      await sitrepOf(incident, 'DINKES', 1);
      // DINSOS owes nothing: whatever task it got is cancelled, and none is left open.
      await eventually(async () => {
        const open = await db.task.count({
          where: {
            projectId: incident.projectId,
            agencyId: agencyId('DINSOS'),
            status: { notIn: ['CANCELLED'] },
          },
        });
        return open === 0 ? true : undefined;
      }, SLOW);
      expect(stateOf(await snapshotOf(incident), 'DINSOS')).toMatchObject({ released: true });
      await close(incident);
      await recordHistory(incident.handle, 'incidentWorkflow-released-while-starting');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 4. closing
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'closes a flood: open tasks and requests are cancelled and the after-action summary is written',
    async () => {
      const incident = await declare([...responseTeam(), mobilised('DPUPR', 'SARANA_PRASARANA')], {
        acknowledgeWithin: seconds(300),
        sitrepEvery: seconds(10),
        escalation: { levels: [{ level: 1, timeout: seconds(60), repeats: 0 }] },
      });
      const { projectId } = incident;
      const staff: Record<string, Actor> = {
        BPBD: user['staff.bpbd'],
        DINKES: user['staff.dinkes'],
        DINSOS: user['staff.dinsos'],
      };
      for (const code of ['BPBD', 'DINKES', 'DINSOS'])
        await submit(await ackOf(incident, code), staff[code]!, ACK);
      await submit(await sitrepOf(incident, 'DINKES', 1), user['staff.dinkes'], {
        lukaLuka: { [TONGAS_1]: 4 },
        meninggal: { [TONGAS_1]: 0 },
        narasi: 'Tidak ada korban jiwa',
      });
      await submit(await sitrepOf(incident, 'DINSOS', 1), user['staff.dinsos'], {
        mengungsi: { [TONGAS_1]: 85, [TONGAS_2]: 40 },
        posPengungsian: { [TONGAS_1]: 2 },
        narasi: 'Dua pos pengungsian di masjid dan sekolah',
      });
      // Two requests still open at closing: tents sent but not yet received, an excavator never answered.
      const tents = await requestResource(
        incident,
        user['staff.dinsos'],
        'DINSOS',
        'BPBD',
        'Tenda pengungsi',
        10,
      );
      await submit(await stageOf(incident, tents.requestId, 'tanggapan'), user['staff.bpbd'], {
        keputusan: 'SANGGUP',
        keterangan: 'Dari gudang logistik BPBD',
      });
      await submit(await stageOf(incident, tents.requestId, 'kirim'), user['staff.bpbd'], {
        jumlahDikirim: 10,
      });
      const receiving = await stageOf(incident, tents.requestId, 'terima');
      const excavator = await requestResource(
        incident,
        user['staff.dinkes'],
        'DINKES',
        'DPUPR',
        'Ekskavator',
        1,
      );
      const answering = await stageOf(incident, excavator.requestId, 'tanggapan');

      // BPBD and DPUPR miss sitrep #1: escalated at its deadline, when the second period starts; that period
      // opens no second task for them (#1 covers it), DINKES and DINSOS their next one.
      const missed = [await sitrepOf(incident, 'BPBD', 1), await sitrepOf(incident, 'DPUPR', 1)];
      for (const task of missed) await eventually(async () => (await dbLevel(task.id)) >= 1, SLOW);
      const nextSitreps = [
        await sitrepAfter(incident, 'DINKES', 1),
        await sitrepAfter(incident, 'DINSOS', 1),
      ];
      await snapshotWhen(incident, (s) => stateOf(s, 'BPBD').sitrepsStarted >= 2);

      await changeStatus(incident, user['staff.bpbd'], 'TANGGAP_DARURAT', 'Banjir meluas');
      const result = await close(incident, user['kepala.bpbd']);
      expect(result).toMatchObject({ incidentId: incident.incidentId, status: 'CLOSED', runs: 0 });

      // The incident and its project are closed; the after-action summary is written.
      const row = await db.incident.findUniqueOrThrow({
        where: { id: incident.incidentId },
        include: { project: true },
      });
      expect(row.status).toBe('CLOSED');
      expect(row.closedAt).not.toBeNull();
      expect(row.project).toMatchObject({ status: 'COMPLETED', completedAt: row.closedAt });
      expect(
        (
          await db.incidentStatusChange.findMany({
            where: { incidentId: incident.incidentId },
            orderBy: { at: 'asc' },
          })
        ).map((c) => [c.fromStatus, c.toStatus, c.byUserId]),
      ).toEqual([
        [null, 'SIAGA_DARURAT', user['staff.bpbd'].userId],
        ['SIAGA_DARURAT', 'TANGGAP_DARURAT', user['staff.bpbd'].userId],
        ['TANGGAP_DARURAT', 'CLOSED', user['kepala.bpbd'].userId],
      ]);

      // The after-action summary, per OPD, agrees with the task, escalation and mobilisation rows; minutes are
      // whole minutes since mobilisation (0 on an unloaded machine, but the scenario runs beside others).
      const summary = row.summary as unknown as AfterActionSummary;
      const closedAt = row.closedAt!.getTime();
      const minutesSince = (from: Date, to: number) => Math.floor((to - from.getTime()) / 60_000);
      const secondsSince = (from: Date, to: number) => Math.floor((to - from.getTime()) / 1000);
      const [taskRows, escalationRows, mobilisations] = await Promise.all([
        db.task.findMany({ where: { projectId } }),
        db.escalation.findMany({ where: { projectId } }),
        db.incidentAgency.findMany({ where: { incidentId: incident.incidentId } }),
      ]);
      const expected = ['BPBD', 'DINKES', 'DINSOS', 'DPUPR'].map((code) => {
        const mobilisedAt = mobilisations.find((m) => m.agencyId === agencyId(code))!.mobilisedAt;
        const ack = taskRows.find((t) => t.stepKey === `ack-${code.toLowerCase()}`)!;
        const sitreps = taskRows.filter((t) => t.stepKey?.startsWith(`sitrep-${code.toLowerCase()}-`));
        const sent = sitreps.filter((t) => t.completedAt !== null);
        const firstSent = sent.length > 0 ? Math.min(...sent.map((t) => t.completedAt!.getTime())) : null;
        return {
          agencyCode: code,
          minutesToAcknowledge: ack.completedAt ? minutesSince(mobilisedAt, ack.completedAt.getTime()) : null,
          minutesToFirstSitrep: firstSent !== null ? minutesSince(mobilisedAt, firstSent) : null,
          secondsToAcknowledge: ack.completedAt ? secondsSince(mobilisedAt, ack.completedAt.getTime()) : null,
          secondsToFirstSitrep: firstSent !== null ? secondsSince(mobilisedAt, firstSent) : null,
          sitrepsSubmitted: sent.length,
          sitrepsMissed: sitreps.filter((t) => t.completedAt === null && t.dueAt.getTime() <= closedAt)
            .length,
          escalations: escalationRows.filter(
            (e) => e.agencyId === agencyId(code) && e.openedAt.getTime() <= closedAt,
          ).length,
        };
      });
      const byCode = [...summary.opd].sort((a, b) => a.agencyCode.localeCompare(b.agencyCode));
      expect(byCode).toEqual(expected);
      // What the scenario fixed: who acknowledged, who sent sitrep #1, who missed it and was escalated.
      expect(byCode.map((o) => [o.agencyCode, o.minutesToAcknowledge !== null, o.sitrepsSubmitted])).toEqual([
        ['BPBD', true, 0],
        ['DINKES', true, 1],
        ['DINSOS', true, 1],
        ['DPUPR', false, 0],
      ]);
      for (const o of [byCode[0]!, byCode[3]!]) {
        expect(o.minutesToFirstSitrep).toBeNull();
        expect(o.sitrepsMissed).toBeGreaterThanOrEqual(1);
        expect(o.escalations).toBeGreaterThanOrEqual(1);
      }
      const durationMinutes = minutesSince(row.declaredAt, closedAt);
      const durationSeconds = secondsSince(row.declaredAt, closedAt);
      expect(summary.durationMinutes).toBe(durationMinutes);
      expect(summary.durationSeconds).toBe(durationSeconds);
      // The timeline: declared first, then the OPDs, the status change and the requests, in order.
      expect(summary.timeline[0]).toMatchObject({ action: 'INCIDENT_DECLARED', agencyCode: 'BPBD' });
      expect(
        summary.timeline
          .filter((e) => e.action === 'INCIDENT_STATUS_CHANGED')
          .map((e) => [e.detail['to'], e.reason]),
      ).toEqual([
        ['TANGGAP_DARURAT', 'Banjir meluas'],
        ['CLOSED', 'Air surut, warga kembali ke rumah'],
      ]);
      expect(summary.timeline.filter((e) => e.action.startsWith('RESOURCE_')).map((e) => e.action)).toEqual([
        'RESOURCE_REQUESTED',
        'RESOURCE_COMMITTED',
        'RESOURCE_SENT',
        'RESOURCE_REQUESTED',
      ]);
      const instants = summary.timeline.map((e) => Date.parse(e.at));
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
      const sum = (pick: (o: (typeof expected)[number]) => number) =>
        expected.reduce((n, o) => n + pick(o), 0);
      expect(summary.totals).toEqual({
        opdMobilised: 4,
        opdAcknowledged: 3,
        sitrepsSubmitted: 2,
        sitrepsMissed: sum((o) => o.sitrepsMissed),
        escalations: sum((o) => o.escalations),
        requests: 2,
        unmetRequests: 2,
      });
      // Requests open at closing are unmet, in the state they had reached.
      expect([...summary.unmetRequests].sort((a, b) => a.item.localeCompare(b.item))).toEqual([
        {
          id: excavator.requestId,
          fromAgency: 'DINKES',
          toAgency: 'DPUPR',
          item: 'Ekskavator',
          status: 'REQUESTED',
        },
        {
          id: tents.requestId,
          fromAgency: 'DINSOS',
          toAgency: 'BPBD',
          item: 'Tenda pengungsi',
          status: 'SENT',
        },
      ]);
      expect(summary.finalFigures.kabupaten).toEqual({
        lukaLuka: 4,
        meninggal: 0,
        mengungsi: 125,
        posPengungsian: 2,
      });
      expect(summary.finalFigures.kecamatan).toEqual({
        '35.13.23': { lukaLuka: 4, meninggal: 0, mengungsi: 125, posPengungsian: 2 },
      });
      expect(summary.finalFigures.conflicts).toEqual([]);
      expect(await trail({ projectId, action: 'INCIDENT_CLOSED' })).toEqual([
        expect.objectContaining({ detail: { durationMinutes, durationSeconds, unmetRequests: 2 } }),
      ]);

      // Everything still open was cancelled: acknowledgement, sitreps, request stages and the requests.
      expect(await excavator.handle.result()).toBe('CANCELLED');
      expect(await tents.handle.result()).toBe('CANCELLED');
      for (const request of [excavator, tents]) {
        expect(await requestRow(request.requestId)).toMatchObject({
          status: 'CANCELLED',
          reason: 'insiden ditutup',
        });
      }
      for (const task of [await ackOf(incident, 'DPUPR'), ...missed, receiving, answering]) {
        expect(await task.handle.result()).toMatchObject({ state: 'CANCELLED' });
      }
      const tasks = await eventually(async () => {
        const rows = await db.task.findMany({
          where: { projectId },
          select: { stepKey: true, status: true },
        });
        return rows.every((t) => t.status === 'COMPLETED' || t.status === 'CANCELLED') ? rows : undefined;
      });
      const statusOf = (key: string) => tasks.find((t) => t.stepKey === key)?.status;
      expect(
        ['ack-bpbd', 'ack-dinkes', 'ack-dinsos', 'sitrep-dinkes-1', 'sitrep-dinsos-1'].map(statusOf),
      ).toEqual(Array(5).fill('COMPLETED'));
      expect(
        ['ack-dpupr', 'sitrep-bpbd-1', 'sitrep-dpupr-1', ...nextSitreps.map((t) => t.row.stepKey!)].map(
          statusOf,
        ),
      ).toEqual(Array(5).fill('CANCELLED'));
      expect(await sitrepKeys(incident, 'BPBD')).toEqual(['sitrep-bpbd-1']);
      expect(await sitrepKeys(incident, 'DPUPR')).toEqual(['sitrep-dpupr-1']);
      // No escalation stays open once its task is cancelled.
      const finalEscalations = await db.escalation.findMany({ where: { projectId } });
      expect(finalEscalations.length).toBeGreaterThanOrEqual(2);
      expect(finalEscalations.every((e) => e.status === 'RESOLVED')).toBe(true);
      expect((await trail({ projectId })).filter((e) => e.action === 'RESOURCE_CANCELLED')).toHaveLength(2);

      await recordHistory(incident.handle, 'incidentWorkflow-flood-closed');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 5. continue-as-new
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'continues as new on a long history and keeps delivering sitreps and its state',
    async () => {
      const incident = await declare([mobilised('DINKES', 'KESEHATAN')], {
        sitrepEvery: seconds(3),
        continueAsNewAfterEvents: 20,
      });
      const ack = await ackOf(incident, 'DINKES');
      await sitrepOf(incident, 'DINKES', 1);
      await changeStatus(incident, user['staff.bpbd'], 'TANGGAP_DARURAT', 'Air terus naik');

      const continued = await snapshotWhen(incident, (s) => s.runs >= 1);
      expect(continued.status).toBe('TANGGAP_DARURAT');
      const firstRun = await client.workflow
        .getHandle(incident.handle.workflowId, incident.handle.firstExecutionRunId)
        .describe();
      expect(firstRun.status.name).toBe('CONTINUED_AS_NEW');
      // The carried status still decides what may change.
      expect(await refusalType(changeStatus(incident, user['staff.bpbd'], 'TANGGAP_DARURAT'))).toBe(
        TASK_NOT_OPEN,
      );
      expect(await refusalType(changeStatus(incident, user['staff.bpbd'], 'SIAGA_DARURAT'))).toBe(
        TASK_NOT_OPEN,
      );

      // A task started by the first run reports to the latest.
      await submit(ack, user['staff.dinkes'], ACK);
      await snapshotWhen(incident, (s) => stateOf(s, 'DINKES').acknowledged);

      // Sitreps keep coming across runs, one open at a time: each sent one is followed by the next when a
      // period begins. DINKES sends each as it comes until one was started by a later run (which number that
      // is depends on how many periods passed before the first run continued as new: the machine's speed).
      let sent = 0;
      let latest = 0;
      let third: Task | undefined;
      for (;;) {
        const task = await sitrepAfter(incident, 'DINKES', latest);
        latest = Number(task.row.stepKey!.replace('sitrep-dinkes-', ''));
        await submit(task, user['staff.dinkes'], {
          terdampak: { [TONGAS_1]: 300 + latest },
          narasi: 'Air setinggi 1 m',
        });
        sent++;
        if (task.row.createdAt.getTime() > firstRun.closeTime!.getTime()) {
          third = task;
          break;
        }
      }
      // Started by a later run.
      expect(third.row.createdAt.getTime()).toBeGreaterThan(firstRun.closeTime!.getTime());
      const later = await snapshotOf(incident);

      const result = await close(incident);
      expect(result.status).toBe('CLOSED');
      expect(result.runs).toBeGreaterThanOrEqual(later.runs);
      expect(stateOf(result, 'DINKES').acknowledged).toBe(true);
      const tasks = await db.task.findMany({
        where: { projectId: incident.projectId },
        select: { stepKey: true },
      });
      const keys = tasks.map((t) => t.stepKey);
      expect(new Set(keys).size).toBe(keys.length);
      // At most one task per period, whichever run started it, numbered by the period it opened in; and one
      // acknowledgement.
      const sitreps = keys.filter((k) => k?.startsWith('sitrep-dinkes-'));
      expect(sitreps.length).toBeGreaterThanOrEqual(sent);
      for (const key of sitreps) {
        expect(Number(key!.replace('sitrep-dinkes-', ''))).toBeLessThanOrEqual(
          stateOf(result, 'DINKES').sitrepsStarted,
        );
      }
      expect(keys.filter((k) => k === 'ack-dinkes')).toHaveLength(1);
      expect(await trail({ projectId: incident.projectId, action: 'INCIDENT_DECLARED' })).toHaveLength(1);
      expect(await trail({ projectId: incident.projectId, action: 'OPD_MOBILISED' })).toHaveLength(1);
      expect(await trail({ projectId: incident.projectId, action: 'INCIDENT_CLOSED' })).toHaveLength(1);
      const summary = await summaryOf(incident);
      expect(opdSummary(summary, 'DINKES')).toMatchObject({ sitrepsSubmitted: sent });
      expect(opdSummary(summary, 'DINKES')!.minutesToAcknowledge).not.toBeNull();

      await recordHistory(incident.handle, 'incidentWorkflow-continued-as-new', {
        runId: incident.handle.firstExecutionRunId,
      });
    },
    TEST_TIMEOUT,
  ); // ---------------------------------------------------------------------------------------------------
  // 6. mobilisation and acknowledgement
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'mobilises every OPD of the landslide response matrix with an acknowledgement due in the configured seconds',
    async () => {
      // A landslide in Tiris: the response matrix as data decides who moves.
      const plan = mobilisationFor('tanah-longsor', ['KEC-TIRIS']);
      const codes = plan.map((m) => m.agencyCode);
      expect(codes).toEqual([
        'BPBD',
        'DINKES',
        'DINSOS',
        'DPUPR',
        'SATPOLPP',
        'DISHUB',
        'DISKOMINFO',
        'KEC-TIRIS',
      ]);
      const incident = await declare(
        plan.map((m) => mobilised(m.agencyCode, ...m.clusters)),
        {
          type: 'tanah-longsor',
          title: 'Tanah longsor Kecamatan Tiris',
          description: 'Tebing longsor menutup jalan desa dan menimpa dua rumah',
          affectedKecamatan: ['35.13.07'],
          affectedDesa: [TIRIS_1],
          // 15 minutes, as SEVERITY_POLICY has it for BERAT.
          acknowledgeWithin: seconds(SEVERITY_POLICY.BERAT.acknowledgeWithin.amount * 60),
        },
      );
      const { incidentId, projectId } = incident;

      // One acknowledgement task per OPD, due 900 s after it was assigned, with the acknowledgement form.
      const acks = new Map<string, Task>();
      for (const code of codes) acks.set(code, await ackOf(incident, code));
      for (const [code, ack] of acks) {
        expect(ack.row).toMatchObject({
          agencyId: agencyId(code),
          status: 'ASSIGNED',
          title: 'Konfirmasi kesiapan: Tanah longsor Kecamatan Tiris',
          escalationLevel: 0,
        });
        expect(ack.row.dueAt.getTime() - ack.row.createdAt.getTime()).toBe(900_000);
        expect(ack.row.form).toEqual(ACKNOWLEDGEMENT_FORM);
      }
      // Sitrep #1 comes with the mobilisation, due one interval (600 s) later, for the OPDs whose clusters
      // have sitrep duty; SATPOLPP, DISHUB and DISKOMINFO acknowledge but owe no sitrep.
      const owing = plan.filter((m) => owesSitreps(m.clusters)).map((m) => m.agencyCode);
      expect(owing).toEqual(['BPBD', 'DINKES', 'DINSOS', 'DPUPR', 'KEC-TIRIS']);
      for (const code of owing) {
        const first = await sitrepOf(incident, code, 1);
        expect(first.row.agencyId).toBe(agencyId(code));
        expect(first.row.dueAt.getTime() - first.row.createdAt.getTime()).toBe(600_000);
        expect(first.row.form).toEqual(SITREP_FORM);
      }

      const row = await db.incident.findUniqueOrThrow({
        where: { id: incidentId },
        include: { agencies: { include: { agency: true } }, statusChanges: true, project: true },
      });
      expect(row).toMatchObject({
        projectId,
        workflowId: incidentWorkflowId(incidentId),
        type: 'tanah-longsor',
        severity: 'BERAT',
        status: 'SIAGA_DARURAT',
        title: 'Tanah longsor Kecamatan Tiris',
        affectedKecamatan: ['35.13.07'],
        affectedDesa: [TIRIS_1],
        declaredById: user['staff.bpbd'].userId,
        closedAt: null,
        summary: null,
      });
      expect(row.project).toMatchObject({ status: 'ACTIVE', leadUserId: user['staff.bpbd'].userId });
      // The affected kecamatan's office is the one mobilised.
      expect(row.agencies.find((a) => a.agency.code === 'KEC-TIRIS')?.agency.areaCode).toBe('35.13.07');
      expect(
        Object.fromEntries(row.agencies.map((a) => [a.agency.code, [a.clusters, a.releasedAt]])),
      ).toEqual(Object.fromEntries(plan.map((m) => [m.agencyCode, [m.clusters, null]])));
      expect(row.agencies.find((a) => a.agency.code === 'BPBD')?.clusters).toEqual([
        'KOMANDO',
        'PENGUNGSIAN_LOGISTIK',
      ]);
      expect(row.statusChanges.map((c) => [c.fromStatus, c.toStatus, c.byUserId])).toEqual([
        [null, 'SIAGA_DARURAT', user['staff.bpbd'].userId],
      ]);
      expect(
        (await db.projectAgency.findMany({ where: { projectId } })).map((p) => p.agencyId).sort(),
      ).toEqual(codes.map(agencyId).sort());
      expect(await trail({ projectId, action: 'INCIDENT_DECLARED' })).toEqual([
        expect.objectContaining({
          actorUserId: user['staff.bpbd'].userId,
          detail: {
            type: 'tanah-longsor',
            severity: 'BERAT',
            status: 'SIAGA_DARURAT',
            kecamatan: ['35.13.07'],
          },
        }),
      ]);
      // One event per OPD, all at the instant of the declaration (recorded together, in no particular order).
      const mobilisations = await trail({ projectId, action: 'OPD_MOBILISED' });
      expect(mobilisations.map((e) => (e.detail as { agency: string }).agency).sort()).toEqual(
        [...codes].sort(),
      );
      expect(new Set(mobilisations.map((e) => e.occurredAt.getTime())).size).toBe(1);
      expect(mobilisations.every((e) => e.actorUserId === null)).toBe(true);

      const before = await snapshotOf(incident);
      expect(before).toMatchObject({ incidentId, status: 'SIAGA_DARURAT', openWork: 8 + 5, runs: 0 });
      expect(
        before.agencies.map((a) => [a.agencyCode, a.acknowledged, a.released, a.sitrepsStarted]),
      ).toEqual(codes.map((code) => [code, false, false, owing.includes(code) ? 1 : 0]));

      // Another OPD cannot acknowledge for DINKES; an acknowledgement must say whether the OPD is ready.
      const dinkesAck = acks.get('DINKES')!;
      expect(await refusalType(submit(dinkesAck, user['staff.dinsos'], ACK))).toBe(TASK_FORBIDDEN);
      const invalid = await refusal(submit(dinkesAck, user['staff.dinkes'], { personelDikerahkan: 4 }));
      expect(invalid.type).toBe(INVALID_CONTRIBUTION);
      expect(invalid.details?.[0] as FieldError[]).toEqual([{ field: 'siap', message: 'is required' }]);

      // An acknowledgement completes the task at once: nobody reviews it.
      const acknowledged = await submit(dinkesAck, user['staff.dinkes'], ACK);
      expect(acknowledged).toMatchObject({ state: 'COMPLETED', contributionVersion: 1, values: ACK });
      expect(await submit(acks.get('BPBD')!, user['kepala.bpbd'], { siap: true })).toMatchObject({
        state: 'COMPLETED',
      });
      expect(await db.task.findUniqueOrThrow({ where: { id: dinkesAck.id } })).toMatchObject({
        status: 'COMPLETED',
        completedById: user['staff.dinkes'].userId,
        result: ACK,
      });
      const [contribution] = await db.contribution.findMany({ where: { taskId: dinkesAck.id } });
      expect(contribution).toMatchObject({ version: 1, status: 'ACCEPTED', reviewedById: null });
      expect((await trail({ taskId: dinkesAck.id })).map((e) => [e.action, e.actorUserId, e.detail])).toEqual(
        [
          ['TASK_ASSIGNED', null, expect.objectContaining({ step: 'ack-dinkes' })],
          ['CONTRIBUTION_SUBMITTED', user['staff.dinkes'].userId, expect.objectContaining({ version: 1 })],
          ['CONTRIBUTION_ACCEPTED', null, { version: 1, note: null, automatic: true }],
        ],
      );

      // Each acknowledgement counts once the workflow has read that it says ready.
      const after = await snapshotWhen(
        incident,
        (s) => s.openWork === 11 && s.agencies.filter((a) => a.acknowledged).length === 2,
      );
      expect(after.agencies.filter((a) => a.acknowledged).map((a) => a.agencyCode)).toEqual([
        'BPBD',
        'DINKES',
      ]);
      expect(after.status).toBe('SIAGA_DARURAT');
    },
    TEST_TIMEOUT,
  );

  it.concurrent(
    "mobilises all eleven OPDs of a flood's response matrix together: each gets its acknowledgement, those with sitrep duty their first sitrep",
    async () => {
      const plan = mobilisationFor('banjir', ['KEC-TONGAS']);
      const codes = plan.map((m) => m.agencyCode);
      expect(codes).toHaveLength(11);
      // DLH, DISPENDIK and the other clusters without sitrep duty acknowledge only.
      const owing = plan.filter((m) => owesSitreps(m.clusters)).map((m) => m.agencyCode);
      expect(owing).toEqual(['BPBD', 'DINKES', 'DINSOS', 'DP3AP2KB', 'DPUPR', 'KEC-TONGAS']);
      const incident = await declare(
        plan.map((m) => mobilised(m.agencyCode, ...m.clusters)),
        { title: 'Banjir bandang Kecamatan Tongas' },
      );
      const { incidentId, projectId, handle } = incident;

      // Every OPD has exactly its tasks, assigned to it, and nothing else was started.
      const tasks = await db.task.findMany({
        where: { projectId },
        select: { stepKey: true, agencyId: true, status: true, title: true, form: true },
      });
      const byKey = (a: { stepKey: string | null }, b: { stepKey: string | null }) =>
        a.stepKey!.localeCompare(b.stepKey!);
      expect(tasks.sort(byKey)).toEqual(
        codes
          .flatMap((code) => [
            {
              stepKey: `ack-${code.toLowerCase()}`,
              agencyId: agencyId(code),
              status: 'ASSIGNED',
              title: 'Konfirmasi kesiapan: Banjir bandang Kecamatan Tongas',
              form: ACKNOWLEDGEMENT_FORM,
            },
            ...(owing.includes(code)
              ? [
                  {
                    stepKey: `sitrep-${code.toLowerCase()}-1`,
                    agencyId: agencyId(code),
                    status: 'ASSIGNED',
                    title: 'Laporan situasi #1: Banjir bandang Kecamatan Tongas',
                    form: SITREP_FORM,
                  },
                ]
              : []),
          ])
          .sort(byKey),
      );
      // Each OPD is mobilised with its clusters, part of the project, and in the timeline once.
      const mobilisations = await db.incidentAgency.findMany({
        where: { incidentId },
        include: { agency: { select: { code: true } } },
      });
      expect(
        Object.fromEntries(mobilisations.map((m) => [m.agency.code, [m.clusters, m.releasedAt]])),
      ).toEqual(Object.fromEntries(plan.map((m) => [m.agencyCode, [m.clusters, null]])));
      expect(
        (await db.projectAgency.findMany({ where: { projectId } })).map((p) => p.agencyId).sort(),
      ).toEqual(codes.map(agencyId).sort());
      const mobilisedEvents = await trail({ projectId, action: 'OPD_MOBILISED' });
      expect(mobilisedEvents.map((e) => (e.detail as { agency: string }).agency).sort()).toEqual(
        [...codes].sort(),
      );
      expect(await trail({ projectId, action: 'TASK_ASSIGNED' })).toHaveLength(codes.length + owing.length);
      const snapshot = await snapshotOf(incident);
      expect(snapshot).toMatchObject({
        incidentId,
        status: 'SIAGA_DARURAT',
        openWork: codes.length + owing.length,
      });
      expect(
        snapshot.agencies.map((a) => [a.agencyCode, a.acknowledged, a.released, a.sitrepsStarted]),
      ).toEqual(codes.map((code) => [code, false, false, owing.includes(code) ? 1 : 0]));

      // Together: the eleven mobilisations are scheduled by one workflow task, the eleven acknowledgements
      // started by the next, then the six sitreps by one more, each in the response matrix's order.
      const events = (await handle.fetchHistory()).events ?? [];
      const scheduled = events.filter(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordAgencyMobilised',
      );
      expect(scheduled).toHaveLength(codes.length);
      expect(
        new Set(
          scheduled.map((e) => String(e.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId)),
        ).size,
      ).toBe(1);
      // The tasks are started by startAgencyTasks activities, not as child workflows: one activity for the
      // eleven acknowledgements, and the eleven sitreps' activities scheduled together by one workflow task.
      // The history as stored: its payloads are encrypted.
      const decoded = await Promise.all(
        events.map(async (e) => {
          const scheduledStart = e.activityTaskScheduledEventAttributes;
          if (scheduledStart?.activityType?.name !== 'startAgencyTasks') return undefined;
          return valueFromHistoryPayload<{ starts: AgencyTaskStart[] }>(
            client.options.loadedDataConverter,
            scheduledStart.input!.payloads![0]!,
          );
        }),
      );
      const batches = events.flatMap((e, index) => {
        const scheduledStart = e.activityTaskScheduledEventAttributes;
        const input = decoded[index];
        if (!scheduledStart || !input) return [];
        const { starts } = input;
        return [
          {
            keys: starts.map((t) => t.args.step.key),
            by: String(scheduledStart.workflowTaskCompletedEventId),
          },
        ];
      });
      expect(events.filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)).toHaveLength(0);
      const ackBatches = batches.filter((b) => b.keys.some((k) => k.startsWith('ack-')));
      expect(ackBatches.map((b) => b.keys)).toEqual([codes.map((code) => `ack-${code.toLowerCase()}`)]);
      const sitreps = batches.filter((b) => b.keys.some((k) => k.startsWith('sitrep-')));
      expect(sitreps.flatMap((b) => b.keys)).toEqual(owing.map((code) => `sitrep-${code.toLowerCase()}-1`));
      expect(new Set(sitreps.map((b) => b.by)).size).toBe(1);

      const result = await close(incident);
      expect(result.status).toBe('CLOSED');
      // New branch of the patches 'mobilise-concurrently' and 'start-tasks-from-activity', replayed.
      // (incidentWorkflow-mobilised-concurrently.json, recorded before the second, keeps its child starts.)
      await recordHistory(handle, 'incidentWorkflow-tasks-started-by-activity');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 7. conflicting figures
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'flags two OPDs reporting different figures for one desa and field instead of summing them',
    async () => {
      const incident = await declare(
        [mobilised('DINKES', 'KESEHATAN'), mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK')],
        {
          sitrepEvery: seconds(5),
        },
      );
      const dinkes = await sitrepOf(incident, 'DINKES', 1);
      const dinsos = await sitrepOf(incident, 'DINSOS', 1);
      await submit(dinkes, user['staff.dinkes'], {
        lukaLuka: { [TONGAS_1]: 5, [TONGAS_2]: 2 },
        terdampak: { [TONGAS_1]: 120 },
        narasi: 'Korban luka dirawat di Puskesmas Tongas',
      });
      await submit(dinsos, user['staff.dinsos'], {
        lukaLuka: { [TONGAS_1]: 7 },
        terdampak: { [TONGAS_1]: 120, [TONGAS_2]: 45 },
        mengungsi: { [TONGAS_1]: 60, [SUMBERASIH_1]: 30 },
        narasi: 'Dapur umum dibuka di Balai Desa',
        kebutuhan: 'Selimut dan air bersih',
      });
      const submittedAt = async (task: Task) =>
        (await db.contribution.findFirstOrThrow({ where: { taskId: task.id } })).submittedAt.toISOString();

      const figures = await incidentSitrepFigures(db, incident.projectId);
      expect(figures).toHaveLength(8);
      const rollUp = rollUpSitreps(figures);
      // Disagreement on injured in Tongas 2001: flagged with both reports, the higher one used until resolved.
      expect(rollUp.conflicts).toEqual([
        {
          desaCode: TONGAS_1,
          field: 'lukaLuka',
          reports: [
            { agencyCode: 'DINKES', value: 5, reportedAt: await submittedAt(dinkes) },
            { agencyCode: 'DINSOS', value: 7, reportedAt: await submittedAt(dinsos) },
          ],
        },
      ]);
      // Agreeing figures (120 affected in 2001 from both) count once.
      expect(rollUp.desa).toEqual({
        [TONGAS_1]: { lukaLuka: 7, mengungsi: 60, terdampak: 120 },
        [TONGAS_2]: { lukaLuka: 2, terdampak: 45 },
        [SUMBERASIH_1]: { mengungsi: 30 },
      });
      expect(rollUp.kecamatan).toEqual({
        '35.13.23': { lukaLuka: 9, mengungsi: 60, terdampak: 165 },
        '35.13.21': { mengungsi: 30 },
      });
      expect(rollUp.kabupaten).toEqual({ lukaLuka: 9, mengungsi: 90, terdampak: 165 });
      // Per-desa values are in the data registry too, by OPD.
      expect(
        (
          await db.contributionValue.findMany({
            where: {
              fieldKey: 'lukaLuka',
              areaCode: TONGAS_1,
              contribution: { taskId: { in: [dinkes.id, dinsos.id] } },
            },
          })
        )
          .map((v) => [v.agencyId, Number(v.numberValue), v.unit])
          .sort(),
      ).toEqual(
        [
          [agencyId('DINKES'), 5, 'jiwa'],
          [agencyId('DINSOS'), 7, 'jiwa'],
        ].sort(),
      );

      // DINKES corrects its figure in its next sitrep: only each OPD's latest figure counts, so the conflict
      // is gone.
      const second = await sitrepAfter(incident, 'DINKES', 1);
      await submit(second, user['staff.dinkes'], {
        lukaLuka: { [TONGAS_1]: 7 },
        narasi: 'Data korban luka dicocokkan dengan posko Dinsos',
      });
      const corrected = rollUpSitreps(await incidentSitrepFigures(db, incident.projectId));
      expect(corrected.conflicts).toEqual([]);
      expect(corrected.desa[TONGAS_1]).toEqual({ lukaLuka: 7, mengungsi: 60, terdampak: 120 });
      expect(corrected.desa[TONGAS_2]).toEqual({ lukaLuka: 2, terdampak: 45 });
      expect(corrected.kabupaten).toEqual({ lukaLuka: 9, mengungsi: 90, terdampak: 165 });

      await close(incident);
      expect((await summaryOf(incident)).finalFigures).toEqual(corrected);
    },
    TEST_TIMEOUT,
  );

  it.concurrent(
    'lets an OPD correct its sent sitrep with a reason, and the command resolve a conflict: both counted by the roll-up, on the audit trail',
    async () => {
      const incident = await declare([
        mobilised('DINKES', 'KESEHATAN'),
        mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'),
      ]);
      const dinsos = await sitrepOf(incident, 'DINSOS', 1);
      await submit(dinsos, user['staff.dinsos'], {
        mengungsi: { [TONGAS_1]: 120 },
        narasi: 'Pengungsi di Balai Desa',
      });
      const correct = (actor: Actor, values: Record<string, unknown>, reason: string) =>
        incident.handle.executeUpdate(correctSitrepUpdate, {
          args: [
            {
              actor,
              correctionId: randomUUID(),
              taskId: dinsos.id,
              agencyId: agencyId('DINSOS'),
              values,
              reason,
            },
          ],
        });
      const values = { mengungsi: { [TONGAS_1]: 180 }, narasi: 'Dihitung ulang bersama posko' };
      const reason = 'Salah ketik: 180 jiwa, bukan 120';
      // Only DINSOS's own staff, with a reason and figures the sitrep form accepts.
      expect(await refusalType(correct(user['staff.dinkes'], values, reason))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(correct(user['staff.dinsos'], values, '  '))).toBe(INVALID_REQUEST);
      const invalid = await refusal(correct(user['staff.dinsos'], { mengungsi: { [TONGAS_1]: -1 } }, reason));
      expect(invalid.type).toBe(INVALID_REQUEST);
      expect(invalid.message).toMatch(/values\.narasi: is required/);

      const corrected = await correct(user['kepala.dinsos'], values, reason);
      expect(corrected).toEqual({ correctionId: expect.any(String), taskId: dinsos.id, version: 2 });
      const versions = await db.contribution.findMany({
        where: { taskId: dinsos.id },
        orderBy: { version: 'asc' },
      });
      expect(versions.map((c) => [c.version, c.status, c.submittedById, c.reviewNote])).toEqual([
        [1, 'ACCEPTED', user['staff.dinsos'].userId, null],
        [2, 'ACCEPTED', user['kepala.dinsos'].userId, reason],
      ]);
      expect(versions[1]!.id).toBe(corrected.correctionId);
      // The roll-up counts the correction; the task shows it as its result.
      expect(rollUpSitreps(await incidentSitrepFigures(db, incident.projectId)).desa).toEqual({
        [TONGAS_1]: { mengungsi: 180 },
      });
      expect((await db.task.findUniqueOrThrow({ where: { id: dinsos.id } })).result).toEqual(values);
      expect(await trail({ taskId: dinsos.id, action: 'SITREP_CORRECTED' })).toEqual([
        expect.objectContaining({
          actorUserId: user['kepala.dinsos'].userId,
          actorAgencyId: agencyId('DINSOS'),
          detail: { version: 2, reason },
        }),
      ]);

      // DINKES counts 150: a conflict (180 against 150) the command resolves with a verified figure.
      await submit(await sitrepOf(incident, 'DINKES', 1), user['staff.dinkes'], {
        mengungsi: { [TONGAS_1]: 150 },
        narasi: 'Data posko kesehatan',
      });
      const figures = await incidentSitrepFigures(db, incident.projectId);
      expect(rollUpSitreps(figures).conflicts).toHaveLength(1);
      const resolve = (actor: Actor, value: number, agencyCode: string | null, note: string | null) =>
        incident.handle.executeUpdate(resolveSitrepConflictUpdate, {
          args: [
            {
              actor,
              resolutionId: randomUUID(),
              desaCode: TONGAS_1,
              field: 'mengungsi',
              value,
              agencyCode,
              note,
            },
          ],
        });
      // Only the command or leadership; a verified figure needs a note.
      expect(await refusalType(resolve(user['staff.dinkes'], 170, null, 'Cek posko'))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(resolve(user['staff.bpbd'], 170, null, null))).toBe(INVALID_REQUEST);
      expect(await refusalType(resolve(user['staff.bpbd'], -2, 'DINKES', null))).toBe(INVALID_REQUEST);
      const note = 'Dihitung bersama di posko: 170 jiwa';
      expect(await resolve(user['staff.bpbd'], 170, null, note)).toEqual({
        resolutionId: expect.any(String),
        desaCode: TONGAS_1,
        field: 'mengungsi',
        value: 170,
        agencyCode: null,
      });
      const [row] = await db.sitrepResolution.findMany({ where: { incidentId: incident.incidentId } });
      expect(row).toMatchObject({
        value: 170,
        agencyCode: null,
        note,
        resolvedById: user['staff.bpbd'].userId,
      });
      expect(await trail({ projectId: incident.projectId, action: 'SITREP_CONFLICT_RESOLVED' })).toEqual([
        expect.objectContaining({
          actorUserId: user['staff.bpbd'].userId,
          detail: { desaCode: TONGAS_1, field: 'mengungsi', value: 170, agencyCode: null, note },
        }),
      ]);

      await close(incident);
      // The after-action summary's final figures count the resolution.
      const final = (await summaryOf(incident)).finalFigures;
      expect(final.desa).toEqual({ [TONGAS_1]: { mengungsi: 170 } });
      expect(final.conflicts).toEqual([]);
      // The new Updates, replayed.
      await recordHistory(incident.handle, 'incidentWorkflow-v2-sitrep-corrected-resolved');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 8. resource requests
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'runs resource requests between mobilised OPDs: one refused with a reason, one committed, sent and received',
    async () => {
      const incident = await declare([
        mobilised('BPBD', 'KOMANDO', 'PENGUNGSIAN_LOGISTIK'),
        mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'),
        mobilised('DPUPR', 'SARANA_PRASARANA'),
      ]);
      const ask = (actor: Actor, from: string, to: string, overrides: Partial<RequestResourceArgs> = {}) =>
        incident.handle.executeUpdate(requestResourceUpdate, {
          args: [
            {
              actor,
              requestId: randomUUID(),
              from: ref(from),
              to: ref(to),
              item: 'Truk tangki air bersih',
              quantity: 2,
              unit: 'unit',
              ...overrides,
            },
          ],
        });
      // DINKES is not mobilised for this incident; DPUPR staff cannot ask in DINSOS's name.
      expect(await refusalType(ask(user['staff.dinkes'], 'DINKES', 'DPUPR'))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(ask(user['staff.dpupr'], 'DINSOS', 'BPBD'))).toBe(TASK_FORBIDDEN);
      // A request goes to a mobilised OPD, for a positive quantity.
      expect(await refusalType(ask(user['staff.dinsos'], 'DINSOS', 'DINKES'))).toBe(INVALID_REQUEST);
      expect(await refusalType(ask(user['staff.dinsos'], 'DINSOS', 'DPUPR', { quantity: 0 }))).toBe(
        INVALID_REQUEST,
      );
      // Needed by an instant with its offset (a local time would mean a different moment on each machine).
      const undated = await refusal(
        ask(user['staff.dinsos'], 'DINSOS', 'DPUPR', { neededBy: '2026-12-07 15:00' }),
      );
      expect(undated.type).toBe(INVALID_REQUEST);
      expect(undated.message).toBe(
        'neededBy: must be an instant with its offset, e.g. 2026-12-07T15:00:00+07:00',
      );
      expect(await db.resourceRequest.count({ where: { incidentId: incident.incidentId } })).toBe(0);
      expect(await acceptedUpdates(incident.handle)).toBe(0);

      // Refused: DINSOS asks DPUPR for water tankers; DPUPR has none to spare.
      const tanker = await requestResource(
        incident,
        user['staff.dinsos'],
        'DINSOS',
        'DPUPR',
        'Truk tangki air bersih',
        2,
      );
      expect(tanker.snapshot.openWork).toBe(7);
      const answer = await stageOf(incident, tanker.requestId, 'tanggapan');
      expect(answer.row).toMatchObject({ agencyId: agencyId('DPUPR'), status: 'ASSIGNED' });
      expect((answer.row.form as unknown as FormSchema).fields.map((f) => f.key)).toEqual([
        'keputusan',
        'jumlahDisanggupi',
        'keterangan',
      ]);
      expect(await requestRow(tanker.requestId)).toMatchObject({
        incidentId: incident.incidentId,
        fromAgencyId: agencyId('DINSOS'),
        toAgencyId: agencyId('DPUPR'),
        item: 'Truk tangki air bersih',
        quantity: 2,
        unit: 'unit',
        status: 'REQUESTED',
        requestedById: user['staff.dinsos'].userId,
      });
      expect(
        await refusalType(submit(answer, user['staff.dpupr'], { keputusan: 'MUNGKIN', keterangan: 'nanti' })),
      ).toBe(INVALID_CONTRIBUTION);
      const reason = 'Kedua truk tangki sedang bertugas di Kecamatan Tiris';
      await submit(answer, user['staff.dpupr'], { keputusan: 'TOLAK', keterangan: reason });
      expect(await tanker.handle.result()).toBe('REFUSED');
      expect(await requestRow(tanker.requestId)).toMatchObject({ status: 'REFUSED', reason });
      expect(
        await db.task.count({
          where: { stepKey: { startsWith: `permintaan-${tanker.requestId.slice(0, 8)}` } },
        }),
      ).toBe(1);

      // Completed: DINSOS asks BPBD for tents; BPBD commits, sends, DINSOS confirms receipt.
      const tents = await requestResource(
        incident,
        user['kepala.dinsos'],
        'DINSOS',
        'BPBD',
        'Tenda pengungsi',
        10,
        {
          destination: '  Posko pengungsian Balai Desa Tongas Wetan ',
          neededBy: '2026-12-07T18:00:00+07:00',
          note: 'Untuk 40 keluarga',
        },
      );
      const commit = await stageOf(incident, tents.requestId, 'tanggapan');
      // Where to, by when (stored in UTC) and the note, given with the request.
      expect(await requestRow(tents.requestId)).toMatchObject({
        destination: 'Posko pengungsian Balai Desa Tongas Wetan',
        neededBy: new Date('2026-12-07T11:00:00Z'),
        note: 'Untuk 40 keluarga',
        quantityCommitted: null,
      });
      expect(commit.row.agencyId).toBe(agencyId('BPBD'));
      const eta = 'Dikirim dari gudang logistik BPBD pukul 14.00';
      await submit(commit, user['staff.bpbd'], {
        keputusan: 'SANGGUP',
        jumlahDisanggupi: 10,
        keterangan: eta,
      });
      const send = await stageOf(incident, tents.requestId, 'kirim');
      expect(send.row).toMatchObject({
        agencyId: agencyId('BPBD'),
        title: 'Kirim 10 unit Tenda pengungsi ke DINSOS',
      });
      expect(await requestRow(tents.requestId)).toMatchObject({
        status: 'COMMITTED',
        reason: eta,
        quantityCommitted: 10,
      });
      await submit(send, user['kepala.bpbd'], { jumlahDikirim: 10, keterangan: 'Truk logistik BPBD 01' });
      const receive = await stageOf(incident, tents.requestId, 'terima');
      expect(receive.row.agencyId).toBe(agencyId('DINSOS'));
      expect(await requestRow(tents.requestId)).toMatchObject({
        status: 'SENT',
        reason: 'Truk logistik BPBD 01',
        quantitySent: 10,
      });
      // Only the requesting OPD confirms receipt.
      expect(await refusalType(submit(receive, user['staff.bpbd'], { jumlahDiterima: 10 }))).toBe(
        TASK_FORBIDDEN,
      );
      await submit(receive, user['staff.dinsos'], { jumlahDiterima: 10 });
      expect(await tents.handle.result()).toBe('RECEIVED');
      expect(await requestRow(tents.requestId)).toMatchObject({
        status: 'RECEIVED',
        quantity: 10,
        quantityCommitted: 10,
        quantitySent: 10,
        quantityReceived: 10,
      });

      const requestTrail = (await trail({ projectId: incident.projectId }))
        .filter((e) => e.action.startsWith('RESOURCE_'))
        .map((e) => [e.action, (e.detail as { item: string }).item, e.actorAgencyId]);
      expect(requestTrail).toEqual([
        ['RESOURCE_REQUESTED', 'Truk tangki air bersih', agencyId('DINSOS')],
        ['RESOURCE_REFUSED', 'Truk tangki air bersih', agencyId('DPUPR')],
        ['RESOURCE_REQUESTED', 'Tenda pengungsi', agencyId('DINSOS')],
        ['RESOURCE_COMMITTED', 'Tenda pengungsi', agencyId('BPBD')],
        ['RESOURCE_SENT', 'Tenda pengungsi', agencyId('BPBD')],
        ['RESOURCE_RECEIVED', 'Tenda pengungsi', agencyId('DINSOS')],
      ]);
      // What the notifications are planned from: who asks, who provides, the quantities so far, the status.
      const sentEvent = (await trail({ projectId: incident.projectId, action: 'RESOURCE_SENT' }))[0]!;
      expect(sentEvent.detail).toEqual({
        status: 'SENT',
        requestingAgencyId: agencyId('DINSOS'),
        providingAgencyId: agencyId('BPBD'),
        item: 'Tenda pengungsi',
        unit: 'unit',
        quantity: 10,
        quantities: { requested: 10, committed: 10, sent: 10, received: null },
        reason: 'Truk logistik BPBD 01',
        destination: 'Posko pengungsian Balai Desa Tongas Wetan',
        neededBy: '2026-12-07T11:00:00.000Z',
      });

      await close(incident);
      const summary = await summaryOf(incident);
      expect(summary.totals).toMatchObject({ requests: 2, unmetRequests: 1 });
      expect(summary.unmetRequests).toEqual([
        {
          id: tanker.requestId,
          fromAgency: 'DINSOS',
          toAgency: 'DPUPR',
          item: 'Truk tangki air bersih',
          status: 'REFUSED',
        },
      ]);
      // Finished requests are left as they were by the closing.
      expect((await requestRow(tents.requestId)).status).toBe('RECEIVED');
      expect((await requestRow(tanker.requestId)).status).toBe('REFUSED');

      await recordHistory(tanker.handle, 'resourceRequestWorkflow-refused');
      await recordHistory(tents.handle, 'resourceRequestWorkflow-received');
      // New branch of the patch 'resource-request-quantities' (the two above are re-recorded only on purpose).
      await recordHistory(tents.handle, 'resourceRequestWorkflow-v2-quantities');
    },
    TEST_TIMEOUT,
  );

  it.concurrent(
    'keeps a partly received request open for the rest until the requester closes it with a reason',
    async () => {
      const incident = await declare([
        mobilised('BPBD', 'KOMANDO', 'PENGUNGSIAN_LOGISTIK'),
        mobilised('DINSOS', 'PENGUNGSIAN_LOGISTIK'),
      ]);
      const tents = await requestResource(incident, user['staff.dinsos'], 'DINSOS', 'BPBD', 'Tenda', 10);
      await submit(await stageOf(incident, tents.requestId, 'tanggapan'), user['staff.bpbd'], {
        keputusan: 'SANGGUP',
        jumlahDisanggupi: 10,
        keterangan: 'Dari gudang BPBD',
      });
      await submit(await stageOf(incident, tents.requestId, 'kirim'), user['staff.bpbd'], {
        jumlahDikirim: 6,
      });
      await submit(await stageOf(incident, tents.requestId, 'terima'), user['staff.dinsos'], {
        jumlahDiterima: 6,
        keterangan: 'Baru 6 tenda tiba',
      });
      // Received in part: the request stays open, and BPBD is asked to send the rest.
      const rest = await taskOf(incident.projectId, `permintaan-${tents.requestId.slice(0, 8)}-kirim-2`);
      expect(rest.row).toMatchObject({
        agencyId: agencyId('BPBD'),
        title: 'Kirim sisa 4 unit Tenda ke DINSOS',
      });
      expect(await requestRow(tents.requestId)).toMatchObject({
        status: 'PARTIALLY_RECEIVED',
        quantityCommitted: 10,
        quantitySent: 6,
        quantityReceived: 6,
      });
      const [partly] = await trail({ projectId: incident.projectId, action: 'RESOURCE_PARTIALLY_RECEIVED' });
      expect(partly!.detail).toMatchObject({
        status: 'PARTIALLY_RECEIVED',
        requestingAgencyId: agencyId('DINSOS'),
        providingAgencyId: agencyId('BPBD'),
        quantities: { requested: 10, committed: 10, sent: 6, received: 6 },
      });

      // Only the requesting OPD closes it, with a reason.
      const closeAs = (actor: Actor, reason: string) =>
        tents.handle.executeUpdate(closeResourceRequestUpdate, { args: [{ actor, reason }] });
      expect(await refusalType(closeAs(user['staff.bpbd'], 'Cukup'))).toBe(TASK_FORBIDDEN);
      expect(await refusalType(closeAs(user['staff.dinsos'], '  '))).toBe(INVALID_REQUEST);
      const reason = 'Pengungsi sebagian sudah pulang: 6 tenda cukup';
      expect(await closeAs(user['kepala.dinsos'], reason)).toEqual({ status: 'CLOSED' });
      expect(await tents.handle.result()).toBe('CLOSED');
      expect(await requestRow(tents.requestId)).toMatchObject({
        status: 'CLOSED',
        reason,
        quantityReceived: 6,
      });
      expect(await rest.handle.result()).toMatchObject({ state: 'CANCELLED' });

      await close(incident);
      // Closed by the requester: not an unmet request.
      expect((await summaryOf(incident)).totals).toMatchObject({ requests: 1, unmetRequests: 0 });
      await recordHistory(tents.handle, 'resourceRequestWorkflow-v2-partly-received-closed');
    },
    TEST_TIMEOUT,
  );

  // ---------------------------------------------------------------------------------------------------
  // 9. status changes
  // ---------------------------------------------------------------------------------------------------

  it.concurrent(
    'lets the command and leadership move the status forward (and transisi back to tanggap), nobody else',
    async () => {
      const incident = await declare(responseTeam());
      const status = async () => (await snapshotOf(incident)).status;

      // Other OPDs, even their heads, and project leads do not change an incident's status.
      expect(await refusalType(changeStatus(incident, user['kepala.dinkes'], 'TANGGAP_DARURAT'))).toBe(
        TASK_FORBIDDEN,
      );
      expect(await refusalType(changeStatus(incident, user['staff.dinsos'], 'TANGGAP_DARURAT'))).toBe(
        TASK_FORBIDDEN,
      );
      expect(await refusalType(changeStatus(incident, user['lead.bappeda'], 'TANGGAP_DARURAT'))).toBe(
        TASK_FORBIDDEN,
      );

      const reason = 'Banjir meluas ke tiga desa';
      expect(await changeStatus(incident, user['staff.bpbd'], 'TANGGAP_DARURAT', reason)).toMatchObject({
        status: 'TANGGAP_DARURAT',
      });
      expect(await refusalType(changeStatus(incident, user['staff.bpbd'], 'TANGGAP_DARURAT'))).toBe(
        TASK_NOT_OPEN,
      );
      expect(await refusalType(changeStatus(incident, user['kepala.bpbd'], 'SIAGA_DARURAT'))).toBe(
        TASK_NOT_OPEN,
      );
      expect((await changeStatus(incident, user.sekda, 'TRANSISI_DARURAT')).status).toBe('TRANSISI_DARURAT');
      // Never backwards to siaga; back from transisi to tanggap is allowed (a new wave).
      expect(await refusalType(changeStatus(incident, user.bupati, 'SIAGA_DARURAT'))).toBe(TASK_NOT_OPEN);
      expect(await refusalType(changeStatus(incident, user['kepala.dinsos'], 'TANGGAP_DARURAT'))).toBe(
        TASK_FORBIDDEN,
      );
      const wave = 'Hujan deras kembali, debit Sungai Tongas naik';
      expect((await changeStatus(incident, user['kepala.bpbd'], 'TANGGAP_DARURAT', wave)).status).toBe(
        'TANGGAP_DARURAT',
      );
      expect(await status()).toBe('TANGGAP_DARURAT');
      // Refused changes never reached the history.
      expect(await acceptedUpdates(incident.handle)).toBe(3);

      const changes = await db.incidentStatusChange.findMany({
        where: { incidentId: incident.incidentId },
        orderBy: { at: 'asc' },
      });
      expect(changes.map((c) => [c.fromStatus, c.toStatus, c.byUserId, c.reason])).toEqual([
        [null, 'SIAGA_DARURAT', user['staff.bpbd'].userId, null],
        ['SIAGA_DARURAT', 'TANGGAP_DARURAT', user['staff.bpbd'].userId, reason],
        ['TANGGAP_DARURAT', 'TRANSISI_DARURAT', user.sekda.userId, null],
        ['TRANSISI_DARURAT', 'TANGGAP_DARURAT', user['kepala.bpbd'].userId, wave],
      ]);
      expect((await db.incident.findUniqueOrThrow({ where: { id: incident.incidentId } })).status).toBe(
        'TANGGAP_DARURAT',
      );
      expect(
        (await trail({ projectId: incident.projectId, action: 'INCIDENT_STATUS_CHANGED' })).map((e) => [
          e.actorUserId,
          e.detail,
        ]),
      ).toEqual([
        [user['staff.bpbd'].userId, { from: 'SIAGA_DARURAT', to: 'TANGGAP_DARURAT', reason }],
        [user.sekda.userId, { from: 'TANGGAP_DARURAT', to: 'TRANSISI_DARURAT', reason: null }],
        [user['kepala.bpbd'].userId, { from: 'TRANSISI_DARURAT', to: 'TANGGAP_DARURAT', reason: wave }],
      ]);

      // Closing is a status change too, recorded with who declared it.
      expect(await close(incident, user['kepala.bpbd'])).toMatchObject({ status: 'CLOSED' });
      const last = await db.incidentStatusChange.findFirstOrThrow({
        where: { incidentId: incident.incidentId, toStatus: 'CLOSED' },
      });
      expect(last).toMatchObject({ fromStatus: 'TANGGAP_DARURAT', byUserId: user['kepala.bpbd'].userId });
    },
    TEST_TIMEOUT,
  );
});

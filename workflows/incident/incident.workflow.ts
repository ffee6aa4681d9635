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
import { iso, projections } from '../projections';
import { deadlineFor } from '@gotong/domain/calendar';
import {
  acknowledgementKey,
  agencyOfAcknowledgementKey,
  checkSitrepCorrection,
  correctsSitrepOf,
  normalisedDetails,
  owesSitreps,
  resolutionProblems,
  resourceRequestDetailProblems,
  sitrepLadder,
  statusTransitionRefusal,
} from '@gotong/domain/emergency';
import {
  plannedWorkProblems,
  resourceRequestProblems,
  slaProblem,
  stepProblems,
} from '@gotong/domain/input-rules';
import { commandsIncident, requestsResourcesFor } from '@gotong/domain/permissions';
import type { Actor } from '@gotong/domain/roles';
import { stepFinishedSignal } from '../task/messages';
import { startsTasksFromActivity, startTasksFromActivity } from '../task/start';
import {
  assignIncidentTaskUpdate,
  changeIncidentStatusUpdate,
  correctSitrepUpdate,
  incidentSnapshotQuery,
  mobiliseAgencyUpdate,
  releaseAgencyUpdate,
  requestResourceUpdate,
  resolveSitrepConflictUpdate,
  type AssignIncidentTaskArgs,
  type ChangeIncidentStatusArgs,
  type CorrectSitrepArgs,
  type MobiliseArgs,
  type ReleaseArgs,
  type RequestResourceArgs,
  type ResolveSitrepConflictArgs,
} from './messages';
import { INVALID_REQUEST, TASK_FORBIDDEN, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import {
  resourceRequestWorkflowId,
  type IncidentAgencyState,
  type IncidentInput,
  type IncidentSnapshot,
  type IncidentStatus,
  type MobilisedAgency,
  type ResourceRequestInput,
} from '@gotong/contracts/incident';
import {
  isTaskWorkflowId,
  taskIdOfWorkflow,
  taskWorkflowId,
  type AgencyTaskStart,
  type StepPlan,
  type StepTaskInput,
} from '@gotong/contracts/task';

/**
 * An OPD's state in the workflow. `periodsFrom` is set when a released OPD is mobilised again: its sitrep
 * periods then count from that moment and from the sitreps started so far, not from its first mobilisation.
 */
type AgencyState = IncidentAgencyState & {
  periodsFrom?: { at: number; sitreps: number };
  /** The workflow id of the OPD's sitrep task still open (ONE_OPEN_SITREP): it covers every period until sent. */
  openSitrep?: string;
  /** Follow-up acknowledgements it was given after saying "not ready" (ACK_NOT_READY_FOLLOWED_UP). */
  ackFollowUps?: number;
};
/** Patch: a task started for an OPD released while it was being started is cancelled once it exists. */
const CANCEL_TASKS_OF_RELEASED_OPD = 'cancel-tasks-of-released-opd';
/**
 * Patch: an OPD mobilised only in clusters without sitrep duty (SITREP_DUTY) owes no sitrep. Asked only for
 * such an OPD, so incidents where every OPD owes sitreps record no marker.
 */
const SITREP_DUTY_PER_CLUSTER = 'sitrep-duty-per-cluster';
/**
 * Patch: an OPD has one sitrep open at a time. A period that starts while its sitrep is still open opens no
 * new task (the open one covers it); a sitrep task climbs the sitrep ladder (sitrepLadder: Kepala OPD at the
 * deadline, the Sekda only after several missed periods) instead of the incident's. Old branch: one task per
 * period, each on the incident's ladder.
 */
const ONE_OPEN_SITREP = 'one-open-sitrep-per-opd';
/**
 * Patch: an acknowledgement that says "not ready" (siap: false) does not count as acknowledged; the OPD gets a
 * follow-up acknowledgement (`ack-<opd>-ulang-<n>`) due within the acknowledgement time, on the same ladder
 * as a missed one. Old branch: any sent acknowledgement counted.
 */
const ACK_NOT_READY_FOLLOWED_UP = 'ack-not-ready-followed-up';

const fail = (message: string, type: string): never => {
  throw ApplicationFailure.nonRetryable(message, type);
};

/**
 * An emergency response. Every mobilised OPD gets an acknowledgement task due
 * in minutes and, for as long as it stays mobilised, one situation-report task
 * per period (the next period's starts when the previous one's ends, whether
 * or not it was sent); each is an agency task, so a missed acknowledgement or
 * a missing sitrep is reminded and escalated up the ladder in minutes. The
 * command (BPBD) and leadership change the status, mobilise or release OPDs
 * and assign tasks; any mobilised OPD may ask another for resources. Closing
 * writes the after-action summary and cancels what is still open.
 *
 * Why one long function: the handlers share the incident's state (status, OPDs,
 * open work) in one closure; the rules they apply (status transitions, who
 * commands, sitrep forms, the summary) are pure modules in libs/domain.
 */
export async function incidentWorkflow(input: IncidentInput): Promise<IncidentSnapshot> {
  // The same rules the API judged the declaration by (see jointProjectWorkflow).
  const problems = [
    ...plannedWorkProblems(input),
    slaProblem('acknowledgeWithin', input.acknowledgeWithin),
    slaProblem('sitrepEvery', input.sitrepEvery),
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) fail(`the incident cannot run: ${problems.join('; ')}`, INVALID_REQUEST);
  const carried = input.carried;
  let status: IncidentStatus = carried?.status ?? input.status;
  const agencies: AgencyState[] = carried?.agencies ?? [];
  const open = new Set<string>(carried?.open ?? []);
  /** Which OPD each open task belongs to, so releasing an OPD can stop its work. */
  const openOwner = new Map<string, string>(Object.entries(carried?.openOwners ?? {}));
  let taskSeq = carried?.taskSeq ?? 0;
  let changes = 0;
  const lead: Actor = {
    userId: input.declaredBy.userId,
    agencyId: input.commandAgencyId,
    role: input.declaredBy.role,
  };

  const snapshot = (): IncidentSnapshot => ({
    incidentId: input.incidentId,
    status,
    agencies: agencies.map(({ periodsFrom: _p, openSitrep: _o, ackFollowUps: _f, ...a }) => ({
      ...a,
      clusters: [...a.clusters],
    })),
    openWork: open.size,
    runs: carried?.runs ?? 0,
  });
  const requireCommand = (actor: Actor) => {
    if (!commandsIncident(actor, input.commandAgencyId))
      fail('only the command (BPBD) or leadership may do this', TASK_FORBIDDEN);
    if (status === 'CLOSED') fail('the incident is closed', TASK_NOT_OPEN);
  };
  const active = (agencyId: string) => agencies.find((a) => a.agencyId === agencyId && !a.released);
  /** Whether the OPD owes sitreps now: mobilised, and in a cluster with sitrep duty (behind its patch). */
  const owesSitrepsNow = (a: AgencyState) =>
    !a.released && (owesSitreps(a.clusters) || !patched(SITREP_DUTY_PER_CLUSTER));
  /** Forgets the OPD's open sitrep once that task has ended (sent, cancelled). */
  const sitrepEnded = (workflowId: string) => {
    for (const a of agencies) if (a.openSitrep === workflowId) delete a.openSitrep;
  };

  /** A task for an OPD: its id chosen here, open (and whose) from now on. */
  function taskStart(step: StepPlan): AgencyTaskStart {
    const taskId = uuid4();
    const workflowId = taskWorkflowId(taskId);
    open.add(workflowId);
    openOwner.set(workflowId, step.agencyId);
    if (step.key.startsWith('sitrep-')) {
      const owner = agencies.find((a) => a.agencyId === step.agencyId);
      if (owner) owner.openSitrep = workflowId;
    }
    const args: StepTaskInput = {
      taskId,
      projectId: input.projectId,
      projectWorkflowId: workflowInfo().workflowId,
      lead,
      step,
      calendar: input.calendar,
    };
    return { workflowId, args };
  }

  /**
   * Starts tasks through the activity. An OPD released while the activity ran (or before it began, when
   * the release came with the declaration) owes nothing: the release could not cancel a task that did not
   * exist yet, so it is cancelled here once it does. Behind a patch: earlier histories left it running.
   */
  async function startTasks(starts: AgencyTaskStart[]): Promise<void> {
    await startTasksFromActivity(starts);
    const released = starts.filter(({ args }) =>
      agencies.some((a) => a.agencyId === args.step.agencyId && a.released),
    );
    if (released.length === 0 || !patched(CANCEL_TASKS_OF_RELEASED_OPD)) return;
    for (const { workflowId } of released) {
      open.delete(workflowId);
      openOwner.delete(workflowId);
      sitrepEnded(workflowId);
      await getExternalWorkflowHandle(workflowId)
        .cancel()
        .catch(() => undefined); // finished meanwhile
    }
  }

  async function startTask(step: StepPlan): Promise<void> {
    if (startsTasksFromActivity()) return startTasks([taskStart(step)]);
    // As a child workflow, in histories from before 'start-tasks-from-activity'.
    const { workflowId, args } = taskStart(step);
    await startChild('agencyTaskWorkflow', {
      workflowId,
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  }

  const step = (
    agency: MobilisedAgency,
    key: string,
    title: string,
    form: StepPlan['form'],
    sla: StepPlan['sla'],
    instructions: string,
  ): StepPlan => ({
    key,
    title,
    instructions,
    agencyId: agency.agencyId,
    agencyCode: agency.agencyCode,
    form,
    sla,
    dependsOn: [],
    escalation: input.escalation,
    autoAccept: true,
  });

  /** A follow-up acknowledgement after a "not ready" (ACK_NOT_READY_FOLLOWED_UP). */
  const followUpAcknowledgement = (agency: MobilisedAgency, n: number): StepPlan =>
    step(
      agency,
      acknowledgementKey(agency.agencyCode, n),
      `Konfirmasi kesiapan (ulang #${n}): ${input.title}`,
      input.acknowledgementForm,
      input.acknowledgeWithin,
      `${agency.agencyCode} menyatakan belum siap. Konfirmasi lagi begitu siap dikerahkan, dengan personel yang dikerahkan.`,
    );

  const acknowledgement = (agency: MobilisedAgency): StepPlan =>
    step(
      agency,
      `ack-${agency.agencyCode.toLowerCase()}`,
      `Konfirmasi kesiapan: ${input.title}`,
      input.acknowledgementForm,
      input.acknowledgeWithin,
      `${agency.agencyCode} dimobilisasi (${agency.clusters.join(', ')}). Konfirmasi kesiapan dan personel yang dikerahkan.`,
    );

  const sitrep = (agency: MobilisedAgency, n: number): StepPlan =>
    step(
      agency,
      `sitrep-${agency.agencyCode.toLowerCase()}-${n}`,
      `Laporan situasi #${n}: ${input.title}`,
      input.sitrepForm,
      input.sitrepEvery,
      'Laporkan angka per desa (terdampak, mengungsi, korban, rumah rusak, pos pengungsian, fasilitas umum) dan kebutuhan.',
    );
  /** A sitrep on the sitrep ladder (ONE_OPEN_SITREP): it stays open, covering each period, until sent. */
  const coveringSitrep = (agency: MobilisedAgency, n: number): StepPlan => ({
    ...sitrep(agency, n),
    instructions:
      'Laporkan angka per desa (terdampak, mengungsi, korban, rumah rusak, pos pengungsian, fasilitas umum) dan kebutuhan. ' +
      'Selama laporan ini belum dikirim, tidak ada tugas laporan baru: laporan ini berlaku untuk periode berikutnya juga.',
    escalation: sitrepLadder(input.sitrepEvery),
  });

  /** Marks the OPD mobilised and records it; whether it still owes an acknowledgement (it may have given one before a release). */
  async function recordMobilised(agency: MobilisedAgency, actor: Actor | null): Promise<boolean> {
    const now = Date.now();
    const existing = agencies.find((a) => a.agencyId === agency.agencyId);
    if (existing) {
      existing.released = false;
      existing.clusters = [...new Set([...existing.clusters, ...agency.clusters])];
      // Mobilised again after a release: the periods it was released for are not owed.
      existing.periodsFrom = { at: now, sitreps: existing.sitrepsStarted };
    } else {
      agencies.push({ ...agency, mobilisedAt: now, released: false, acknowledged: false, sitrepsStarted: 0 });
    }
    const owesAcknowledgement = !existing?.acknowledged;
    await projections.recordAgencyMobilised({
      incidentId: input.incidentId,
      projectId: input.projectId,
      agency,
      actor,
      at: iso(now),
      // When its acknowledgement falls due, counted from now (its task counts from its own start, a moment
      // later); null when it acknowledged before a release. Only the activity's argument grows: no new command.
      ackDueAt: owesAcknowledgement ? iso(deadlineFor(now, input.acknowledgeWithin, input.calendar)) : null,
    });
    return owesAcknowledgement;
  }

  async function mobilise(agency: MobilisedAgency, actor: Actor | null): Promise<void> {
    if (await recordMobilised(agency, actor)) await startTask(acknowledgement(agency));
  }

  /** The next sitrep period of an OPD: period k runs from (re)mobilisation + k·interval, due one interval later. */
  const nextSitrepAt = (a: AgencyState) => {
    let at = a.periodsFrom?.at ?? a.mobilisedAt;
    for (let k = a.periodsFrom?.sitreps ?? 0; k < a.sitrepsStarted; k++) {
      at = deadlineFor(at, input.sitrepEvery, input.calendar);
    }
    return at;
  };

  setHandler(incidentSnapshotQuery, snapshot);
  /** Acknowledgements sent and not yet read (ACK_NOT_READY_FOLLOWED_UP): ready, or "not ready"? */
  const sentAcknowledgements: { agencyId: string; taskId: string }[] = [];
  setHandler(stepFinishedSignal, ({ stepKey, taskId }) => {
    open.delete(taskWorkflowId(taskId));
    openOwner.delete(taskWorkflowId(taskId));
    sitrepEnded(taskWorkflowId(taskId));
    const code = agencyOfAcknowledgementKey(stepKey);
    const agency = code !== null ? agencies.find((a) => a.agencyCode.toLowerCase() === code) : undefined;
    if (agency) {
      // Read in the main loop (an activity) before it counts; before the patch any acknowledgement counted.
      if (patched(ACK_NOT_READY_FOLLOWED_UP))
        sentAcknowledgements.push({ agencyId: agency.agencyId, taskId });
      else agency.acknowledged = true;
    }
    changes++;
  });

  /** Reads the acknowledgements sent: "not ready" gets a follow-up acknowledgement, ready counts. */
  async function readAcknowledgements(): Promise<void> {
    while (sentAcknowledgements.length > 0 && status !== 'CLOSED') {
      const { agencyId, taskId } = sentAcknowledgements.shift()!;
      const agency = agencies.find((a) => a.agencyId === agencyId)!;
      const ready = await projections.acknowledgementReady({ taskId });
      if (ready) agency.acknowledged = true;
      if (ready || agency.released || agency.acknowledged) continue;
      agency.ackFollowUps = (agency.ackFollowUps ?? 0) + 1;
      await startTask(followUpAcknowledgement(agency, agency.ackFollowUps));
    }
  }

  setHandler(
    changeIncidentStatusUpdate,
    async ({ actor, to, reason }) => {
      const from = status;
      status = to;
      changes++;
      await projections.recordIncidentStatusChanged({
        changeId: uuid4(),
        incidentId: input.incidentId,
        projectId: input.projectId,
        from,
        to,
        actor,
        reason,
        at: iso(Date.now()),
      });
      return snapshot();
    },
    {
      validator: ({ actor, to }: ChangeIncidentStatusArgs) => {
        requireCommand(actor);
        const refusal = statusTransitionRefusal(status, to);
        if (refusal) fail(refusal, TASK_NOT_OPEN);
      },
    },
  );

  setHandler(
    mobiliseAgencyUpdate,
    async ({ actor, agency }) => {
      changes++;
      await mobilise(agency, actor);
      return snapshot();
    },
    {
      validator: ({ actor, agency }: MobiliseArgs) => {
        requireCommand(actor);
        if (active(agency.agencyId)) fail(`${agency.agencyCode} is already mobilised`, INVALID_REQUEST);
      },
    },
  );

  setHandler(
    releaseAgencyUpdate,
    async ({ actor, agencyId, reason }) => {
      const agency = active(agencyId)!;
      agency.released = true;
      changes++;
      await projections.recordAgencyReleased({
        incidentId: input.incidentId,
        projectId: input.projectId,
        agencyId,
        actor,
        reason,
        at: iso(Date.now()),
      });
      // A released OPD owes nothing more: its open acknowledgement, sitrep and tasks stop escalating.
      // (Behind a patch: histories recorded before this change released without cancelling.)
      if (patched('release-cancels-open-tasks')) {
        for (const [workflowId, owner] of [...openOwner]) {
          if (owner !== agencyId) continue;
          open.delete(workflowId);
          openOwner.delete(workflowId);
          sitrepEnded(workflowId);
          await getExternalWorkflowHandle(workflowId)
            .cancel()
            .catch(() => undefined); // finished meanwhile
        }
      }
      return snapshot();
    },
    {
      validator: ({ actor, agencyId, reason }: ReleaseArgs) => {
        requireCommand(actor);
        if (!active(agencyId)) fail('that OPD is not mobilised', INVALID_REQUEST);
        if (agencyId === input.commandAgencyId) fail('the command cannot be released', INVALID_REQUEST);
        if (!reason?.trim()) fail('a release needs a reason', INVALID_REQUEST);
      },
    },
  );

  setHandler(
    assignIncidentTaskUpdate,
    async ({ step: plan }) => {
      taskSeq++;
      changes++;
      await startTask({
        ...plan,
        key: `${plan.key}-${taskSeq}`,
        escalation: input.escalation,
        autoAccept: true,
      });
      return snapshot();
    },
    {
      validator: ({ actor, step: plan }: AssignIncidentTaskArgs) => {
        requireCommand(actor);
        if (!active(plan.agencyId))
          fail(`${plan.agencyCode} is not mobilised for this incident`, INVALID_REQUEST);
        const stepRefused = stepProblems(plan);
        if (stepRefused.length > 0) fail(stepRefused.join('; '), INVALID_REQUEST);
      },
    },
  );

  setHandler(
    requestResourceUpdate,
    async (args) => {
      const workflowId = resourceRequestWorkflowId(args.requestId);
      open.add(workflowId);
      changes++;
      const details = normalisedDetails(args);
      const request: ResourceRequestInput = {
        requestId: args.requestId,
        incidentId: input.incidentId,
        projectId: input.projectId,
        incidentWorkflowId: workflowInfo().workflowId,
        lead,
        requestedBy: args.actor,
        from: args.from,
        to: args.to,
        item: args.item,
        quantity: args.quantity,
        unit: args.unit,
        // Where to, by when, a note (absent in requests made before they existed).
        ...(details.destination ? { destination: details.destination } : {}),
        ...(details.neededBy ? { neededBy: details.neededBy } : {}),
        ...(details.note ? { note: details.note } : {}),
        respondWithin: input.acknowledgeWithin,
        deliverWithin: input.sitrepEvery,
        escalation: input.escalation,
        calendar: input.calendar,
      };
      await startChild('resourceRequestWorkflow', {
        workflowId,
        args: [request],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      return snapshot();
    },
    {
      validator: (args: RequestResourceArgs) => {
        const { actor, from, to, item, quantity } = args;
        if (status === 'CLOSED') fail('the incident is closed', TASK_NOT_OPEN);
        if (!requestsResourcesFor(actor, from.agencyId)) {
          fail('a request is made by staff of the requesting OPD', TASK_FORBIDDEN);
        }
        if (!active(from.agencyId)) fail('the requesting OPD is not mobilised', TASK_FORBIDDEN);
        if (!active(to.agencyId))
          fail(`${to.agencyCode} is not mobilised for this incident`, INVALID_REQUEST);
        if (from.agencyId === to.agencyId) fail('an OPD does not request from itself', INVALID_REQUEST);
        const refused = resourceRequestProblems({ item, quantity });
        if (refused.length > 0) fail(refused.join('; '), INVALID_REQUEST);
        const details = resourceRequestDetailProblems(args);
        if (details.length > 0) fail(details.join('; '), INVALID_REQUEST);
      },
    },
  );

  // An OPD corrects its sent sitrep with a reason: a new version the roll-up counts from now on. A new
  // Update: no running history has one, so it needs no patch.
  setHandler(
    correctSitrepUpdate,
    async ({ actor, correctionId, taskId, agencyId, values, reason }) => {
      const checked = checkSitrepCorrection(input.sitrepForm, { values, reason });
      if (!checked.ok) return fail(checked.problems.join('; '), INVALID_REQUEST);
      const { version } = await projections.recordSitrepCorrected({
        correctionId,
        projectId: input.projectId,
        taskId,
        agencyId,
        values: checked.values,
        reason: checked.reason,
        actor,
        at: iso(Date.now()),
      });
      return { correctionId, taskId, version };
    },
    {
      validator: ({ actor, agencyId, values, reason }: CorrectSitrepArgs) => {
        if (status === 'CLOSED') fail('the incident is closed', TASK_NOT_OPEN);
        if (!correctsSitrepOf(actor, agencyId))
          fail("a sitrep is corrected by its OPD's staff", TASK_FORBIDDEN);
        if (!agencies.some((a) => a.agencyId === agencyId))
          fail('that OPD is not mobilised for this incident', TASK_FORBIDDEN);
        const checked = checkSitrepCorrection(input.sitrepForm, { values, reason });
        if (!checked.ok) fail(checked.problems.join('; '), INVALID_REQUEST);
      },
    },
  );

  // The command resolves a sitrep conflict: its figure counts in the roll-up from now on. A new Update: no
  // running history has one, so it needs no patch.
  const resolutionRefusals = ({ desaCode, field, value, agencyCode, note }: ResolveSitrepConflictArgs) => [
    ...resolutionProblems(
      agencyCode !== null ? { desaCode, field, agencyCode, note } : { desaCode, field, value, note },
    ),
    ...(Number.isInteger(value) && value >= 0 ? [] : ['value: must be a whole number, 0 or more']),
  ];
  setHandler(
    resolveSitrepConflictUpdate,
    async (args) => {
      const { actor, resolutionId, desaCode, field, value, agencyCode } = args;
      const note = args.note?.trim() || null;
      await projections.recordSitrepConflictResolved({
        resolutionId,
        incidentId: input.incidentId,
        projectId: input.projectId,
        desaCode,
        field,
        value,
        agencyCode,
        note,
        actor,
        at: iso(Date.now()),
      });
      return { resolutionId, desaCode, field, value, agencyCode };
    },
    {
      validator: (args: ResolveSitrepConflictArgs) => {
        requireCommand(args.actor);
        const problems = resolutionRefusals(args);
        if (problems.length > 0) fail(problems.join('; '), INVALID_REQUEST);
      },
    },
  );

  if (!carried) {
    await projections.recordIncidentDeclared({
      incidentId: input.incidentId,
      projectId: input.projectId,
      workflowId: workflowInfo().workflowId,
      title: input.title,
      description: input.description,
      type: input.type,
      severity: input.severity,
      status: input.status,
      declaredBy: input.declaredBy,
      affectedKecamatan: input.affectedKecamatan,
      affectedDesa: input.affectedDesa,
      at: iso(Date.now()),
    });
    // Every OPD at once: one after the other, each OPD's projection and task start waited for the previous
    // OPD's round trips to the server, and the last of a flood's 11 OPDs heard of it seconds late. Now the
    // projections go out together, then the acknowledgement tasks together, in the declared order (so every
    // OPD's incident is readable before its task appears). Histories recorded before went one by one.
    // (With one OPD both ways issue the same commands: no patch marker is needed.)
    if (input.mobilised.length > 1 && patched('mobilise-concurrently')) {
      // Nobody is mobilised yet, so every OPD owes its acknowledgement.
      await Promise.all(input.mobilised.map((agency) => recordMobilised(agency, null)));
      if (startsTasksFromActivity()) {
        // All the acknowledgements in one activity, which starts them side by side.
        await startTasks(input.mobilised.map((agency) => taskStart(acknowledgement(agency))));
      } else {
        await Promise.all(input.mobilised.map((agency) => startTask(acknowledgement(agency))));
      }
    } else {
      for (const agency of input.mobilised) await mobilise(agency, null);
    }
  }

  const shouldContinueAsNew = () =>
    workflowInfo().continueAsNewSuggested ||
    (input.continueAsNewAfterEvents !== undefined &&
      workflowInfo().historyLength > input.continueAsNewAfterEvents);

  while (status !== 'CLOSED') {
    await readAcknowledgements();
    const seen = changes;
    // Start every sitrep period that has begun.
    const now = Date.now();
    // How many periods each OPD now owes a sitrep for (one after a period ends, none in between).
    const owed = agencies.map((agency) => {
      const counted = { ...agency };
      while (owesSitrepsNow(counted) && nextSitrepAt(counted) <= now && status !== 'CLOSED')
        counted.sitrepsStarted++;
      return counted.sitrepsStarted - agency.sitrepsStarted;
    });
    // The OPDs side by side, each OPD's periods one after the other as before (a worker that was away owes
    // several: their tasks are created in the order of their numbers). A single sitrep starts the same either
    // way: no patch marker then, so a period with one OPD adds nothing to the history.
    if (owed.some((n) => n > 0) && patched(ONE_OPEN_SITREP)) {
      // The periods that began are counted; an OPD whose sitrep is still open gets no new task (the open one
      // covers them and keeps climbing its ladder), the others one task, for the latest period begun.
      const due: AgencyState[] = [];
      agencies.forEach((agency, i) => {
        if (owed[i]! === 0) return;
        agency.sitrepsStarted += owed[i]!;
        if (agency.openSitrep === undefined) due.push(agency);
      });
      if (due.length > 0 && startsTasksFromActivity()) {
        await startTasks(due.map((agency) => taskStart(coveringSitrep(agency, agency.sitrepsStarted))));
      } else {
        await Promise.all(due.map((agency) => startTask(coveringSitrep(agency, agency.sitrepsStarted))));
      }
    } else if (owed.reduce((sum, n) => sum + n, 0) > 1 && patched('mobilise-concurrently')) {
      await Promise.all(
        agencies.map(async (agency, i) => {
          for (let k = 0; k < owed[i]! && !agency.released && status !== 'CLOSED'; k++)
            await startTask(sitrep(agency, ++agency.sitrepsStarted));
        }),
      );
    } else {
      for (const agency of agencies) {
        while (
          owesSitrepsNow(agency) &&
          nextSitrepAt(agency) <= now &&
          (status as IncidentStatus) !== 'CLOSED'
        ) {
          agency.sitrepsStarted++;
          const n = agency.sitrepsStarted;
          await startTask(sitrep(agency, n));
        }
      }
    }
    const upcoming = agencies.filter(owesSitrepsNow).map(nextSitrepAt);
    const next = upcoming.length > 0 ? Math.min(...upcoming) : null;
    if (next === null) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(1, next - Date.now()));
    if (
      (status as IncidentStatus) !== 'CLOSED' &&
      sentAcknowledgements.length === 0 &&
      shouldContinueAsNew()
    ) {
      await condition(allHandlersFinished);
      if ((status as IncidentStatus) === 'CLOSED') break;
      await continueAsNew<typeof incidentWorkflow>({
        ...input,
        carried: {
          status,
          agencies,
          open: [...open],
          openOwners: Object.fromEntries(openOwner),
          runs: (carried?.runs ?? 0) + 1,
          taskSeq,
        },
      });
    }
  }

  // Closed. The after-action summary is what stood at the moment of closing.
  await condition(allHandlersFinished);
  const closedAt = Date.now();
  const cancel = async (workflowIds: string[]) => {
    for (const workflowId of workflowIds) {
      await getExternalWorkflowHandle(workflowId)
        .cancel()
        .catch(() => undefined); // finished meanwhile
    }
  };
  if (patched('close-settles-tasks-before-summary')) {
    // The OPDs' own tasks (acknowledgements, sitreps, assigned work) stop first, and the summary waits until
    // each has recorded its end: an escalation that fired just before closing is then in the projections
    // when the summary counts them (it counts those opened up to the closing instant). Requests are
    // cancelled after the summary, so an unmet request shows the stage it had reached, not CANCELLED.
    const tasks = [...open].filter(isTaskWorkflowId);
    await cancel(tasks);
    await projections.recordIncidentClosed({
      incidentId: input.incidentId,
      projectId: input.projectId,
      at: iso(closedAt),
      settledTaskIds: tasks.map(taskIdOfWorkflow),
    });
    await cancel([...open].filter((id) => !isTaskWorkflowId(id)));
  } else {
    await projections.recordIncidentClosed({
      incidentId: input.incidentId,
      projectId: input.projectId,
      at: iso(closedAt),
    });
    await cancel([...open]);
  }
  return snapshot();
}

import {
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  patched,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import { reasonProblem } from '@gotong/domain/emergency';
import { worksForAgency } from '@gotong/domain/permissions';
import { INVALID_REQUEST, TASK_FORBIDDEN, TASK_NOT_OPEN } from '@gotong/contracts/failures';
import { closeResourceRequestUpdate, type CloseResourceRequestArgs } from './messages';
import { iso, projections } from '../projections';
import type { FormSchema } from '@gotong/domain/form-schema';
import { stepFinishedSignal } from '../task/messages';
import { type ResourceRequestInput, type ResourceRequestStatus } from '@gotong/contracts/incident';
import { taskWorkflowId, type StepPlan, type StepTaskInput, type TaskSnapshot } from '@gotong/contracts/task';

export const RESPONSE_FORM: FormSchema = {
  fields: [
    { key: 'keputusan', label: 'Keputusan', type: 'select', required: true, options: ['SANGGUP', 'TOLAK'] },
    {
      key: 'keterangan',
      label: 'Keterangan (alasan menolak, atau perkiraan waktu kirim)',
      type: 'longtext',
      required: true,
    },
  ],
};
/** The response with the quantity committed (RESOURCE_QUANTITIES); blank means all that was asked. */
export const RESPONSE_FORM_V2: FormSchema = {
  fields: [
    RESPONSE_FORM.fields[0]!,
    { key: 'jumlahDisanggupi', label: 'Jumlah disanggupi', type: 'integer', required: false, min: 0 },
    RESPONSE_FORM.fields[1]!,
  ],
};
/**
 * Patch: the provider says how much it commits, and each step's quantity (committed, sent, received) is
 * recorded on the request and in its audit events. A delivery received short of what was committed leaves the
 * request PARTIALLY_RECEIVED: the provider gets a new send stage for the rest (`kirim-<n>`, then `terima-<n>`),
 * until all is received or the requester closes it with a reason (CLOSED). Old branch: the response form
 * without a quantity, and a partial delivery ended RECEIVED.
 */
const RESOURCE_QUANTITIES = 'resource-request-quantities';
export const SENT_FORM: FormSchema = {
  fields: [
    { key: 'jumlahDikirim', label: 'Jumlah dikirim', type: 'integer', required: true, min: 0 },
    { key: 'keterangan', label: 'Keterangan pengiriman', type: 'longtext', required: false },
  ],
};
export const RECEIVED_FORM: FormSchema = {
  fields: [
    { key: 'jumlahDiterima', label: 'Jumlah diterima', type: 'integer', required: true, min: 0 },
    { key: 'keterangan', label: 'Keterangan', type: 'longtext', required: false },
  ],
};

/**
 * One OPD asks another for resources during an incident:
 * requested → committed → sent → received, or refused with a reason. Each stage
 * is an agency task of the OPD that must act (respond and send: the provider;
 * confirm receipt: the requester), so an overdue stage is reminded and
 * escalated like any task.
 */
export async function resourceRequestWorkflow(input: ResourceRequestInput): Promise<ResourceRequestStatus> {
  // Stage tasks report to their parent like project steps do; nothing to do with it here.
  setHandler(stepFinishedSignal, () => undefined);
  let status: ResourceRequestStatus = 'REQUESTED';
  const label = `${input.quantity} ${input.unit} ${input.item}`;

  const quantities = patched(RESOURCE_QUANTITIES);
  /** The requester's reason for closing a partly received request, once given. */
  let closeReason: string | null = null;
  /** The stage open after a partial delivery: closing cancels it. */
  let openStage: CancellationScope | null = null;
  setHandler(
    closeResourceRequestUpdate,
    async ({ reason }) => {
      closeReason = reason.trim();
      openStage?.cancel();
      await condition(() => status === 'CLOSED');
      return { status };
    },
    {
      validator: ({ actor, reason }: CloseResourceRequestArgs) => {
        if (!worksForAgency(actor, input.from.agencyId))
          throw ApplicationFailure.nonRetryable('a request is closed by the requesting OPD', TASK_FORBIDDEN);
        if (!quantities || status !== 'PARTIALLY_RECEIVED' || closeReason !== null)
          throw ApplicationFailure.nonRetryable(
            'only a partly received request can be closed',
            TASK_NOT_OPEN,
          );
        const problem = reasonProblem('reason', reason);
        if (problem) throw ApplicationFailure.nonRetryable(problem, INVALID_REQUEST);
      },
    },
  );
  const counted: { quantityCommitted?: number; quantitySent?: number; quantityReceived?: number } = {};
  const count = (values: Record<string, unknown>, key: string): number | undefined =>
    typeof values[key] === 'number' ? values[key] : undefined;

  const record = (next: ResourceRequestStatus, reason: string | null) => {
    status = next;
    return projections.recordResourceRequest({
      requestId: input.requestId,
      incidentId: input.incidentId,
      projectId: input.projectId,
      fromAgencyId: input.from.agencyId,
      toAgencyId: input.to.agencyId,
      item: input.item,
      quantity: input.quantity,
      unit: input.unit,
      requestedById: input.requestedBy.userId,
      status: next,
      reason,
      at: iso(Date.now()),
      ...(quantities
        ? {
            destination: input.destination ?? null,
            neededBy: input.neededBy ?? null,
            note: input.note ?? null,
            ...counted,
          }
        : {}),
    });
  };

  const stage = async (
    key: string,
    agency: { agencyId: string; agencyCode: string },
    title: string,
    form: FormSchema,
    within: StepPlan['sla'],
  ): Promise<Record<string, unknown>> => {
    const taskId = uuid4();
    const args: StepTaskInput = {
      taskId,
      projectId: input.projectId,
      projectWorkflowId: `resource-request-${input.requestId}`,
      lead: input.lead,
      step: {
        key: `permintaan-${input.requestId.slice(0, 8)}-${key}`,
        title,
        instructions: `Permintaan ${input.from.agencyCode} kepada ${input.to.agencyCode}: ${label}.`,
        agencyId: agency.agencyId,
        agencyCode: agency.agencyCode,
        form,
        sla: within,
        dependsOn: [],
        escalation: input.escalation,
        autoAccept: true,
      },
      calendar: input.calendar,
    };
    const result = await executeChild<(input: StepTaskInput) => Promise<TaskSnapshot>>('agencyTaskWorkflow', {
      workflowId: taskWorkflowId(taskId),
      args: [args],
    });
    return result.values ?? {};
  };

  /**
   * Deliveries until all that was committed is received: each a send stage of the provider and a receipt
   * stage of the requester; a short one leaves the request PARTIALLY_RECEIVED and asks for the rest. After a
   * partial delivery the requester may close it (closeResourceRequest), which cancels the open send stage.
   */
  async function deliverInParts(committed: number): Promise<ResourceRequestStatus> {
    let received = 0;
    for (let n = 1; ; n++) {
      const rest = committed - received;
      const what = `${rest} ${input.unit} ${input.item}`;
      const suffix = n === 1 ? '' : `-${n}`;
      const scope = new CancellationScope();
      openStage = n === 1 ? null : scope;
      const sent = await scope.run(() =>
        stage(
          `kirim${suffix}`,
          input.to,
          n === 1
            ? `Kirim ${what} ke ${input.from.agencyCode}`
            : `Kirim sisa ${what} ke ${input.from.agencyCode}`,
          SENT_FORM,
          input.deliverWithin,
        ),
      );
      openStage = null;
      if (closeReason !== null) {
        // Closed by the requester: the send stage was cancelled (a cancelled task ends without values).
        await record('CLOSED', closeReason);
        return status;
      }
      counted.quantitySent = (counted.quantitySent ?? 0) + (count(sent, 'jumlahDikirim') ?? 0);
      await record('SENT', typeof sent.keterangan === 'string' ? sent.keterangan : null);
      const got = await stage(
        `terima${suffix}`,
        input.from,
        `Konfirmasi penerimaan ${what} dari ${input.to.agencyCode}`,
        RECEIVED_FORM,
        input.respondWithin,
      );
      received += count(got, 'jumlahDiterima') ?? 0;
      counted.quantityReceived = received;
      const gotNote = typeof got.keterangan === 'string' ? got.keterangan : null;
      if (received >= committed) {
        await record('RECEIVED', gotNote);
        return status;
      }
      await record('PARTIALLY_RECEIVED', gotNote);
    }
  }

  try {
    await record('REQUESTED', null);
    const response = await stage(
      'tanggapan',
      input.to,
      `Tanggapi permintaan ${input.from.agencyCode}: ${label}`,
      quantities ? RESPONSE_FORM_V2 : RESPONSE_FORM,
      input.respondWithin,
    );
    const note = typeof response.keterangan === 'string' ? response.keterangan : null;
    if (response.keputusan === 'TOLAK') {
      await record('REFUSED', note);
      return status;
    }
    if (quantities) counted.quantityCommitted = count(response, 'jumlahDisanggupi') ?? input.quantity;
    await record('COMMITTED', note);
    if (quantities) return await deliverInParts(counted.quantityCommitted!);
    const sent = await stage(
      'kirim',
      input.to,
      `Kirim ${label} ke ${input.from.agencyCode}`,
      SENT_FORM,
      input.deliverWithin,
    );
    if (quantities) counted.quantitySent = count(sent, 'jumlahDikirim');
    await record('SENT', typeof sent.keterangan === 'string' ? sent.keterangan : null);
    const received = await stage(
      'terima',
      input.from,
      `Konfirmasi penerimaan ${label} dari ${input.to.agencyCode}`,
      RECEIVED_FORM,
      input.respondWithin,
    );
    if (quantities) counted.quantityReceived = count(received, 'jumlahDiterima');
    await record('RECEIVED', typeof received.keterangan === 'string' ? received.keterangan : null);
    return status;
  } catch (error) {
    if (!isCancellation(error)) throw error;
    if (closeReason !== null) {
      // The requester closed it after a partial delivery: the rest is no longer needed.
      await CancellationScope.nonCancellable(() => record('CLOSED', closeReason));
      return status;
    }
    // The incident closed with this request still open.
    await CancellationScope.nonCancellable(() => record('CANCELLED', 'insiden ditutup'));
    return status;
  }
}

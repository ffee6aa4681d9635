import { CancellationScope, executeChild, isCancellation, setHandler, uuid4 } from '@temporalio/workflow';
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

  try {
    await record('REQUESTED', null);
    const response = await stage(
      'tanggapan',
      input.to,
      `Tanggapi permintaan ${input.from.agencyCode}: ${label}`,
      RESPONSE_FORM,
      input.respondWithin,
    );
    const note = typeof response.keterangan === 'string' ? response.keterangan : null;
    if (response.keputusan === 'TOLAK') {
      await record('REFUSED', note);
      return status;
    }
    await record('COMMITTED', note);
    const sent = await stage(
      'kirim',
      input.to,
      `Kirim ${label} ke ${input.from.agencyCode}`,
      SENT_FORM,
      input.deliverWithin,
    );
    await record('SENT', typeof sent.keterangan === 'string' ? sent.keterangan : null);
    const received = await stage(
      'terima',
      input.from,
      `Konfirmasi penerimaan ${label} dari ${input.to.agencyCode}`,
      RECEIVED_FORM,
      input.respondWithin,
    );
    await record('RECEIVED', typeof received.keterangan === 'string' ? received.keterangan : null);
    return status;
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // The incident closed with this request still open.
    await CancellationScope.nonCancellable(() => record('CANCELLED', 'insiden ditutup'));
    return status;
  }
}

import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '@gotong/database/prisma';
import { workCalendar } from '@gotong/domain/calendar';
import type { Actor } from '@gotong/domain/roles';
import { stepLadder } from '@gotong/domain/escalation-ladder';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { type StepPlan } from '@gotong/contracts/task';

/** What the worker needs to start reconciliation projects. */
export interface ReconciliationDeps {
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts the reconciliation project of each open conflict that has none yet: one task per OPD involved
 * (explain the figure, propose the right one), on the working calendar with the default ladder, led by the
 * walidata who verified (or the first walidata). The project id is the conflict id, so starting twice is
 * refused by Temporal and ignored here.
 */
export async function startReconciliations(
  db: Database,
  deps: ReconciliationDeps,
  conflictIds: string[],
  verifiedBy: Actor | null,
): Promise<void> {
  for (const id of new Set(conflictIds)) {
    const conflict = await db.dataConflict.findUnique({
      where: { id },
      include: { values: { where: { status: 'VERIFIED' }, select: { agencyId: true, value: true } } },
    });
    if (!conflict || conflict.status !== 'OPEN') continue;
    const lead = verifiedBy?.role === 'WALIDATA' ? verifiedBy : await firstWalidata(db);
    if (!lead) continue;
    const [indicator, agencies, area, holidays] = await Promise.all([
      db.indicator.findFirst({ where: { code: conflict.indicatorCode }, orderBy: { version: 'desc' } }),
      db.agency.findMany({ where: { id: { in: conflict.values.map((v) => v.agencyId) } } }),
      db.agency.findFirst({ where: { areaCode: conflict.areaCode.slice(0, 8) }, select: { name: true } }),
      db.holiday.findMany(),
    ]);
    const figures = conflict.values.map((v) => ({
      agency: agencies.find((a) => a.id === v.agencyId)!,
      value: Number(v.value),
    }));
    const name = indicator?.name ?? conflict.indicatorCode;
    const where = `${conflict.areaCode}${area ? ` (${area.name})` : ''}, periode ${conflict.period}`;
    const steps: StepPlan[] = figures.map(({ agency, value }) => ({
      key: `rekonsiliasi-${agency.code.toLowerCase()}`,
      title: `Rekonsiliasi ${name} — ${where}`,
      instructions:
        `Nilai ${agency.code}: ${value}${indicator ? ` ${indicator.unit}` : ''}. Nilai OPD lain: ` +
        figures
          .filter((f) => f.agency.id !== agency.id)
          .map((f) => `${f.agency.code} ${f.value}`)
          .join(', ') +
        '. Jelaskan sumber dan metode angka Anda dan usulkan angka yang benar; walidata memutuskan angka yang disepakati.',
      agencyId: agency.id,
      agencyCode: agency.code,
      form: {
        fields: [
          { key: 'penjelasan', label: 'Sumber, metode dan penjelasan', type: 'longtext', required: true },
          { key: 'nilaiUsulan', label: 'Angka yang diusulkan', type: 'number', required: false, min: 0 },
        ],
      },
      sla: { amount: 2, unit: 'workingDays' },
      dependsOn: [],
      escalation: stepLadder(),
    }));
    const input: ProjectInput = {
      projectId: conflict.id,
      title: `Rekonsiliasi data: ${name} — ${where}`,
      description: `Angka ${figures.map((f) => `${f.agency.code} ${f.value}`).join(' dan ')} berbeda.`,
      lead,
      templateId: null,
      parameters: { indicator: conflict.indicatorCode, area: conflict.areaCode, period: conflict.period },
      steps,
      calendar: workCalendar(holidays, 'WORKING'),
    };
    try {
      await deps.temporal.workflow.start('jointProjectWorkflow', {
        workflowId: projectWorkflowId(conflict.id),
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }
}

async function firstWalidata(db: Database): Promise<Actor | null> {
  const user = await db.user.findFirst({
    where: { role: 'WALIDATA', active: true },
    orderBy: { createdAt: 'asc' },
    select: { id: true, agencyId: true },
  });
  return user ? { userId: user.id, agencyId: user.agencyId, role: 'WALIDATA' } : null;
}

import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '@gotong/database/prisma';
import { workCalendar } from '@gotong/domain/calendar';
import type { Actor } from '@gotong/domain/roles';
import { stepLadder } from '@gotong/domain/escalation-ladder';
import {
  RECONCILIATION_CELL_ORDER,
  reconciliationForm,
  type ReconciliationCell,
} from '@gotong/domain/data-standard';
import { areaName } from '@gotong/domain/region';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { type StepPlan } from '@gotong/contracts/task';

/** What the worker needs to start reconciliation projects. */
export interface ReconciliationDeps {
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts the explanation project of each open reconciliation these conflicts belong to, once: one task per
 * OPD involved whose form has a row per disagreeing cell (explain the figure, propose the right one), on the
 * working calendar with the default ladder, led by the walidata who verified (or the first walidata). The
 * project id is the reconciliation id, so starting twice is refused by Temporal and ignored here. The cells'
 * order (opened, then indicator, area, breakdown) numbers the form's rows; cells that join the reconciliation
 * after its project started are decided on the same screen without a row of their own.
 */
export async function startReconciliations(
  db: Database,
  deps: ReconciliationDeps,
  conflictIds: string[],
  verifiedBy: Actor | null,
): Promise<void> {
  const owners = await db.dataConflict.findMany({
    where: { id: { in: [...new Set(conflictIds)] }, reconciliationId: { not: null } },
    select: { reconciliationId: true },
  });
  for (const id of new Set(owners.map((o) => o.reconciliationId!))) {
    const reconciliation = await db.dataReconciliation.findUnique({ where: { id } });
    if (!reconciliation || reconciliation.status !== 'OPEN') continue;
    const lead = verifiedBy?.role === 'WALIDATA' ? verifiedBy : await firstWalidata(db);
    if (!lead) continue;
    const conflicts = await db.dataConflict.findMany({
      where: { reconciliationId: id },
      orderBy: [...RECONCILIATION_CELL_ORDER],
      include: { values: { where: { status: 'VERIFIED' }, select: { agencyId: true, value: true } } },
    });
    if (conflicts.length === 0) continue;
    const [indicators, agencies, holidays] = await Promise.all([
      db.indicator.findMany({
        where: { code: { in: [...new Set(conflicts.map((c) => c.indicatorCode))] } },
        orderBy: { version: 'desc' },
        select: { code: true, name: true },
      }),
      db.agency.findMany({
        where: { id: { in: [...new Set(conflicts.flatMap((c) => c.values.map((v) => v.agencyId)))] } },
        orderBy: { code: 'asc' },
      }),
      db.holiday.findMany(),
    ]);
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    const nameOf = (code: string) => indicators.find((i) => i.code === code)?.name ?? code;
    const cells: ReconciliationCell[] = conflicts.map((c) => ({
      conflictId: c.id,
      indicatorCode: c.indicatorCode,
      areaCode: c.areaCode,
      breakdown: c.breakdown,
      published: c.publishedValue === null ? null : Number(c.publishedValue),
      values: c.values.map((v) => ({
        agencyCode: codeOf.get(v.agencyId) ?? v.agencyId,
        value: Number(v.value),
      })),
    }));
    const label = (cell: ReconciliationCell) => {
      const area = areaName(cell.areaCode);
      return `${nameOf(cell.indicatorCode)}${cell.breakdown ? ` (${cell.breakdown})` : ''} — ${cell.areaCode}${
        area ? ` ${area}` : ''
      }`;
    };
    const periods = [...new Set(conflicts.map((c) => c.period))].join(', ');
    const steps: StepPlan[] = agencies.map((agency) => ({
      key: `rekonsiliasi-${agency.code.toLowerCase()}`,
      title: `Rekonsiliasi ${cells.length} sel — ${reconciliation.title}`,
      instructions:
        `Angka ${agency.code} berbeda dengan OPD lain (atau dengan angka yang sudah terbit) pada ${cells.length} ` +
        `sel, periode ${periods}. Jelaskan sumber dan metode angka Anda, lalu per sel beri penjelasan dan ` +
        'usulkan angka yang benar; walidata memutuskan angka yang disepakati.',
      agencyId: agency.id,
      agencyCode: agency.code,
      form: reconciliationForm(cells, agency.code, label),
      sla: { amount: 2, unit: 'workingDays' },
      dependsOn: [],
      escalation: stepLadder(),
    }));
    const input: ProjectInput = {
      projectId: id,
      title: `Rekonsiliasi data: ${reconciliation.title}`,
      description: `${cells.length} sel berbeda antara ${agencies.map((a) => a.code).join(', ')}.`,
      lead,
      templateId: null,
      parameters: { reconciliation: id, period: periods },
      steps,
      calendar: workCalendar(holidays, 'WORKING'),
    };
    try {
      await deps.temporal.workflow.start('jointProjectWorkflow', {
        workflowId: projectWorkflowId(id),
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

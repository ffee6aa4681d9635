import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Database } from '@gotong/database/prisma';
import { workCalendar } from '@gotong/domain/calendar';
import {
  cellsFromValues,
  confirmationCell,
  detectConflict,
  type DataRequestIndicator,
  periodOf,
  type IndicatorCell,
  type IndicatorStandard,
} from '@gotong/domain/data-standard';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import { DEFAULT_ESCALATION } from '@gotong/domain/template';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { type StepPlan } from '@gotong/contracts/task';
import { audit, type Tx } from '@gotong/database/audit';

/** What the worker needs to start reconciliation projects. */
export interface ReconciliationDeps {
  temporal: Client;
  taskQueue: string;
}

type Key = { indicatorCode: string; areaCode: string; period: string; breakdown: string };
const keyOf = (k: Key) => `${k.indicatorCode}|${k.areaCode}|${k.period}|${k.breakdown}`;

/**
 * Puts the figures of an accepted (verified) contribution into the one-door data store: the fields of a data
 * request, and fields of any other project or sitrep form that name an indicator. Each figure becomes a
 * VERIFIED DataValue traced to its contribution (an OPD's earlier figure for the same key is superseded).
 * Then per key: all OPDs agree → published; they disagree → a conflict is opened (once per key) for
 * reconciliation. Runs inside the transaction that records the acceptance; idempotent.
 * Returns the ids of conflicts that are open for the keys touched.
 */
export async function recordVerifiedData(
  tx: Tx,
  input: { contributionId: string; taskId: string; projectId: string; actor: Actor | null; at: Date },
): Promise<string[]> {
  const contribution = await tx.contribution.findUniqueOrThrow({
    where: { id: input.contributionId },
    select: {
      values: true,
      submittedById: true,
      submittedAt: true,
      task: {
        select: {
          agencyId: true,
          form: true,
          project: { select: { incident: { select: { id: true } } } },
        },
      },
    },
  });
  const values = contribution.values as Record<string, unknown>;
  const request = await tx.dataRequest.findUnique({ where: { projectId: input.projectId } });

  const cells: { cell: IndicatorCell; version: number; period: string; fieldKey: string }[] = [];
  let source: 'DATA_REQUEST' | 'PROJECT' | 'SITREP';
  if (request) {
    source = 'DATA_REQUEST';
    for (const wanted of request.indicators as unknown as DataRequestIndicator[]) {
      const standard = await standardOf(tx, wanted.code, wanted.version);
      if (!standard) continue;
      for (const cell of cellsFromValues(standard, values)) {
        cells.push({ cell, version: wanted.version, period: request.period, fieldKey: '' });
      }
    }
  } else {
    source = contribution.task.project.incident ? 'SITREP' : 'PROJECT';
    const form = contribution.task.form as unknown as FormSchema | null;
    for (const field of form?.fields ?? []) {
      if (!field.indicator) continue;
      const latest = await tx.indicator.findFirst({
        where: { code: field.indicator },
        orderBy: { version: 'desc' },
        select: { version: true, standard: true },
      });
      if (!latest) continue;
      const standard = latest.standard as unknown as IndicatorStandard;
      const raw = values[field.key];
      const period = periodOf(contribution.submittedAt.getTime(), standard.periodicity);
      const entries: [string, unknown][] =
        field.perArea && raw && typeof raw === 'object' ? Object.entries(raw) : [['35.13', raw]];
      for (const [areaCode, value] of entries) {
        if (typeof value !== 'number') continue;
        cells.push({
          cell: { indicatorCode: standard.code, areaCode, breakdown: '', value },
          version: latest.version,
          period,
          fieldKey: field.key,
        });
      }
    }
  }
  if (cells.length === 0) return [];

  const confirmations = new Map(
    (await tx.dataConfirmation.findMany({ where: { taskId: input.taskId } })).map((c) => [c.cell, c.reason]),
  );
  const touched = new Map<string, Key & { version: number }>();
  for (const { cell, version, period } of cells) {
    const key: Key = {
      indicatorCode: cell.indicatorCode,
      areaCode: cell.areaCode,
      period,
      breakdown: cell.breakdown,
    };
    touched.set(keyOf(key), { ...key, version });
    const confirmation =
      confirmations.get(confirmationCell(cell)) ??
      confirmations.get(`${cell.indicatorCode}.${cell.areaCode}`) ??
      null;
    const written = await tx.dataValue.upsert({
      where: {
        contributionId_indicatorCode_areaCode_breakdown: {
          contributionId: input.contributionId,
          indicatorCode: cell.indicatorCode,
          areaCode: cell.areaCode,
          breakdown: cell.breakdown,
        },
      },
      create: {
        ...key,
        indicatorVersion: version,
        value: cell.value,
        agencyId: contribution.task.agencyId,
        source,
        contributionId: input.contributionId,
        taskId: input.taskId,
        projectId: input.projectId,
        submittedById: contribution.submittedById,
        submittedAt: contribution.submittedAt,
        verifiedById: input.actor?.userId ?? null,
        verifiedAt: input.at,
        confirmation,
      },
      update: {},
      select: { id: true },
    });
    // The OPD's newer verified figure replaces its earlier one for the same key.
    await tx.dataValue.updateMany({
      where: { ...key, agencyId: contribution.task.agencyId, status: 'VERIFIED', id: { not: written.id } },
      data: { status: 'SUPERSEDED' },
    });
  }

  const open: string[] = [];
  for (const key of touched.values()) {
    const conflictId = await publishOrFlag(tx, key, input.at);
    if (conflictId) open.push(conflictId);
  }
  return open;
}

async function standardOf(tx: Tx, code: string, version: number): Promise<IndicatorStandard | null> {
  const row = await tx.indicator.findUnique({
    where: { code_version: { code, version } },
    select: { standard: true },
  });
  return row ? (row.standard as unknown as IndicatorStandard) : null;
}

/** Publishes the key when the OPDs' current figures agree; opens (or joins) a conflict when they do not. */
async function publishOrFlag(tx: Tx, key: Key & { version: number }, at: Date): Promise<string | null> {
  const { version, ...where } = key;
  const current = await tx.dataValue.findMany({
    where: { ...where, status: 'VERIFIED' },
    select: { id: true, value: true, agencyId: true, conflictId: true },
    orderBy: { verifiedAt: 'asc' },
  });
  const openKey = keyOf(key);
  const existing = await tx.dataConflict.findUnique({ where: { openKey }, select: { id: true } });
  if (existing) {
    await tx.dataValue.updateMany({
      where: { id: { in: current.map((v) => v.id) } },
      data: { conflictId: existing.id },
    });
    return existing.id;
  }
  const check = detectConflict(current.map((v) => ({ agencyCode: v.agencyId, value: Number(v.value) })));
  switch (check.kind) {
    case 'none':
      return null;
    case 'agreed': {
      const data = {
        indicatorVersion: version,
        value: check.value,
        basis: current.length > 1 ? ('CONCORDANT' as const) : ('SINGLE' as const),
        valueIds: current.map((v) => v.id),
        conflictId: null,
        publishedAt: at,
      };
      await tx.publishedFigure.upsert({
        where: { indicatorCode_areaCode_period_breakdown: where },
        create: { ...where, ...data },
        update: data,
      });
      return null;
    }
    case 'conflict': {
      const conflict = await tx.dataConflict.create({
        data: { id: randomUUID(), ...where, openKey, openedAt: at },
        select: { id: true },
      });
      await tx.dataConflict.update({ where: { id: conflict.id }, data: { projectId: conflict.id } });
      // A figure one OPD alone stood for is withdrawn until the walidata decides; an earlier reconciled figure
      // stays published, flagged as disputed.
      await tx.publishedFigure.deleteMany({ where: { ...where, basis: { not: 'RECONCILED' } } });
      await tx.dataValue.updateMany({
        where: { id: { in: current.map((v) => v.id) } },
        data: { conflictId: conflict.id },
      });
      await audit(tx, {
        eventKey: `data-conflict:${conflict.id}:opened`,
        action: 'DATA_CONFLICT_OPENED',
        detail: { ...where, values: check.values.map((v) => ({ agencyId: v.agencyCode, value: v.value })) },
        occurredAt: at,
      });
      return conflict.id;
    }
  }
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
      escalation: DEFAULT_ESCALATION,
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

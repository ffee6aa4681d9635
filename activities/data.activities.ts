import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '@gotong/database/prisma';
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
import {
  DATA_CONFLICT_NOT_FOUND,
  type ConflictResolution,
  type ConflictResolutionInput,
} from '@gotong/contracts/data';
import { TASK_NOT_OPEN } from '@gotong/contracts/failures';
import { audit, type Tx } from '@gotong/database/audit';

// Conflicts found here get their reconciliation project from the worker (see task.activities.ts).
export { startReconciliations, type ReconciliationDeps } from './data-reconciliation';

type Key = { indicatorCode: string; areaCode: string; period: string; breakdown: string };
const keyOf = (k: Key) => `${k.indicatorCode}|${k.areaCode}|${k.period}|${k.breakdown}`;

/**
 * Projections of the data workflows (workflows/data): the walidata's decision on a conflict. The figures of
 * verified contributions come in through the task activities (recordVerifiedData below).
 */
export function createDataActivities(db: Database) {
  return {
    /**
     * The walidata's decision: the agreed figure is published (basis RECONCILED), the OPDs' figures stay as
     * superseded history, and the conflict is closed, in one transaction. Keyed by the conflict id: a retry
     * of the same decision (same time and walidata) finds it done and answers the same; any other decision
     * on a closed conflict is refused (TASK_NOT_OPEN).
     */
    async resolveDataConflict(input: ConflictResolutionInput & { at: string }): Promise<ConflictResolution> {
      const at = new Date(input.at);
      const reasoning = input.reasoning.trim();
      const done: ConflictResolution = { id: input.conflictId, status: 'RESOLVED', agreedValue: input.value };
      return db.$transaction(async (tx) => {
        const found = await tx.dataConflict.findUnique({
          where: { id: input.conflictId },
          include: { values: true },
        });
        if (!found) {
          throw ApplicationFailure.nonRetryable(
            `conflict ${input.conflictId} not found`,
            DATA_CONFLICT_NOT_FOUND,
          );
        }
        if (found.status !== 'OPEN') {
          // The decision's workflow time and walidata identify it (the stored figure may be rounded).
          const sameDecision =
            found.resolvedById === input.actor.userId && found.resolvedAt?.getTime() === at.getTime();
          if (sameDecision) return done;
          throw ApplicationFailure.nonRetryable(
            `conflict ${input.conflictId} is already resolved`,
            TASK_NOT_OPEN,
          );
        }
        const { count } = await tx.dataConflict.updateMany({
          where: { id: input.conflictId, status: 'OPEN' },
          data: {
            status: 'RESOLVED',
            openKey: null,
            agreedValue: input.value,
            reasoning,
            resolvedById: input.actor.userId,
            resolvedAt: at,
          },
        });
        if (count === 0) {
          throw ApplicationFailure.nonRetryable(
            `conflict ${input.conflictId} is already resolved`,
            TASK_NOT_OPEN,
          );
        }
        const key = {
          indicatorCode: found.indicatorCode,
          areaCode: found.areaCode,
          period: found.period,
          breakdown: found.breakdown,
        };
        await tx.dataValue.updateMany({
          where: { id: { in: found.values.filter((v) => v.status === 'VERIFIED').map((v) => v.id) } },
          data: { status: 'SUPERSEDED' },
        });
        const data = {
          indicatorVersion: Math.max(...found.values.map((v) => v.indicatorVersion), 1),
          value: input.value,
          basis: 'RECONCILED' as const,
          valueIds: found.values.map((v) => v.id),
          conflictId: input.conflictId,
          publishedAt: at,
        };
        await tx.publishedFigure.upsert({
          where: { indicatorCode_areaCode_period_breakdown: key },
          create: { ...key, ...data },
          update: data,
        });
        await audit(tx, {
          eventKey: `data-conflict:${input.conflictId}:resolved`,
          action: 'DATA_CONFLICT_RESOLVED',
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { ...key, value: input.value, reasoning },
          occurredAt: at,
        });
        return done;
      });
    },
  };
}

/**
 * A data-request producer's reasons for figures that jump from the previous period (keyed by cell, as the
 * API's 400 names them), recorded with the submission the task workflow accepted, in its transaction;
 * recordVerifiedData attaches them to the figures when the contribution is verified. Idempotent.
 */
export async function recordConfirmations(
  tx: Tx,
  input: { taskId: string; confirmations: Record<string, string>; userId: string },
): Promise<void> {
  for (const [cell, given] of Object.entries(input.confirmations)) {
    const reason = typeof given === 'string' ? given.trim().slice(0, 2000) : '';
    if (reason === '') continue;
    await tx.dataConfirmation.upsert({
      where: { taskId_cell: { taskId: input.taskId, cell } },
      create: { taskId: input.taskId, cell, reason, userId: input.userId },
      update: { reason, userId: input.userId },
    });
  }
}

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

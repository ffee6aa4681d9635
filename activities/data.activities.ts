import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Database } from '@gotong/database/prisma';
import {
  cellsFromValues,
  checkRevision,
  confirmationCell,
  decidePublication,
  type DataRequestIndicator,
  periodOf,
  type IndicatorCell,
  type IndicatorStandard,
} from '@gotong/domain/data-standard';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';
import {
  DATA_CONFLICT_NOT_FOUND,
  DATA_RECONCILIATION_NOT_FOUND,
  type ConflictResolution,
  type ConflictResolutionInput,
  type FigureRevision,
  type FigureRevisionInput,
  type ReconciliationDecision,
  type ReconciliationDecisionInput,
} from '@gotong/contracts/data';
import { INVALID_REQUEST, TASK_NOT_OPEN } from '@gotong/contracts/failures';
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
     * The walidata's decision on one conflict: the agreed figure is published (basis RECONCILED; a different
     * figure published before is kept in published_figure_revision), the OPDs' figures stay as superseded
     * history, and the conflict is closed (its reconciliation too once no cell is left open), in one
     * transaction. Keyed by the conflict id: a retry of the same decision (same time and walidata) finds it
     * done and answers the same; any other decision on a closed conflict is refused (TASK_NOT_OPEN).
     */
    async resolveDataConflict(input: ConflictResolutionInput & { at: string }): Promise<ConflictResolution> {
      const at = new Date(input.at);
      return db.$transaction(async (tx) => {
        const done = await resolveOne(
          tx,
          input.conflictId,
          input.value,
          input.reasoning.trim(),
          input.actor,
          at,
        );
        await closeReconciliations(tx, [input.conflictId], input.actor, at);
        return done;
      });
    },

    /**
     * The walidata's decisions on a reconciliation, cell by cell (bulk acceptances already expanded), all or
     * nothing in one transaction; the reconciliation is RESOLVED when no cell is left open. A retry of the same
     * decision (same time and walidata) answers the same; a cell decided otherwise before is refused.
     */
    async resolveReconciliation(
      input: ReconciliationDecisionInput & { at: string },
    ): Promise<ReconciliationDecision> {
      const at = new Date(input.at);
      const reasoning = input.reasoning.trim();
      return db.$transaction(
        async (tx) => {
          const found = await tx.dataReconciliation.findUnique({
            where: { id: input.reconciliationId },
            select: { id: true, conflicts: { select: { id: true } } },
          });
          if (!found) {
            throw ApplicationFailure.nonRetryable(
              `reconciliation ${input.reconciliationId} not found`,
              DATA_RECONCILIATION_NOT_FOUND,
            );
          }
          const mine = new Set(found.conflicts.map((c) => c.id));
          const decided: ConflictResolution[] = [];
          for (const d of input.decisions) {
            if (!mine.has(d.conflictId)) {
              throw ApplicationFailure.nonRetryable(
                `conflict ${d.conflictId} is not part of reconciliation ${found.id}`,
                INVALID_REQUEST,
              );
            }
            decided.push(await resolveOne(tx, d.conflictId, d.value, reasoning, input.actor, at));
          }
          const status = await closeReconciliations(
            tx,
            input.decisions.map((d) => d.conflictId),
            input.actor,
            at,
          );
          return {
            id: found.id,
            decisionId: input.decisionId,
            status: status.get(found.id) ?? 'OPEN',
            decided,
          };
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
    },

    /**
     * An explicit revision of a published figure by the walidata, with its reason: the old figure goes into
     * published_figure_revision, the new one is published (basis RECONCILED, on the walidata's authority), and
     * the revision is an audit event. Keyed by the revision id (a retry answers the same). Refused without a
     * published figure (DATA_CONFLICT_NOT_FOUND), without a reason or with the same figure (INVALID_REQUEST).
     */
    async revisePublishedFigure(input: FigureRevisionInput & { at: string }): Promise<FigureRevision> {
      const at = new Date(input.at);
      const reason = input.reason.trim();
      const key = {
        indicatorCode: input.indicatorCode,
        areaCode: input.areaCode,
        period: input.period,
        breakdown: input.breakdown,
      };
      return db.$transaction(async (tx) => {
        const earlier = await tx.publishedFigureRevision.findUnique({ where: { id: input.revisionId } });
        if (earlier) {
          return { id: earlier.id, oldValue: Number(earlier.oldValue), value: Number(earlier.newValue) };
        }
        const published = await tx.publishedFigure.findUnique({
          where: { indicatorCode_areaCode_period_breakdown: key },
        });
        if (!published) {
          throw ApplicationFailure.nonRetryable(
            `no published figure for ${keyOf(key)}`,
            DATA_CONFLICT_NOT_FOUND,
          );
        }
        const problems = checkRevision({ value: Number(published.value) }, input.value, reason);
        if (problems.length > 0) throw ApplicationFailure.nonRetryable(problems.join('; '), INVALID_REQUEST);
        await tx.publishedFigureRevision.create({
          data: {
            id: input.revisionId,
            ...key,
            oldValue: published.value,
            oldBasis: published.basis,
            oldConflictId: published.conflictId,
            oldPublishedAt: published.publishedAt,
            newValue: input.value,
            newBasis: 'RECONCILED',
            kind: 'REVISION',
            reason,
            revisedById: input.actor.userId,
            revisedAt: at,
          },
        });
        await tx.publishedFigure.update({
          where: { indicatorCode_areaCode_period_breakdown: key },
          data: { value: input.value, basis: 'RECONCILED', conflictId: null, publishedAt: at },
        });
        await audit(tx, {
          eventKey: `published-figure-revision:${input.revisionId}`,
          action: 'PUBLISHED_FIGURE_REVISED',
          actorUserId: input.actor.userId,
          actorAgencyId: input.actor.agencyId,
          detail: { ...key, oldValue: Number(published.value), value: input.value, reason },
          occurredAt: at,
        });
        return { id: input.revisionId, oldValue: Number(published.value), value: input.value };
      });
    },
  };
}

/**
 * Decides one conflict inside the caller's transaction: closes it, supersedes the OPDs' figures and publishes
 * the agreed figure as RECONCILED, keeping a different earlier published figure in the revision history.
 */
async function resolveOne(
  tx: Tx,
  conflictId: string,
  value: number,
  reasoning: string,
  actor: Actor,
  at: Date,
): Promise<ConflictResolution> {
  const done: ConflictResolution = { id: conflictId, status: 'RESOLVED', agreedValue: value };
  const found = await tx.dataConflict.findUnique({ where: { id: conflictId }, include: { values: true } });
  if (!found) {
    throw ApplicationFailure.nonRetryable(`conflict ${conflictId} not found`, DATA_CONFLICT_NOT_FOUND);
  }
  if (found.status !== 'OPEN') {
    // The decision's workflow time and walidata identify it (the stored figure may be rounded).
    const sameDecision = found.resolvedById === actor.userId && found.resolvedAt?.getTime() === at.getTime();
    if (sameDecision) return done;
    throw ApplicationFailure.nonRetryable(`conflict ${conflictId} is already resolved`, TASK_NOT_OPEN);
  }
  const { count } = await tx.dataConflict.updateMany({
    where: { id: conflictId, status: 'OPEN' },
    data: {
      status: 'RESOLVED',
      openKey: null,
      agreedValue: value,
      reasoning,
      resolvedById: actor.userId,
      resolvedAt: at,
    },
  });
  if (count === 0) {
    throw ApplicationFailure.nonRetryable(`conflict ${conflictId} is already resolved`, TASK_NOT_OPEN);
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
  const before = await tx.publishedFigure.findUnique({
    where: { indicatorCode_areaCode_period_breakdown: key },
  });
  const data = {
    indicatorVersion: Math.max(...found.values.map((v) => v.indicatorVersion), 1),
    value,
    basis: 'RECONCILED' as const,
    valueIds: found.values.map((v) => v.id),
    conflictId,
    publishedAt: at,
  };
  if (before && Math.round(Number(before.value) * 10_000) !== Math.round(value * 10_000)) {
    // The disputed figure gives way to the decision: it is kept in the history with the decision's reasoning.
    await tx.publishedFigureRevision.create({
      data: {
        ...key,
        oldValue: before.value,
        oldBasis: before.basis,
        oldConflictId: before.conflictId,
        oldPublishedAt: before.publishedAt,
        newValue: value,
        newBasis: 'RECONCILED',
        kind: 'RECONCILIATION',
        reason: reasoning,
        conflictId,
        revisedById: actor.userId,
        revisedAt: at,
      },
    });
  }
  await tx.publishedFigure.upsert({
    where: { indicatorCode_areaCode_period_breakdown: key },
    create: { ...key, ...data },
    update: data,
  });
  await audit(tx, {
    eventKey: `data-conflict:${conflictId}:resolved`,
    action: 'DATA_CONFLICT_RESOLVED',
    actorUserId: actor.userId,
    actorAgencyId: actor.agencyId,
    detail: {
      ...key,
      value,
      reasoning,
      ...(before ? { previous: Number(before.value), previousBasis: before.basis } : {}),
    },
    occurredAt: at,
  });
  return done;
}

/** Marks RESOLVED the reconciliations of these conflicts that have no open cell left; answers their status. */
async function closeReconciliations(
  tx: Tx,
  conflictIds: string[],
  actor: Actor,
  at: Date,
): Promise<Map<string, 'OPEN' | 'RESOLVED'>> {
  const rows = await tx.dataConflict.findMany({
    where: { id: { in: conflictIds }, reconciliationId: { not: null } },
    select: { reconciliationId: true },
  });
  const status = new Map<string, 'OPEN' | 'RESOLVED'>();
  for (const id of new Set(rows.map((r) => r.reconciliationId!))) {
    const open = await tx.dataConflict.count({ where: { reconciliationId: id, status: 'OPEN' } });
    if (open > 0) {
      status.set(id, 'OPEN');
      continue;
    }
    const { count } = await tx.dataReconciliation.updateMany({
      where: { id, status: 'OPEN' },
      data: { status: 'RESOLVED', openKey: null, resolvedAt: at },
    });
    if (count > 0) {
      await audit(tx, {
        eventKey: `data-reconciliation:${id}:resolved`,
        action: 'DATA_RECONCILIATION_RESOLVED',
        actorUserId: actor.userId,
        actorAgencyId: actor.agencyId,
        detail: { reconciliationId: id },
        occurredAt: at,
      });
    }
    status.set(id, 'RESOLVED');
  }
  return status;
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
  if (open.length > 0) {
    const project = await tx.jointProject.findUnique({
      where: { id: input.projectId },
      select: { title: true },
    });
    await gatherIntoReconciliation(
      tx,
      open,
      { projectId: input.projectId, title: project?.title ?? request?.title ?? input.projectId },
      input.at,
    );
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

/**
 * Publishes the key when the OPDs' current figures agree and nothing different is published; opens (or joins)
 * a conflict when they disagree among themselves or with the published figure (decisions stick: a reconciled
 * or otherwise published figure is never replaced silently). A figure equal to a reconciled one only adds
 * support.
 */
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
  const published = await tx.publishedFigure.findUnique({
    where: { indicatorCode_areaCode_period_breakdown: where },
  });
  const outcome = decidePublication(
    current.map((v) => ({ agencyCode: v.agencyId, value: Number(v.value) })),
    published ? { value: Number(published.value), basis: published.basis } : null,
  );
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'support': {
      await tx.publishedFigure.update({
        where: { indicatorCode_areaCode_period_breakdown: where },
        data: { valueIds: [...new Set([...published!.valueIds, ...current.map((v) => v.id)])] },
      });
      return null;
    }
    case 'publish': {
      const data = {
        indicatorVersion: version,
        value: outcome.value,
        basis: outcome.basis,
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
      const currentIds = new Set(current.map((v) => v.id));
      // A figure that rests only on figures now in dispute (e.g. the one OPD of this request verified first)
      // was provisional: it is withdrawn until the walidata decides. A figure published before (reconciled, or
      // from an earlier request) stays published, flagged as disputed, and the conflict names it.
      const provisional =
        published !== null &&
        published.basis !== 'RECONCILED' &&
        published.valueIds.every((id) => currentIds.has(id));
      const conflict = await tx.dataConflict.create({
        data: {
          id: randomUUID(),
          ...where,
          openKey,
          openedAt: at,
          publishedValue: published && !provisional ? published.value : null,
        },
        select: { id: true },
      });
      if (provisional) await tx.publishedFigure.deleteMany({ where });
      await tx.dataValue.updateMany({
        where: { id: { in: current.map((v) => v.id) } },
        data: { conflictId: conflict.id },
      });
      await audit(tx, {
        eventKey: `data-conflict:${conflict.id}:opened`,
        action: 'DATA_CONFLICT_OPENED',
        detail: {
          ...where,
          values: outcome.values.map((v) => ({ agencyId: v.agencyCode, value: v.value })),
          ...(published && !provisional
            ? { published: Number(published.value), basis: published.basis }
            : {}),
        },
        occurredAt: at,
      });
      return conflict.id;
    }
  }
}

/**
 * Gathers newly opened conflicts into the open reconciliation of their source (the data request's or other
 * project's project), creating it when there is none: one reconciliation per request, not one per cell. The
 * reconciliation's id is also its explanation project's id (startReconciliations starts it).
 */
async function gatherIntoReconciliation(
  tx: Tx,
  conflictIds: string[],
  source: { projectId: string; title: string },
  at: Date,
): Promise<void> {
  const loose = await tx.dataConflict.findMany({
    where: { id: { in: conflictIds }, status: 'OPEN', reconciliationId: null },
    select: { id: true },
  });
  if (loose.length === 0) return;
  const open = await tx.dataReconciliation.findUnique({
    where: { openKey: source.projectId },
    select: { id: true },
  });
  const id = open?.id ?? randomUUID();
  if (!open) {
    await tx.dataReconciliation.create({
      data: {
        id,
        sourceProjectId: source.projectId,
        openKey: source.projectId,
        projectId: id,
        title: source.title,
        openedAt: at,
      },
    });
    await audit(tx, {
      eventKey: `data-reconciliation:${id}:opened`,
      action: 'DATA_RECONCILIATION_OPENED',
      projectId: source.projectId,
      detail: { reconciliationId: id, cells: loose.length },
      occurredAt: at,
    });
  }
  await tx.dataConflict.updateMany({
    where: { id: { in: loose.map((c) => c.id) } },
    data: { reconciliationId: id, projectId: id },
  });
}

import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma } from '@gotong/database/generated/prisma/client';
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
import {
  INCIDENT_NOT_FOUND,
  INCIDENT_STILL_OPEN,
  type IncidentFiguresInput,
  type IncidentFiguresPublication,
} from '@gotong/contracts/incident-figures';
import { audit, auditMany, type Tx } from '@gotong/database/audit';
import { startReconciliations, type ReconciliationDeps } from './data-reconciliation';

// Conflicts found here get their reconciliation project from the worker (see task.activities.ts).
export { startReconciliations, type ReconciliationDeps } from './data-reconciliation';

type Key = { indicatorCode: string; areaCode: string; period: string; breakdown: string };
const keyOf = (k: Key) => `${k.indicatorCode}|${k.areaCode}|${k.period}|${k.breakdown}`;

/**
 * Transactions that write a whole request's figures (~1,650 cells per OPD for the regency): set-based, so a few
 * seconds at most, and ended well within the projection activity's 30 s start-to-close timeout (a retry never
 * overlaps a transaction still running).
 */
export const TRANSACTION_TIMEOUT_MS = 25_000;
export const TRANSACTION_MAX_WAIT_MS = 4_000;

/**
 * Projections of the data workflows (workflows/data): the walidata's decision on a conflict. The figures of
 * verified contributions come in through the task activities (recordVerifiedData below).
 */
export function createDataActivities(db: Database, reconciliation?: ReconciliationDeps) {
  return {
    /**
     * The walidata publishes a closed incident's sitrep figures: each OPD's held figure (its latest sitrep per
     * indicator, desa and period) becomes VERIFIED (an older verified figure of the same OPD is superseded, a
     * newer one wins) and goes through the normal publication path: agreeing → published or support, differing
     * → a conflict, all gathered into one reconciliation for the incident. Idempotent: a second call finds
     * nothing held and publishes nothing new. Audited. Refused for an unknown or still open incident.
     */
    async publishIncidentFigures(
      input: IncidentFiguresInput & { at: string },
    ): Promise<IncidentFiguresPublication> {
      const at = new Date(input.at);
      const result = await db.$transaction(
        async (tx) => {
          const incident = await tx.incident.findUnique({
            where: { id: input.incidentId },
            select: { id: true, projectId: true, status: true, title: true },
          });
          if (!incident) {
            throw ApplicationFailure.nonRetryable(
              `incident ${input.incidentId} not found`,
              INCIDENT_NOT_FOUND,
            );
          }
          if (incident.status !== 'CLOSED') {
            throw ApplicationFailure.nonRetryable(
              `incident ${incident.id} is still open: its sitrep figures are published after it closes`,
              INCIDENT_STILL_OPEN,
            );
          }
          return releaseHeldFigures(tx, incident, input, at);
        },
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
      );
      if (result.conflicts.length > 0 && reconciliation) {
        await startReconciliations(db, reconciliation, result.conflicts, input.actor);
      }
      return result;
    },

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
        const [done] = await resolveMany(
          tx,
          [{ conflictId: input.conflictId, value: input.value }],
          input.reasoning.trim(),
          input.actor,
          at,
        );
        await closeReconciliations(tx, [input.conflictId], input.actor, at);
        return done!;
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
          for (const d of input.decisions) {
            if (!mine.has(d.conflictId)) {
              throw ApplicationFailure.nonRetryable(
                `conflict ${d.conflictId} is not part of reconciliation ${found.id}`,
                INVALID_REQUEST,
              );
            }
          }
          // Every cell at once (set-based): a regency-wide bulk acceptance is hundreds of cells.
          const decided = await resolveMany(tx, input.decisions, reasoning, input.actor, at);
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
        // Within the projection activity's 30 s start-to-close timeout, so a retry never overlaps it.
        { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_MAX_WAIT_MS },
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
 * Decides conflicts inside the caller's transaction, all at once (set-based: a bulk acceptance over the whole
 * regency is hundreds of cells): closes them, supersedes the OPDs' figures and publishes each agreed figure as
 * RECONCILED, keeping a different earlier published figure in the revision history. A conflict decided before
 * by the same decision (same walidata and time: a retry) is answered as done; otherwise a closed conflict is
 * refused (TASK_NOT_OPEN).
 */
async function resolveMany(
  tx: Tx,
  decisions: { conflictId: string; value: number }[],
  reasoning: string,
  actor: Actor,
  at: Date,
): Promise<ConflictResolution[]> {
  const done = decisions.map((d): ConflictResolution => ({
    id: d.conflictId,
    status: 'RESOLVED',
    agreedValue: d.value,
  }));
  const found = new Map(
    (
      await tx.dataConflict.findMany({
        where: { id: { in: decisions.map((d) => d.conflictId) } },
        include: { values: true },
      })
    ).map((c) => [c.id, c]),
  );
  const todo = [];
  for (const d of decisions) {
    const conflict = found.get(d.conflictId);
    if (!conflict) {
      throw ApplicationFailure.nonRetryable(`conflict ${d.conflictId} not found`, DATA_CONFLICT_NOT_FOUND);
    }
    if (conflict.status !== 'OPEN') {
      // The decision's workflow time and walidata identify it (the stored figure may be rounded).
      const sameDecision =
        conflict.resolvedById === actor.userId && conflict.resolvedAt?.getTime() === at.getTime();
      if (sameDecision) continue;
      throw ApplicationFailure.nonRetryable(`conflict ${d.conflictId} is already resolved`, TASK_NOT_OPEN);
    }
    todo.push({ ...d, conflict, key: keyFields(conflict) });
  }
  if (todo.length === 0) return done;

  const closed = await tx.$executeRaw`
    UPDATE data_conflict AS c
    SET status = 'RESOLVED', open_key = NULL, agreed_value = d.value::numeric, reasoning = ${reasoning},
        resolved_by_id = ${actor.userId}::uuid, resolved_at = ${at}::timestamptz
    FROM unnest(${todo.map((t) => t.conflictId)}::uuid[], ${todo.map((t) => String(t.value))}::text[])
      AS d(id, value)
    WHERE c.id = d.id AND c.status = 'OPEN'`;
  if (closed !== todo.length) {
    throw ApplicationFailure.nonRetryable(
      'a conflict of this decision was resolved meanwhile',
      TASK_NOT_OPEN,
    );
  }
  await tx.dataValue.updateMany({
    where: {
      id: {
        in: todo.flatMap((t) => t.conflict.values.filter((v) => v.status === 'VERIFIED').map((v) => v.id)),
      },
    },
    data: { status: 'SUPERSEDED' },
  });
  const before = new Map(
    (await tx.publishedFigure.findMany({ where: keySpan(todo.map((t) => t.key)) })).map((p) => [keyOf(p), p]),
  );
  const revisions: Prisma.PublishedFigureRevisionCreateManyInput[] = [];
  const rows: PublishRow[] = [];
  const events: Prisma.AuditEventCreateManyInput[] = [];
  for (const { conflictId, value, conflict, key } of todo) {
    const earlier = before.get(keyOf(key));
    if (earlier && Math.round(Number(earlier.value) * 10_000) !== Math.round(value * 10_000)) {
      // The disputed figure gives way to the decision: it is kept in the history with the decision's reasoning.
      revisions.push({
        ...key,
        oldValue: earlier.value,
        oldBasis: earlier.basis,
        oldConflictId: earlier.conflictId,
        oldPublishedAt: earlier.publishedAt,
        newValue: value,
        newBasis: 'RECONCILED',
        kind: 'RECONCILIATION',
        reason: reasoning,
        conflictId,
        revisedById: actor.userId,
        revisedAt: at,
      });
    }
    rows.push({
      ...key,
      indicatorVersion: Math.max(...conflict.values.map((v) => v.indicatorVersion), 1),
      value,
      basis: 'RECONCILED',
      valueIds: conflict.values.map((v) => v.id),
      conflictId,
    });
    events.push({
      eventKey: `data-conflict:${conflictId}:resolved`,
      action: 'DATA_CONFLICT_RESOLVED',
      actorUserId: actor.userId,
      actorAgencyId: actor.agencyId,
      detail: {
        ...key,
        value,
        reasoning,
        ...(earlier ? { previous: Number(earlier.value), previousBasis: earlier.basis } : {}),
      },
      occurredAt: at,
    });
  }
  if (revisions.length > 0) await tx.publishedFigureRevision.createMany({ data: revisions });
  await upsertPublished(tx, rows, at);
  await auditMany(tx, events);
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
          project: { select: { incident: { select: { id: true, declaredAt: true } } } },
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
    const incident = contribution.task.project.incident;
    source = incident ? 'SITREP' : 'PROJECT';
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
      // A sitrep figure's period is the one the incident was declared in (every sitrep of it, one period).
      const period = periodOf(
        (incident?.declaredAt ?? contribution.submittedAt).getTime(),
        standard.periodicity,
      );
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
  const agencyId = contribution.task.agencyId;
  const touched = new Map<string, Key & { version: number }>();
  // One row per cell of the contribution (the first figure for a cell wins, as its unique key wants).
  const rows = new Map<string, Prisma.DataValueCreateManyInput>();
  for (const { cell, version, period } of cells) {
    const key: Key = {
      indicatorCode: cell.indicatorCode,
      areaCode: cell.areaCode,
      period,
      breakdown: cell.breakdown,
    };
    touched.set(keyOf(key), { ...key, version });
    const cellKey = `${cell.indicatorCode}|${cell.areaCode}|${cell.breakdown}`;
    if (rows.has(cellKey)) continue;
    rows.set(cellKey, {
      ...key,
      indicatorVersion: version,
      value: cell.value,
      agencyId,
      source,
      contributionId: input.contributionId,
      taskId: input.taskId,
      projectId: input.projectId,
      submittedById: contribution.submittedById,
      submittedAt: contribution.submittedAt,
      verifiedById: input.actor?.userId ?? null,
      verifiedAt: input.at,
      // Held, neither published nor reconciled, while the incident is open (publishIncidentFigures).
      status: source === 'SITREP' ? 'HELD' : 'VERIFIED',
      confirmation:
        confirmations.get(confirmationCell(cell)) ??
        confirmations.get(`${cell.indicatorCode}.${cell.areaCode}`) ??
        null,
    });
  }
  // Set-based (a whole-regency request is ~1,650 cells per OPD): one INSERT … ON CONFLICT DO NOTHING (a retried
  // activity writes nothing twice), then one UPDATE: the OPD's newer verified figures replace its earlier ones
  // for the same keys.
  await tx.dataValue.createMany({ data: [...rows.values()], skipDuplicates: true });
  await tx.$executeRaw`
    UPDATE data_value AS d SET status = 'SUPERSEDED'
    FROM data_value AS w
    WHERE w.contribution_id = ${input.contributionId}::uuid
      AND d.indicator_code = w.indicator_code AND d.area_code = w.area_code
      AND d.period = w.period AND d.breakdown = w.breakdown
      AND d.agency_id = ${agencyId}::uuid AND d.status = w.status AND d.id <> w.id`;
  // A sitrep's figures wait for the incident to close: no publication, no reconciliation mid-emergency.
  if (source === 'SITREP') return [];

  const open = await publishOrFlag(tx, [...touched.values()], input.at);
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

const keyFields = (k: Key): Key => ({
  indicatorCode: k.indicatorCode,
  areaCode: k.areaCode,
  period: k.period,
  breakdown: k.breakdown,
});

/** A filter that spans the keys (a superset: rows are matched to the keys by keyOf in memory). */
function keySpan(keys: Key[]) {
  const each = (pick: (k: Key) => string) => ({ in: [...new Set(keys.map(pick))] });
  return {
    indicatorCode: each((k) => k.indicatorCode),
    areaCode: each((k) => k.areaCode),
    period: each((k) => k.period),
    breakdown: each((k) => k.breakdown),
  };
}

/**
 * Per key: publishes it when the OPDs' current figures agree and nothing different is published; opens (or
 * joins) a conflict when they disagree among themselves or with the published figure (decisions stick: a
 * reconciled or otherwise published figure is never replaced silently). A figure equal to a reconciled one only
 * adds support. Set-based: the keys' verified figures, open conflicts and published figures are read in one
 * query each, decided in memory (decidePublication) and written in batches. Answers the ids of the conflicts
 * open for the keys.
 */
async function publishOrFlag(tx: Tx, keys: (Key & { version: number })[], at: Date): Promise<string[]> {
  const span = keySpan(keys);
  const wanted = new Set(keys.map(keyOf));
  const currentOf = new Map<string, { id: string; value: number; agencyId: string }[]>();
  const verified = await tx.dataValue.findMany({
    where: { ...span, status: 'VERIFIED' },
    select: {
      id: true,
      value: true,
      agencyId: true,
      indicatorCode: true,
      areaCode: true,
      period: true,
      breakdown: true,
    },
    orderBy: [{ verifiedAt: 'asc' }, { id: 'asc' }],
  });
  for (const v of verified) {
    const k = keyOf(v);
    if (!wanted.has(k)) continue;
    const list = currentOf.get(k) ?? [];
    list.push({ id: v.id, value: Number(v.value), agencyId: v.agencyId });
    currentOf.set(k, list);
  }
  const existing = new Map(
    (
      await tx.dataConflict.findMany({
        where: { openKey: { in: [...wanted] } },
        select: { id: true, openKey: true },
      })
    ).map((c) => [c.openKey!, c.id]),
  );
  const publishedOf = new Map(
    (await tx.publishedFigure.findMany({ where: span }))
      .filter((p) => wanted.has(keyOf(p)))
      .map((p) => [keyOf(p), p]),
  );

  const open: string[] = [];
  const joins: { valueId: string; conflictId: string }[] = [];
  const publish: PublishRow[] = [];
  const support: { key: Key; valueIds: string[] }[] = [];
  const opened: Prisma.DataConflictCreateManyInput[] = [];
  const withdrawn: Key[] = [];
  const events: Prisma.AuditEventCreateManyInput[] = [];
  for (const { version, ...rest } of keys) {
    const key = keyFields(rest);
    const openKey = keyOf(key);
    const current = currentOf.get(openKey) ?? [];
    const conflictId = existing.get(openKey);
    if (conflictId) {
      for (const v of current) joins.push({ valueId: v.id, conflictId });
      open.push(conflictId);
      continue;
    }
    const published = publishedOf.get(openKey) ?? null;
    const outcome = decidePublication(
      current.map((v) => ({ agencyCode: v.agencyId, value: v.value })),
      published ? { value: Number(published.value), basis: published.basis } : null,
    );
    switch (outcome.kind) {
      case 'none':
        break;
      case 'support':
        support.push({ key, valueIds: [...new Set([...published!.valueIds, ...current.map((v) => v.id)])] });
        break;
      case 'publish':
        publish.push({
          ...key,
          indicatorVersion: version,
          value: outcome.value,
          basis: outcome.basis,
          valueIds: current.map((v) => v.id),
          conflictId: null,
        });
        break;
      case 'conflict': {
        const currentIds = new Set(current.map((v) => v.id));
        // A figure that rests only on figures now in dispute (e.g. the one OPD of this request verified first)
        // was provisional: it is withdrawn until the walidata decides. A figure published before (reconciled,
        // or from an earlier request) stays published, flagged as disputed, and the conflict names it.
        const provisional =
          published !== null &&
          published.basis !== 'RECONCILED' &&
          published.valueIds.every((id) => currentIds.has(id));
        const id = randomUUID();
        opened.push({
          id,
          ...key,
          openKey,
          openedAt: at,
          publishedValue: published && !provisional ? published.value : null,
        });
        if (provisional) withdrawn.push(key);
        for (const v of current) joins.push({ valueId: v.id, conflictId: id });
        events.push({
          eventKey: `data-conflict:${id}:opened`,
          action: 'DATA_CONFLICT_OPENED',
          detail: {
            ...key,
            values: outcome.values.map((v) => ({ agencyId: v.agencyCode, value: v.value })),
            ...(published && !provisional
              ? { published: Number(published.value), basis: published.basis }
              : {}),
          },
          occurredAt: at,
        });
        open.push(id);
        break;
      }
    }
  }

  if (opened.length > 0) await tx.dataConflict.createMany({ data: opened });
  if (withdrawn.length > 0) {
    await tx.$executeRaw`
      DELETE FROM published_figure AS f
      USING unnest(${withdrawn.map((k) => k.indicatorCode)}::text[], ${withdrawn.map((k) => k.areaCode)}::text[],
                   ${withdrawn.map((k) => k.period)}::text[], ${withdrawn.map((k) => k.breakdown)}::text[])
        AS k(code, area, per, brk)
      WHERE f.indicator_code = k.code AND f.area_code = k.area AND f.period = k.per AND f.breakdown = k.brk`;
  }
  if (joins.length > 0) {
    await tx.$executeRaw`
      UPDATE data_value AS d SET conflict_id = j.conflict_id
      FROM unnest(${joins.map((j) => j.valueId)}::uuid[], ${joins.map((j) => j.conflictId)}::uuid[])
        AS j(id, conflict_id)
      WHERE d.id = j.id`;
  }
  await upsertPublished(tx, publish, at);
  if (support.length > 0) {
    await tx.$executeRaw`
      UPDATE published_figure AS f SET value_ids = string_to_array(s.ids, ',')
      FROM unnest(${support.map((s) => s.key.indicatorCode)}::text[], ${support.map((s) => s.key.areaCode)}::text[],
                  ${support.map((s) => s.key.period)}::text[], ${support.map((s) => s.key.breakdown)}::text[],
                  ${support.map((s) => s.valueIds.join(','))}::text[])
        AS s(code, area, per, brk, ids)
      WHERE f.indicator_code = s.code AND f.area_code = s.area AND f.period = s.per AND f.breakdown = s.brk`;
  }
  await auditMany(tx, events);
  return open;
}

type PublishRow = Key & {
  indicatorVersion: number;
  value: number;
  basis: 'SINGLE' | 'CONCORDANT' | 'RECONCILED';
  valueIds: string[];
  conflictId: string | null;
};

/** Publishes (creates or replaces) figures in one INSERT … ON CONFLICT DO UPDATE; the keys are distinct. */
async function upsertPublished(tx: Tx, rows: PublishRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: PublishRow) => T) => rows.map(pick);
  await tx.$executeRaw`
    INSERT INTO published_figure
      (indicator_code, area_code, period, breakdown, indicator_version, value, basis, value_ids, conflict_id, published_at)
    SELECT r.code, r.area, r.per, r.brk, r.version, r.value::numeric, r.basis::"PublicationBasis",
           string_to_array(r.ids, ','), r.conflict_id, ${at}::timestamptz
    FROM unnest(${col((r) => r.indicatorCode)}::text[], ${col((r) => r.areaCode)}::text[],
                ${col((r) => r.period)}::text[], ${col((r) => r.breakdown)}::text[],
                ${col((r) => r.indicatorVersion)}::int[], ${col((r) => String(r.value))}::text[],
                ${col((r) => r.basis)}::text[], ${col((r) => r.valueIds.join(','))}::text[],
                ${col((r) => r.conflictId)}::uuid[])
      AS r(code, area, per, brk, version, value, basis, ids, conflict_id)
    ON CONFLICT (indicator_code, area_code, period, breakdown) DO UPDATE SET
      indicator_version = EXCLUDED.indicator_version, value = EXCLUDED.value, basis = EXCLUDED.basis,
      value_ids = EXCLUDED.value_ids, conflict_id = EXCLUDED.conflict_id, published_at = EXCLUDED.published_at`;
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

/** Releases an incident's held sitrep figures into publication (publishIncidentFigures), in its transaction. */
async function releaseHeldFigures(
  tx: Tx,
  incident: { id: string; projectId: string; title: string },
  input: IncidentFiguresInput,
  at: Date,
): Promise<IncidentFiguresPublication> {
  const held = await tx.dataValue.findMany({
    where: { projectId: incident.projectId, status: 'HELD' },
    select: {
      id: true,
      indicatorCode: true,
      indicatorVersion: true,
      areaCode: true,
      period: true,
      breakdown: true,
    },
  });
  if (held.length === 0) {
    return { incidentId: incident.id, released: 0, published: 0, conflicts: [], reconciliationId: null };
  }
  const ids = held.map((h) => h.id);
  await tx.dataValue.updateMany({ where: { id: { in: ids } }, data: { status: 'VERIFIED' } });
  // One current figure per OPD and key: a newer verified figure of the same OPD wins over the sitrep's, the
  // sitrep's replaces an older one.
  await tx.$executeRaw`
    UPDATE data_value AS w SET status = 'SUPERSEDED'
    WHERE w.id = ANY(${ids}::uuid[]) AND EXISTS (
      SELECT 1 FROM data_value AS d
      WHERE d.indicator_code = w.indicator_code AND d.area_code = w.area_code AND d.period = w.period
        AND d.breakdown = w.breakdown AND d.agency_id = w.agency_id AND d.status = 'VERIFIED'
        AND (d.verified_at, d.id) > (w.verified_at, w.id))`;
  await tx.$executeRaw`
    UPDATE data_value AS d SET status = 'SUPERSEDED'
    FROM data_value AS w
    WHERE w.id = ANY(${ids}::uuid[]) AND w.status = 'VERIFIED'
      AND d.indicator_code = w.indicator_code AND d.area_code = w.area_code AND d.period = w.period
      AND d.breakdown = w.breakdown AND d.agency_id = w.agency_id AND d.status = 'VERIFIED' AND d.id <> w.id`;
  const keys = new Map<string, Key & { version: number }>();
  for (const h of held) {
    const k = keyOf(h);
    const version = Math.max(keys.get(k)?.version ?? 0, h.indicatorVersion);
    keys.set(k, { ...keyFields(h), version });
  }
  const open = await publishOrFlag(tx, [...keys.values()], at);
  let reconciliationId: string | null = null;
  if (open.length > 0) {
    await gatherIntoReconciliation(
      tx,
      open,
      { projectId: incident.projectId, title: `Sitrep: ${incident.title}` },
      at,
    );
    reconciliationId =
      (
        await tx.dataConflict.findFirst({
          where: { id: { in: open }, reconciliationId: { not: null } },
          select: { reconciliationId: true },
        })
      )?.reconciliationId ?? null;
  }
  const published = (await tx.publishedFigure.findMany({ where: keySpan([...keys.values()]) })).filter(
    (p) => keys.has(keyOf(p)) && p.valueIds.some((id) => ids.includes(id)),
  ).length;
  await audit(tx, {
    eventKey: `incident:${incident.id}:figures-published:${input.publicationId}`,
    action: 'INCIDENT_FIGURES_PUBLISHED',
    projectId: incident.projectId,
    actorUserId: input.actor.userId,
    actorAgencyId: input.actor.agencyId,
    detail: { incidentId: incident.id, released: held.length, published, conflicts: open.length },
    occurredAt: at,
  });
  return { incidentId: incident.id, released: held.length, published, conflicts: open, reconciliationId };
}

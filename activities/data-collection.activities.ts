import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { writeDataRequestRow } from '@gotong/database/first-rows';
import type { Database } from '@gotong/database/prisma';
import { deadlineFor, workCalendar } from '@gotong/domain/calendar';
import {
  collectionDeadline,
  isCollectionPeriodicity,
  type CollectionPeriodicity,
} from '@gotong/domain/data-standard/collections';
import { dataRequestProblems, planDataRequest, producersOf } from '@gotong/domain/data-standard/request-plan';
import type { IndicatorStandard } from '@gotong/domain/data-standard';
import type { Actor } from '@gotong/domain/roles';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import type { DataCollectionRunResult } from '@gotong/contracts/data-collection';
import type { ReconciliationDeps } from './data-reconciliation';

/** The failure type of a period that cannot be opened as defined (retrying would not help). */
export const COLLECTION_NOT_OPENABLE = 'CollectionNotOpenable';

/**
 * The data request id of a collection's period: a name-based UUID (the layout of RFC 9562 version 8) of the
 * collection id and the period, so every action for the same period names the same request.
 */
export function collectionRequestId(collectionId: string, period: string): string {
  const hex = createHash('sha256').update(`data-collection:${collectionId}:${period}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Recurring collections (workflows/data/collection.workflow.ts): opening a period's request the way the API
 * opens one (the checks and plan of libs/domain/src/data-standard/request-plan.ts), idempotently: the request
 * row is created once under its derived id, the project workflow of that id is started once (Temporal refuses
 * a second start), and the period row records what was opened.
 */
export function createDataCollectionActivities(db: Database, temporal: ReconciliationDeps | undefined) {
  return {
    async openCollectionPeriod(input: {
      collectionId: string;
      period: string;
    }): Promise<DataCollectionRunResult> {
      const { collectionId, period } = input;
      const collection = await db.dataCollection.findUnique({ where: { id: collectionId } });
      if (!collection) {
        throw ApplicationFailure.nonRetryable(
          `collection ${collectionId} does not exist`,
          COLLECTION_NOT_OPENABLE,
        );
      }
      const requestId = collectionRequestId(collectionId, period);
      const existing = await db.dataCollectionPeriod.findUnique({
        where: { collectionId_period: { collectionId, period } },
      });
      if (existing) return { collectionId, period, requestId, opened: false };
      if (!temporal) throw new Error('the worker has no Temporal client to start data requests with');
      if (!isCollectionPeriodicity(collection.periodicity)) {
        throw ApplicationFailure.nonRetryable(
          `periodicity ${collection.periodicity} is unknown`,
          COLLECTION_NOT_OPENABLE,
        );
      }
      const periodicity: CollectionPeriodicity = collection.periodicity;

      const rows = await db.indicator.findMany({
        where: { code: { in: collection.indicators } },
        orderBy: { version: 'desc' },
      });
      const standards = new Map<string, { version: number; standard: IndicatorStandard }>();
      for (const row of rows) {
        if (!standards.has(row.code)) {
          standards.set(row.code, {
            version: row.version,
            standard: row.standard as unknown as IndicatorStandard,
          });
        }
      }
      const unknown = collection.indicators.filter((c) => !standards.has(c));
      const problems = [
        ...(unknown.length > 0 ? [`indicators: unknown indicator(s): ${unknown.join(', ')}`] : []),
        ...dataRequestProblems(standards, period, collection.areas),
      ];
      const agencies = await db.agency.findMany({
        where: { code: { in: producersOf(standards) }, active: true },
        select: { id: true, code: true },
      });
      const byCode = new Map(agencies.map((a) => [a.code, a]));
      for (const code of producersOf(standards)) {
        if (!byCode.has(code)) problems.push(`producers: ${code} is unknown or deactivated`);
      }
      if (problems.length > 0) {
        throw ApplicationFailure.nonRetryable(
          `collection ${collectionId} cannot open ${period}: ${problems.join('; ')}`,
          COLLECTION_NOT_OPENABLE,
        );
      }

      const lead = await leadOf(db, collection.createdById);
      if (!lead) {
        throw ApplicationFailure.nonRetryable(
          `collection ${collectionId} has no active walidata or lead to request the data`,
          COLLECTION_NOT_OPENABLE,
        );
      }
      const holidays = await db.holiday.findMany({ orderBy: { date: 'asc' } });
      const calendar = workCalendar(holidays, 'WORKING');
      // The rule's deadline; a period caught up later has its N working days from now (the tasks' SLA).
      const deadline = Math.max(
        collectionDeadline(periodicity, period, collection.deadlineWorkingDays, calendar),
        deadlineFor(Date.now(), { amount: collection.deadlineWorkingDays, unit: 'workingDays' }, calendar),
      );
      const plan = planDataRequest({
        standards,
        agencies: byCode,
        period,
        areas: collection.areas,
        title: `${collection.name} — ${period}`,
        // Opened when the period ends (a night), N working days count from the next opening: the rule's
        // deadline. A period caught up later gets the same number of working days from its opening.
        sla: { amount: collection.deadlineWorkingDays, unit: 'workingDays' },
      });

      // As the API records a request before its project starts; here the row stays (the start is retried).
      await writeDataRequestRow(db, {
        requestId,
        title: plan.title,
        period,
        desa: plan.desa,
        indicators: plan.indicators,
        requestedById: lead.userId,
      });
      const projectInput: ProjectInput = {
        projectId: requestId,
        title: plan.title,
        description: `Periode ${period}; wilayah ${collection.areas.join(', ')}; pengumpulan berkala "${collection.name}"`,
        lead,
        templateId: null,
        parameters: { period, collection: collectionId },
        steps: plan.steps,
        calendar,
      };
      let opened = true;
      try {
        await temporal.temporal.workflow.start('jointProjectWorkflow', {
          workflowId: projectWorkflowId(requestId),
          taskQueue: temporal.taskQueue,
          args: [projectInput],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        opened = false;
      }
      const created = await db.dataCollectionPeriod.createMany({
        data: [{ collectionId, period, requestId, deadline: new Date(deadline) }],
        skipDuplicates: true,
      });
      return { collectionId, period, requestId, opened: opened && created.count === 1 };
    },
  };
}

/** The collection's author while active (WALIDATA or LEAD), otherwise the first active walidata. */
async function leadOf(db: Database, userId: string): Promise<Actor | null> {
  const author = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, agencyId: true, role: true, active: true },
  });
  if (author?.active && (author.role === 'WALIDATA' || author.role === 'LEAD')) {
    return { userId: author.id, agencyId: author.agencyId, role: author.role };
  }
  const walidata = await db.user.findFirst({
    where: { role: 'WALIDATA', active: true },
    orderBy: { createdAt: 'asc' },
    select: { id: true, agencyId: true },
  });
  return walidata ? { userId: walidata.id, agencyId: walidata.agencyId, role: 'WALIDATA' } : null;
}

import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { projectWorkflowId, type ProjectInput } from '@gotong/contracts/project';
import { PLANNING_NOT_ACTIONABLE, type PlanningRoutingResult } from '@gotong/contracts/planning';
import { KECAMATAN_ATTRIBUTE, OPD_ATTRIBUTE, PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import type { StepPlan } from '@gotong/contracts/task';
import { audit, auditMany } from '@gotong/database/audit';
import { writeProjectFirstRows } from '@gotong/database/first-rows';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { workCalendar, type Sla } from '@gotong/domain/calendar';
import { stepLadder, stepReview } from '@gotong/domain/escalation-ladder';
import {
  PLANNING_PROPOSAL_TEMPLATE,
  planningTopic,
  proposalAgencies,
  stageEnd,
  type StageCalendar,
} from '@gotong/domain/planning';
import { areaName } from '@gotong/domain/region';
import type { Actor } from '@gotong/domain/roles';
import type { TemplateDefinition } from '@gotong/domain/template';
import type { ReconciliationDeps } from './data-reconciliation';

/** The failure type of a planning year the activities cannot act for (retrying would not help). */

/** How long an OPD has for a proposal routed after the Renja deadline had passed (BAPPEDA assigned it late). */
const LATE_ROUTING_SLA: Sla = { amount: 2, unit: 'workingDays' };

/** A name-based UUID (RFC 9562 version 8 layout) for the project of a proposal or a year's consolidation. */
export function planningProjectId(purpose: 'proposal' | 'consolidation', key: string): string {
  const hex = createHash('sha256').update(`planning-${purpose}:${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The planning cycle's side effects (workflows/planning/planning-cycle.workflow.ts), each idempotent: routing
 * writes a proposal's project rows under its derived id and starts that project's workflow once (Temporal
 * refuses a second start), and marks the proposal routed only after the start, so a retried pass finishes what
 * an interrupted one began and starts nothing twice.
 */
export function createPlanningActivities(db: Database, temporal: ReconciliationDeps | undefined) {
  async function yearRow(year: number) {
    const row = await db.planningYear.findUnique({ where: { year } });
    if (!row)
      throw ApplicationFailure.nonRetryable(`planning year ${year} does not exist`, PLANNING_NOT_ACTIONABLE);
    return { ...row, stages: row.stages as unknown as StageCalendar };
  }

  async function startProject(input: ProjectInput, attributes: { kecamatan?: string }): Promise<void> {
    if (!temporal) throw new Error('the worker has no Temporal client to start projects with');
    try {
      await temporal.temporal.workflow.start('jointProjectWorkflow', {
        workflowId: projectWorkflowId(input.projectId),
        taskQueue: temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [
          { key: OPD_ATTRIBUTE, value: 'BAPPEDA' },
          { key: PROJECT_ATTRIBUTE, value: input.projectId },
          ...(attributes.kecamatan ? [{ key: KECAMATAN_ATTRIBUTE, value: [attributes.kecamatan] }] : []),
        ],
        memo: { title: input.title },
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  return {
    /**
     * Routes every proposal of the year that waits: to the OPDs of its topic (or those BAPPEDA assigned), one
     * decision task each, due at the end of the Forum Perangkat Daerah; a proposal no OPD owns becomes UNOWNED.
     */
    async routePlanningProposals(input: { year: number }): Promise<PlanningRoutingResult> {
      const year = await yearRow(input.year);
      if (!year.routedAt) {
        await db.planningYear.updateMany({
          where: { year: input.year, routedAt: null },
          data: { routedAt: new Date() },
        });
      }
      const waiting = await db.planningProposal.findMany({
        where: { year: input.year, OR: [{ status: 'SUBMITTED' }, { status: 'ROUTED', routedAt: null }] },
        orderBy: { createdAt: 'asc' },
      });
      if (waiting.length === 0) return { routed: 0, unowned: 0 };
      const template = await db.template.findFirst({
        where: { code: PLANNING_PROPOSAL_TEMPLATE },
        orderBy: { version: 'desc' },
      });
      const step = (template?.definition as unknown as TemplateDefinition | undefined)?.steps[0];
      if (!template || !step) {
        throw ApplicationFailure.nonRetryable(
          `the template ${PLANNING_PROPOSAL_TEMPLATE} is not seeded`,
          PLANNING_NOT_ACTIONABLE,
        );
      }
      const lead = await planningLead(db, year.createdById);
      if (!lead) {
        throw ApplicationFailure.nonRetryable(
          'BAPPEDA has no active LEAD to lead the proposals',
          PLANNING_NOT_ACTIONABLE,
        );
      }
      const agencies = new Map(
        (
          await db.agency.findMany({
            where: { active: true, kind: { not: 'KECAMATAN' } },
            select: { id: true, code: true, name: true },
          })
        ).map((a) => [a.code, a]),
      );
      const holidays = await db.holiday.findMany({ orderBy: { date: 'asc' } });
      const calendar = workCalendar(holidays, 'WORKING');
      const dueMs = stageEnd(year.stages, 'FORUM_PERANGKAT_DAERAH');
      let routed = 0;
      let unowned = 0;
      for (const p of waiting) {
        const codes = (
          p.status === 'ROUTED' ? p.agencyCodes : proposalAgencies(p.topic, p.assignedAgencies)
        ).filter((c) => agencies.has(c));
        if (codes.length === 0) {
          await db.planningProposal.update({ where: { id: p.id }, data: { status: 'UNOWNED' } });
          unowned += 1;
          continue;
        }
        const leftSeconds = Math.ceil((dueMs - Date.now()) / 1000);
        const sla: Sla = leftSeconds >= 1 ? { amount: leftSeconds, unit: 'seconds' } : LATE_ROUTING_SLA;
        const desaName = areaName(p.desaCode) ?? p.desaCode;
        const kecamatanName = areaName(p.kecamatanCode) ?? p.kecamatanCode;
        const topic = planningTopic(p.topic)?.label ?? p.topic;
        const steps: StepPlan[] = codes.map((code) => ({
          key: `${step.key}-${code.toLowerCase()}`,
          title: `${step.title}: ${p.title}`,
          instructions:
            `${step.instructions}\n\nDesa ${desaName}, Kecamatan ${kecamatanName}; bidang ${topic}; ` +
            `prioritas ${p.priority}.\nPermasalahan: ${p.problem}\nUsulan kegiatan: ${p.proposedActivity}` +
            (codes.length > 1
              ? `\nUsulan lintas OPD: ${codes.join(', ')} masing-masing memutuskan bagiannya.`
              : ''),
          agencyId: agencies.get(code)!.id,
          agencyCode: code,
          form: step.form,
          sla,
          dependsOn: [],
          escalation: stepLadder(step),
          review: stepReview(step),
          // The OPD's decision is its own: it completes the task, BAPPEDA consolidates later.
          autoAccept: true,
        }));
        const projectId = p.projectId ?? planningProjectId('proposal', p.id);
        const projectInput: ProjectInput = {
          projectId,
          title: `Usulan Musrenbang ${input.year}: ${p.title} (${desaName})`.slice(0, 200),
          description: `Usulan Kecamatan ${kecamatanName}, Desa ${desaName}. ${p.problem}`.slice(0, 2000),
          lead,
          templateId: template.id,
          parameters: {
            planningYear: String(input.year),
            proposalId: p.id,
            kecamatan: p.kecamatanCode,
            desa: p.desaCode,
          },
          steps,
          calendar,
        };
        await db.$transaction(async (tx) => {
          await writeProjectFirstRows(
            tx,
            { ...projectInput, workflowId: projectWorkflowId(projectId) },
            new Date(),
          );
          await tx.planningProposal.update({
            where: { id: p.id },
            data: { status: 'ROUTED', agencyCodes: codes, projectId },
          });
        });
        await startProject(projectInput, { kecamatan: p.kecamatanCode });
        await db.planningProposal.update({ where: { id: p.id }, data: { routedAt: new Date() } });
        routed += 1;
      }
      return { routed, unowned };
    },

    /** At the Renja deadline: the OPDs whose decision is still open, recorded on each proposal and audited. */
    async recordLatePlanningDecisions(input: { year: number }): Promise<{ late: number }> {
      const year = await yearRow(input.year);
      const at = year.lateRecordedAt ?? new Date();
      const proposals = await db.planningProposal.findMany({
        where: { year: input.year, status: 'ROUTED', projectId: { not: null } },
        select: {
          id: true,
          projectId: true,
          project: {
            select: {
              tasks: {
                where: { status: { in: ['ASSIGNED', 'CLAIMED', 'SUBMITTED', 'RETURNED'] } },
                select: { id: true, agencyId: true, agency: { select: { code: true } } },
              },
            },
          },
        },
      });
      let late = 0;
      for (const p of proposals) {
        const open = p.project?.tasks ?? [];
        if (open.length === 0) continue;
        late += 1;
        await db.$transaction(async (tx) => {
          await tx.planningProposal.update({
            where: { id: p.id },
            data: { lateAgencies: [...new Set(open.map((t) => t.agency.code))].sort() },
          });
          await auditMany(
            tx,
            open.map((t) => ({
              eventKey: `planning:${input.year}:late:${t.id}`,
              action: 'PLANNING_DECISION_LATE',
              projectId: p.projectId,
              taskId: t.id,
              actorAgencyId: t.agencyId,
              detail: { year: input.year, proposalId: p.id, agency: t.agency.code },
              occurredAt: at,
            })),
          );
        });
      }
      await db.planningYear.updateMany({
        where: { year: input.year, lateRecordedAt: null },
        data: { lateRecordedAt: at },
      });
      return { late };
    },

    /**
     * The consolidation project of the year: one BAPPEDA task (rancangan akhir RKPD), due at the end of the
     * penetapan stage. Writes its rows and marks the year CONSOLIDATING; the workflow runs it as its child.
     */
    async planPlanningConsolidation(input: { year: number }): Promise<ProjectInput> {
      const year = await yearRow(input.year);
      const lead = await planningLead(db, year.createdById);
      if (!lead) {
        throw ApplicationFailure.nonRetryable(
          'BAPPEDA has no active LEAD to consolidate',
          PLANNING_NOT_ACTIONABLE,
        );
      }
      const bappeda = await db.agency.findUniqueOrThrow({ where: { code: 'BAPPEDA' } });
      const holidays = await db.holiday.findMany({ orderBy: { date: 'asc' } });
      const leftSeconds = Math.ceil((stageEnd(year.stages, 'PENETAPAN_RKPD') - Date.now()) / 1000);
      // From the year's workflow id, not the year alone: unique in the namespace, as that id is.
      const projectId = planningProjectId('consolidation', year.workflowId);
      const projectInput: ProjectInput = {
        projectId,
        title: `Konsolidasi RKPD ${input.year}`,
        description:
          `Rancangan akhir RKPD ${input.year}: hasil Musrenbang kecamatan, keputusan Renja OPD dan Musrenbang ` +
          'kabupaten dihimpun Bappeda (Permendagri 86/2017).',
        lead,
        templateId: null,
        parameters: { planningYear: String(input.year) },
        steps: [
          {
            key: 'konsolidasi',
            title: `Konsolidasi rancangan akhir RKPD ${input.year}`,
            instructions:
              'Himpun usulan yang diterima OPD (program, kegiatan, pagu), usulan yang ditolak beserta alasannya ' +
              'dan usulan yang belum diputuskan; lihat ringkasan perencanaan tahun ini. Catat hasil konsolidasi.',
            agencyId: bappeda.id,
            agencyCode: bappeda.code,
            form: {
              fields: [{ key: 'catatan', label: 'Catatan konsolidasi', type: 'longtext', required: true }],
            },
            sla: leftSeconds >= 1 ? { amount: leftSeconds, unit: 'seconds' } : LATE_ROUTING_SLA,
            dependsOn: [],
            escalation: stepLadder(),
            review: stepReview(),
            autoAccept: true,
          },
        ],
        calendar: workCalendar(holidays, 'WORKING'),
      };
      await db.$transaction(async (tx) => {
        await writeProjectFirstRows(
          tx,
          { ...projectInput, workflowId: projectWorkflowId(projectId) },
          new Date(),
        );
        await tx.planningYear.update({
          where: { year: input.year },
          data: { status: 'CONSOLIDATING', consolidationProjectId: projectId },
        });
      });
      return projectInput;
    },

    /** The calendar BAPPEDA moved (the workflow's Update), audited once per distinct calendar. */
    async recordPlanningStages(input: { year: number; stages: StageCalendar }): Promise<void> {
      const digest = createHash('sha256').update(JSON.stringify(input.stages)).digest('hex').slice(0, 16);
      await db.$transaction(async (tx) => {
        await tx.planningYear.update({
          where: { year: input.year },
          data: { stages: input.stages as unknown as Prisma.InputJsonValue },
        });
        await audit(tx, {
          eventKey: `planning:${input.year}:stages:${digest}`,
          action: 'PLANNING_STAGES_CHANGED',
          detail: { year: input.year, stages: input.stages as unknown as Prisma.InputJsonValue },
          occurredAt: new Date(),
        });
      });
    },

    async closePlanningYear(input: { year: number; closedAt: string }): Promise<void> {
      await db.$transaction(async (tx) => {
        await tx.planningYear.updateMany({
          where: { year: input.year, closedAt: null },
          data: { status: 'CLOSED', closedAt: new Date(input.closedAt) },
        });
        await audit(tx, {
          eventKey: `planning:${input.year}:closed`,
          action: 'PLANNING_YEAR_CLOSED',
          detail: { year: input.year },
          occurredAt: new Date(input.closedAt),
        });
      });
    },
  };
}

/** The year's author while an active BAPPEDA LEAD, otherwise BAPPEDA's first active LEAD. */
async function planningLead(db: Database, userId: string): Promise<Actor | null> {
  const author = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, agencyId: true, role: true, active: true, agency: { select: { code: true } } },
  });
  if (author?.active && author.role === 'LEAD' && author.agency.code === 'BAPPEDA') {
    return { userId: author.id, agencyId: author.agencyId, role: 'LEAD' };
  }
  const lead = await db.user.findFirst({
    where: { role: 'LEAD', active: true, agency: { code: 'BAPPEDA' } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, agencyId: true },
  });
  return lead ? { userId: lead.id, agencyId: lead.agencyId, role: 'LEAD' } : null;
}

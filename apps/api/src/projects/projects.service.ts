import { randomUUID } from 'node:crypto';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { APP_CONFIG, DATABASE } from '../../../../libs/database/src/database.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import type { Prisma } from '../../../../libs/database/src/generated/prisma/client';
import type { Database } from '../../../../libs/database/src/prisma';
import { parseDurationMs } from '../../../../libs/domain/src/duration';
import { REGENCY_WIDE_READ_ROLES } from '../../../../libs/domain/src/roles';
import type { jointProjectWorkflow } from '../../../../workflows/joint-project.workflow';
import { projectWorkflowId, type JointProjectInput } from '../../../../workflows/messages';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import type { Page } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import type { CreateProjectDto, ListProjectsQuery } from './projects.dto';

const projectSummary = {
  id: true,
  title: true,
  description: true,
  status: true,
  createdAt: true,
  completedAt: true,
  leadUser: { select: { id: true, fullName: true } },
  leadAgency: { select: { code: true, name: true } },
} satisfies Prisma.JointProjectSelect;

@Injectable()
export class ProjectsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
  ) {}

  /** Starts the joint-project workflow; Postgres learns about it through the workflow's projections. */
  async create(
    auth: AuthContext,
    dto: CreateProjectDto,
  ): Promise<{ id: string; workflowId: string; status: 'ACTIVE' }> {
    await this.access.requireAccess(auth, 'project.create');
    const agencies = await this.db.agency.findMany({
      where: { code: { in: dto.agencyCodes } },
      select: { id: true, code: true, name: true },
    });
    const unknown = dto.agencyCodes.filter((code) => !agencies.some((a) => a.code === code));
    if (unknown.length > 0) {
      throw new BadRequestException({ message: [`agencyCodes: unknown OPD code(s): ${unknown.join(', ')}`] });
    }
    const slaMs = (dto.sla && parseDurationMs(dto.sla)) || this.config.TASK_DEFAULT_SLA;
    const projectId = randomUUID();
    const input: JointProjectInput = {
      projectId,
      title: dto.title,
      description: dto.description ?? null,
      lead: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role },
      tasks: dto.agencyCodes.map((code) => {
        const agency = agencies.find((a) => a.code === code)!;
        return {
          taskId: randomUUID(),
          projectId,
          agencyId: agency.id,
          title: dto.taskTitle ?? `${dto.title} — ${agency.name}`,
          instructions: dto.instructions ?? null,
          slaMs,
        };
      }),
    };
    const workflowId = projectWorkflowId(projectId);
    await this.temporal.workflow.start<typeof jointProjectWorkflow>('jointProjectWorkflow', {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
    });
    return { id: projectId, workflowId, status: 'ACTIVE' };
  }

  async list(
    auth: AuthContext,
    query: ListProjectsQuery,
  ): Promise<Page<Prisma.JointProjectGetPayload<{ select: typeof projectSummary }>>> {
    const visible: Prisma.JointProjectWhereInput = REGENCY_WIDE_READ_ROLES.includes(auth.role)
      ? {}
      : {
          OR: [
            { leadUserId: auth.userId },
            { leadAgencyId: auth.agencyId },
            { tasks: { some: { agencyId: auth.agencyId } } },
          ],
        };
    const where: Prisma.JointProjectWhereInput = {
      AND: [visible, query.status ? { status: query.status } : {}],
    };
    const [items, total] = await Promise.all([
      this.db.jointProject.findMany({
        where,
        select: projectSummary,
        orderBy: { createdAt: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.jointProject.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  async get(auth: AuthContext, projectId: string) {
    await this.access.requireAccess(auth, 'project.read', projectId);
    return this.db.jointProject.findUniqueOrThrow({
      where: { id: projectId },
      select: {
        ...projectSummary,
        workflowId: true,
        tasks: {
          orderBy: { createdAt: 'asc' },
          select: {
            id: true,
            title: true,
            status: true,
            dueAt: true,
            escalationLevel: true,
            completedAt: true,
            agency: { select: { code: true, name: true } },
          },
        },
      },
    });
  }

  async auditTrail(auth: AuthContext, projectId: string) {
    await this.access.requireAccess(auth, 'project.read', projectId);
    return this.db.auditEvent.findMany({
      where: { projectId },
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: {
        id: true,
        action: true,
        taskId: true,
        detail: true,
        occurredAt: true,
        actorUser: { select: { id: true, fullName: true } },
        actorAgency: { select: { code: true, name: true } },
      },
    });
  }
}

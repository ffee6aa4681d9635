import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  UnprocessableEntityException,
} from '@nestjs/common';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DATABASE } from '../../../../libs/database/src/database.module';
import type { Prisma } from '../../../../libs/database/src/generated/prisma/client';
import type { Database } from '../../../../libs/database/src/prisma';
import {
  completeTaskUpdate,
  TASK_FORBIDDEN,
  TASK_NOT_OPEN,
  taskWorkflowId,
  type TaskSnapshot,
} from '../../../../workflows/messages';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import type { Page } from '../common/pagination';
import { TEMPORAL_CLIENT } from '../infra/temporal';
import type { CompleteTaskDto, InboxQuery } from './tasks.dto';

const taskView = {
  id: true,
  title: true,
  instructions: true,
  status: true,
  dueAt: true,
  escalationLevel: true,
  result: true,
  completedAt: true,
  createdAt: true,
  agency: { select: { code: true, name: true } },
  project: { select: { id: true, title: true, status: true } },
  completedBy: { select: { id: true, fullName: true } },
} satisfies Prisma.TaskSelect;

export type TaskView = Prisma.TaskGetPayload<{ select: typeof taskView }>;

@Injectable()
export class TasksService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: AccessService,
  ) {}

  /** The caller's OPD inbox, newest deadline first among open tasks. */
  async inbox(auth: AuthContext, query: InboxQuery): Promise<Page<TaskView>> {
    const where: Prisma.TaskWhereInput = {
      agencyId: auth.agencyId,
      ...(query.status ? { status: query.status } : {}),
      ...(query.overdue ? { status: 'ASSIGNED', dueAt: { lt: new Date() } } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.task.findMany({
        where,
        select: taskView,
        orderBy: [{ status: 'asc' }, { dueAt: 'asc' }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.task.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  async get(auth: AuthContext, taskId: string): Promise<TaskView> {
    await this.access.requireAccess(auth, 'task.read', taskId);
    return this.db.task.findUniqueOrThrow({ where: { id: taskId }, select: taskView });
  }

  async history(auth: AuthContext, taskId: string) {
    await this.access.requireAccess(auth, 'task.read', taskId);
    return this.db.auditEvent.findMany({
      where: { taskId },
      orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }],
      select: {
        id: true,
        action: true,
        detail: true,
        occurredAt: true,
        actorUser: { select: { id: true, fullName: true } },
        actorAgency: { select: { code: true, name: true } },
      },
    });
  }

  /**
   * Completes a task through the task workflow's Update. The workflow's
   * validator is the final word (it refuses other OPDs and finished tasks, and
   * a refusal never reaches history); the result is returned synchronously
   * once the completion is projected.
   */
  async complete(auth: AuthContext, taskId: string, dto: CompleteTaskDto): Promise<TaskSnapshot> {
    await this.access.requireAccess(auth, 'task.complete', taskId);
    const handle = this.temporal.workflow.getHandle(taskWorkflowId(taskId));
    try {
      return await handle.executeUpdate(completeTaskUpdate, {
        args: [
          { actor: { userId: auth.userId, agencyId: auth.agencyId, role: auth.role }, summary: dto.summary },
        ],
      });
    } catch (error) {
      throw translateUpdateFailure(error);
    }
  }
}

function translateUpdateFailure(error: unknown): unknown {
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure))
    return error;
  const { type, message } = error.cause;
  if (type === TASK_FORBIDDEN) return new ForbiddenException(message);
  if (type === TASK_NOT_OPEN) return new ConflictException(message);
  return new UnprocessableEntityException(message);
}

import { ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DATABASE } from '../../../../libs/database/src/database.module';
import type { Database } from '../../../../libs/database/src/prisma';
import { PROJECT_STARTER_ROLES, REGENCY_WIDE_READ_ROLES } from '../../../../libs/domain/src/roles';
import { completionRefusal } from '../../../../libs/domain/src/task-rules';
import type { AuthContext } from './auth-context';

export type Permission = 'project.create' | 'project.read' | 'task.read' | 'task.complete';

/**
 * Object-level authorisation, called once at the top of each service method.
 * An OPD sees its own tasks; a participant OPD (one with a task in the project)
 * and the project's lead may read the project and its tasks; leadership and
 * admins read everything. Unknown ids are 404, known but foreign ones 403.
 */
@Injectable()
export class AccessService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async requireAccess(auth: AuthContext, permission: Permission, id?: string): Promise<void> {
    switch (permission) {
      case 'project.create':
        if (!PROJECT_STARTER_ROLES.includes(auth.role)) {
          throw new ForbiddenException(
            `starting a joint project needs one of the roles: ${PROJECT_STARTER_ROLES.join(', ')}`,
          );
        }
        return;
      case 'project.read':
        return this.requireProjectRead(auth, required(id));
      case 'task.read':
        return this.requireTaskRead(auth, required(id));
      case 'task.complete':
        return this.requireTaskComplete(auth, required(id));
    }
  }

  private async requireProjectRead(auth: AuthContext, projectId: string): Promise<void> {
    const project = await this.db.jointProject.findUnique({
      where: { id: projectId },
      select: { leadUserId: true, leadAgencyId: true },
    });
    if (!project) throw new NotFoundException(`project ${projectId} not found`);
    if (REGENCY_WIDE_READ_ROLES.includes(auth.role)) return;
    if (project.leadUserId === auth.userId || project.leadAgencyId === auth.agencyId) return;
    const participant = await this.db.task.count({ where: { projectId, agencyId: auth.agencyId } });
    if (participant === 0) throw new ForbiddenException('your OPD does not take part in this project');
  }

  private async requireTaskRead(auth: AuthContext, taskId: string): Promise<void> {
    const task = await this.db.task.findUnique({
      where: { id: taskId },
      select: { agencyId: true, projectId: true },
    });
    if (!task) throw new NotFoundException(`task ${taskId} not found`);
    if (task.agencyId === auth.agencyId) return;
    await this.requireProjectRead(auth, task.projectId).catch((error: unknown) => {
      throw error instanceof ForbiddenException
        ? new ForbiddenException('this task belongs to another OPD')
        : error;
    });
  }

  private async requireTaskComplete(auth: AuthContext, taskId: string): Promise<void> {
    const task = await this.db.task.findUnique({
      where: { id: taskId },
      select: { agencyId: true, status: true },
    });
    if (!task) throw new NotFoundException(`task ${taskId} not found`);
    const refusal = completionRefusal({ agencyId: task.agencyId, state: task.status }, auth);
    if (refusal?.kind === 'FORBIDDEN') throw new ForbiddenException(refusal.message);
    if (refusal?.kind === 'NOT_OPEN') throw new ConflictException(refusal.message);
  }
}

function required(id: string | undefined): string {
  if (!id) throw new Error('requireAccess: this permission needs an id');
  return id;
}

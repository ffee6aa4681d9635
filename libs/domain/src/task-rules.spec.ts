import type { Actor, Role } from './roles';
import { completionRefusal, type TaskState } from './task-rules';

const DINKES = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a01';
const DINSOS = '0b6f1c3e-1d5a-4f7e-9a31-6c2d8e4f0a02';

function task(state: TaskState = 'ASSIGNED', agencyId = DINKES) {
  return { agencyId, state };
}

function actor(role: Role, agencyId = DINKES): Actor {
  return { userId: `user-${role.toLowerCase()}`, agencyId, role };
}

describe('completionRefusal: who may complete an OPD task', () => {
  it.each<Role>(['STAFF', 'AGENCY_HEAD'])('lets %s of the owning OPD complete an assigned task', (role) => {
    expect(completionRefusal(task(), actor(role))).toBeNull();
  });

  it.each<Role>(['STAFF', 'AGENCY_HEAD'])('refuses %s of another OPD as FORBIDDEN', (role) => {
    expect(completionRefusal(task(), actor(role, DINSOS))).toEqual({
      kind: 'FORBIDDEN',
      message: 'this task belongs to another OPD',
    });
  });

  it.each<Role>(['LEAD', 'LEADERSHIP', 'WALIDATA', 'ADMIN'])(
    'refuses %s as FORBIDDEN even within the owning OPD',
    (role) => {
      expect(completionRefusal(task(), actor(role))).toEqual({
        kind: 'FORBIDDEN',
        message: `role ${role} does not complete OPD tasks`,
      });
    },
  );

  it.each<[TaskState, string]>([
    ['COMPLETED', 'task is already completed'],
    ['CANCELLED', 'task is already cancelled'],
  ])('refuses a %s task as NOT_OPEN for its own OPD', (state, message) => {
    for (const role of ['STAFF', 'AGENCY_HEAD'] as const) {
      expect(completionRefusal(task(state), actor(role))).toEqual({ kind: 'NOT_OPEN', message });
    }
  });

  it('reports FORBIDDEN rather than NOT_OPEN to someone who may not touch the task at all', () => {
    // A closed task of another OPD must not reveal its state to the caller.
    expect(completionRefusal(task('COMPLETED'), actor('STAFF', DINSOS))?.kind).toBe('FORBIDDEN');
    expect(completionRefusal(task('CANCELLED'), actor('ADMIN'))?.kind).toBe('FORBIDDEN');
  });
});

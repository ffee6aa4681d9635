/**
 * A projection can run late. When a database restart makes a worker lose its workflow task, an attempt of a
 * local projection that worker still had in flight may finish after another worker has replayed the
 * workflow, run the same Update and the next one. The chaos suite's R3 (PostgreSQL restarted) once showed an
 * accepted task back at SUBMITTED. A late copy must leave the task where the workflow has moved it: the read
 * model never goes back. Run on the real PostgreSQL through the activities the worker registers.
 */
import { randomUUID } from 'node:crypto';
import { createActivities } from '@gotong/activities';
import { createPrismaClient, type Database } from '@gotong/database/prisma';
import type { FormSchema } from '@gotong/domain/form-schema';
import type { Actor } from '@gotong/domain/roles';

const FORM: FormSchema = {
  fields: [{ key: 'ringkasan', label: 'Ringkasan pekerjaan', type: 'text', required: true }],
};

describe('late copies of task projections', () => {
  let db: Database;
  let activities: ReturnType<typeof createActivities>;
  let staff: Actor;
  let lead: Actor;
  let agencyId: string;

  beforeAll(async () => {
    db = createPrismaClient(process.env.DATABASE_URL!);
    activities = createActivities({ db });
    const actor = async (username: string): Promise<Actor> => {
      const u = await db.user.findUniqueOrThrow({
        where: { username },
        select: { id: true, agencyId: true, role: true },
      });
      return { userId: u.id, agencyId: u.agencyId, role: u.role };
    };
    staff = await actor('staff.dinkes');
    lead = await actor('lead.bappeda');
    agencyId = staff.agencyId;
  });

  afterAll(async () => {
    await db.$disconnect();
  });

  /** A project with one DINKES task, as the project and task workflows record them. */
  async function openTask() {
    const projectId = randomUUID();
    const taskId = randomUUID();
    const at = new Date().toISOString();
    await activities.recordProjectStarted({
      projectId,
      workflowId: `late-projections-${projectId}`,
      title: 'Uji proyeksi terlambat',
      description: null,
      lead,
      templateId: null,
      parameters: {},
      steps: [],
      startedAt: at,
    });
    await activities.recordStepTaskAssigned({
      taskId,
      projectId,
      stepKey: 'ringkasan',
      agencyId,
      title: 'Ringkasan',
      instructions: 'Kirim ringkasan.',
      form: FORM,
      assignedAt: at,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    return { projectId, taskId };
  }

  function submission(task: { projectId: string; taskId: string }, version: number) {
    return {
      contributionId: randomUUID(),
      taskId: task.taskId,
      projectId: task.projectId,
      agencyId,
      version,
      values: { ringkasan: `Versi ${version}` },
      form: FORM,
      actor: staff,
      at: new Date().toISOString(),
    };
  }

  const review = (
    task: { projectId: string; taskId: string },
    contributionId: string,
    decision: 'ACCEPT' | 'RETURN',
  ) => ({
    contributionId,
    taskId: task.taskId,
    projectId: task.projectId,
    decision,
    note: decision === 'RETURN' ? 'Lengkapi angka per desa.' : null,
    actor: lead,
    at: new Date().toISOString(),
  });

  it('keeps an accepted task COMPLETED when its submission is recorded again', async () => {
    const task = await openTask();
    const submitted = submission(task, 1);
    await activities.recordContributionSubmitted(submitted);
    await activities.recordContributionReviewed(review(task, submitted.contributionId, 'ACCEPT'));
    const accepted = await db.task.findUniqueOrThrow({ where: { id: task.taskId } });
    expect(accepted.status).toBe('COMPLETED');

    await activities.recordContributionSubmitted(submitted);

    expect(await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).toEqual(accepted);
    expect(
      await db.contribution.findMany({ where: { taskId: task.taskId }, select: { status: true } }),
    ).toEqual([{ status: 'ACCEPTED' }]);
    expect(
      await db.auditEvent.count({ where: { taskId: task.taskId, action: 'CONTRIBUTION_SUBMITTED' } }),
    ).toBe(1);
  });

  it('keeps the second version under review when the return of the first is recorded again', async () => {
    const task = await openTask();
    const first = submission(task, 1);
    await activities.recordContributionSubmitted(first);
    await activities.recordContributionReviewed(review(task, first.contributionId, 'RETURN'));
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('RETURNED');
    const second = submission(task, 2);
    await activities.recordContributionSubmitted(second);
    const underReview = await db.task.findUniqueOrThrow({ where: { id: task.taskId } });
    expect(underReview).toMatchObject({ status: 'SUBMITTED', result: { ringkasan: 'Versi 2' } });

    // Late copies of version 1's submission and of its return.
    await activities.recordContributionSubmitted(first);
    await activities.recordContributionReviewed(review(task, first.contributionId, 'RETURN'));

    expect(await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).toEqual(underReview);
  });

  it('does not take a submitted or finished task back to CLAIMED with a late claim', async () => {
    const task = await openTask();
    const claimedAt = new Date().toISOString();
    await activities.recordTaskClaimed({
      taskId: task.taskId,
      projectId: task.projectId,
      actor: staff,
      at: claimedAt,
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('CLAIMED');
    const submitted = submission(task, 1);
    await activities.recordContributionSubmitted(submitted);

    await activities.recordTaskClaimed({
      taskId: task.taskId,
      projectId: task.projectId,
      actor: staff,
      at: claimedAt,
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('SUBMITTED');

    await activities.recordContributionReviewed(review(task, submitted.contributionId, 'ACCEPT'));
    await activities.recordTaskClaimed({
      taskId: task.taskId,
      projectId: task.projectId,
      actor: staff,
      at: claimedAt,
    });
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('COMPLETED');
  });

  it('still records an ordinary submission, return and resubmission in order', async () => {
    const task = await openTask();
    const first = submission(task, 1);
    await activities.recordContributionSubmitted(first);
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('SUBMITTED');
    await activities.recordContributionReviewed(review(task, first.contributionId, 'RETURN'));
    expect((await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).status).toBe('RETURNED');
    const second = submission(task, 2);
    await activities.recordContributionSubmitted(second);
    await activities.recordContributionReviewed(review(task, second.contributionId, 'ACCEPT'));
    expect(await db.task.findUniqueOrThrow({ where: { id: task.taskId } })).toMatchObject({
      status: 'COMPLETED',
      result: { ringkasan: 'Versi 2' },
      completedById: staff.userId,
    });
  });
});

import { Controller, Get, Inject, Injectable } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DATABASE } from '@gotong/database/database.module';
import type { Database } from '@gotong/database/prisma';
import { mayRole } from '@gotong/domain/permissions';
import { latestWord, type LastWord, type LeadershipOverview } from '@gotong/domain/scorecard';
import { AccessService } from '../common/access.service';
import { Auth, type AuthContext } from '../common/auth-context';
import { OWED_STATES } from '../scorecards/scorecard-facts';

/** At most this many overdue tasks and late reviews are listed (the oldest first); the counts are complete. */
const LIST_LIMIT = 200;

@Injectable()
export class LeadershipService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {}

  /**
   * Who is late, on what, since when, and what was said: the tasks OPDs owe past their deadline (the oldest
   * first) with the latest instruction, review note or comment; the lead's reviews escalated as late; counts
   * per OPD. Leadership and admins see the regency, a Kepala OPD or a lead their own OPD.
   */
  async overview(auth: AuthContext): Promise<LeadershipOverview> {
    this.access.requireRole(auth, 'escalation.board');
    const own = this.access.ownAgencyOnly(auth);
    // What an OPD submitted and what was said about it is work content: ADMIN reads the state of work only.
    const content = mayRole(auth.role, 'work.content') || own !== null;
    const now = new Date();
    const overdueWhere = {
      ...(own ? { agencyId: own } : {}),
      status: { in: [...OWED_STATES] },
      dueAt: { lt: now },
    };
    const lateWhere = { ...(own ? { agencyId: own } : {}), kind: 'REVIEW' as const, status: 'OPEN' as const };
    const person = { select: { id: true, fullName: true } };
    const [overdue, overdueCounts, late, lateCounts] = await Promise.all([
      this.db.task.findMany({
        where: overdueWhere,
        orderBy: { dueAt: 'asc' },
        take: LIST_LIMIT,
        select: {
          id: true,
          title: true,
          status: true,
          dueAt: true,
          escalationLevel: true,
          projectId: true,
          project: { select: { title: true } },
          agency: { select: { code: true, name: true } },
          assignee: person,
          escalations: {
            where: { instruction: { not: null } },
            orderBy: { answeredAt: 'desc' },
            take: 1,
            select: { instruction: true, answeredAt: true, openedAt: true, answeredBy: person },
          },
          contributions: {
            where: { reviewNote: { not: null } },
            orderBy: { reviewedAt: 'desc' },
            take: 1,
            select: { reviewNote: true, reviewedAt: true, reviewedBy: person },
          },
          comments: {
            orderBy: { createdAt: 'desc' },
            take: 1,
            select: { body: true, createdAt: true, authorUser: person },
          },
        },
      }),
      this.db.task.groupBy({ by: ['agencyId'], where: overdueWhere, _count: { _all: true } }),
      this.db.escalation.findMany({
        where: lateWhere,
        orderBy: { openedAt: 'asc' },
        take: LIST_LIMIT,
        select: {
          id: true,
          level: true,
          openedAt: true,
          agency: { select: { code: true, name: true } },
          project: { select: { id: true, title: true, leadUser: person } },
          task: {
            select: {
              id: true,
              title: true,
              reviewDueAt: true,
              agency: { select: { code: true, name: true } },
              contributions: {
                where: { status: 'SUBMITTED' },
                orderBy: { version: 'desc' },
                take: 1,
                select: { submittedAt: true },
              },
            },
          },
        },
      }),
      this.db.escalation.groupBy({ by: ['agencyId'], where: lateWhere, _count: { _all: true } }),
    ]);
    const ids = [...new Set([...overdueCounts, ...lateCounts].map((r) => r.agencyId))];
    const agencies = await this.db.agency.findMany({
      where: { id: { in: ids } },
      select: { id: true, code: true, name: true },
    });
    const perOpd = agencies
      .map((a) => ({
        agencyCode: a.code,
        agencyName: a.name,
        openOverdue: overdueCounts.find((r) => r.agencyId === a.id)?._count._all ?? 0,
        lateReviews: lateCounts.find((r) => r.agencyId === a.id)?._count._all ?? 0,
      }))
      .sort(
        (a, b) =>
          b.openOverdue + b.lateReviews - (a.openOverdue + a.lateReviews) ||
          (a.agencyCode < b.agencyCode ? -1 : 1),
      );
    return {
      generatedAt: now.toISOString(),
      overdue: overdue.map((t) => {
        const instruction = t.escalations[0];
        const note = t.contributions[0];
        const comment = t.comments[0];
        const words: (LastWord | null)[] = [
          instruction?.instruction
            ? {
                kind: 'INSTRUCTION',
                text: instruction.instruction,
                by: instruction.answeredBy?.fullName ?? null,
                at: (instruction.answeredAt ?? instruction.openedAt).toISOString(),
              }
            : null,
          content && note?.reviewNote && note.reviewedAt
            ? {
                kind: 'REVIEW_NOTE',
                text: note.reviewNote,
                by: note.reviewedBy?.fullName ?? null,
                at: note.reviewedAt.toISOString(),
              }
            : null,
          content && comment
            ? {
                kind: 'COMMENT',
                text: comment.body,
                by: comment.authorUser.fullName,
                at: comment.createdAt.toISOString(),
              }
            : null,
        ];
        return {
          taskId: t.id,
          projectId: t.projectId,
          projectTitle: t.project.title,
          title: t.title,
          agencyCode: t.agency.code,
          agencyName: t.agency.name,
          status: t.status,
          overdueSince: t.dueAt.toISOString(),
          escalationLevel: t.escalationLevel,
          holder: t.assignee ? { userId: t.assignee.id, fullName: t.assignee.fullName } : null,
          lastWord: latestWord(words),
        };
      }),
      lateReviews: late.map((e) => ({
        escalationId: e.id,
        taskId: e.task.id,
        projectId: e.project.id,
        projectTitle: e.project.title,
        title: e.task.title,
        level: e.level,
        leadAgencyCode: e.agency.code,
        leadAgencyName: e.agency.name,
        lead: { userId: e.project.leadUser.id, fullName: e.project.leadUser.fullName },
        opdCode: e.task.agency.code,
        opdName: e.task.agency.name,
        waitingSince: (e.task.contributions[0]?.submittedAt ?? e.openedAt).toISOString(),
        reviewDueAt: e.task.reviewDueAt?.toISOString() ?? null,
      })),
      perOpd,
    };
  }
}

@ApiTags('leadership')
@ApiBearerAuth()
@Controller('leadership')
export class LeadershipController {
  constructor(private readonly leadership: LeadershipService) {}

  @Get('overview')
  @ApiOkResponse({
    description:
      'Open overdue tasks with what was said, late reviews and counts per OPD (the regency for leadership, otherwise the own OPD)',
  })
  @ApiForbiddenResponse({ description: 'LEADERSHIP, ADMIN, AGENCY_HEAD and LEAD only' })
  @ApiOperation({ summary: 'The leadership home: who is late, on what, since when' })
  overview(@Auth() auth: AuthContext) {
    return this.leadership.overview(auth);
  }
}

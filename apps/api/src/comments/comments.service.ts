import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { audit } from '@gotong/database/audit';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { Idempotency } from '../common/idempotency';
import type { AddCommentDto } from './comments.dto';
import { mentionedCodes } from './mentions';

/** What a comment is on. */
export type CommentSubjectKind = 'TASK' | 'PROJECT' | 'INCIDENT';
export interface CommentSubject {
  kind: CommentSubjectKind;
  id: string;
}

/** A subject the caller may read, with what the audit trail and the notification need. */
export interface SubjectFacts extends CommentSubject {
  title: string;
  /** The project whose audit stream records the comment (an incident's own project). */
  projectId: string;
  taskId: string | null;
}

/** How many characters of a comment a notification quotes. */
const EXCERPT_LENGTH = 280;
/** The newest comments listed (a thread longer than this is shown from its most recent part). */
const LIST_LIMIT = 500;

export const commentView = {
  id: true,
  body: true,
  createdAt: true,
  authorUser: { select: { id: true, fullName: true } },
  authorAgency: { select: { code: true, name: true } },
  mentions: { select: { agency: { select: { code: true, name: true } } }, orderBy: { agencyId: 'asc' } },
  attachments: {
    select: {
      id: true,
      fileName: true,
      mediaType: true,
      sizeBytes: true,
      sha256: true,
      thumbnailKey: true,
      createdAt: true,
    },
    orderBy: { createdAt: 'asc' },
  },
} satisfies Prisma.CommentSelect;

type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentView }>;

/** A comment as the API answers it: author, OPD, mentioned OPDs, attachments (with whether a thumbnail exists). */
export function toCommentView(row: CommentRow) {
  return {
    id: row.id,
    body: row.body,
    createdAt: row.createdAt,
    author: row.authorUser,
    agency: row.authorAgency,
    mentions: row.mentions.map((m) => m.agency),
    attachments: row.attachments.map(({ thumbnailKey, ...a }) => ({
      ...a,
      hasThumbnail: thumbnailKey !== null,
    })),
  };
}

/**
 * Comments on tasks, projects and incidents. Whoever may read the object may read and write its comments: the
 * check is AccessService's own (requireTaskAs, requireProjectRead, requireIncident), the one reading the
 * object uses. A mentioned OPD must be able to read the object too (it would be told of something it cannot
 * open); each one is notified through the outbox (audit action COMMENT_MENTIONED, apps/notifier). Comments are
 * never edited or deleted: the audit trail records each one (COMMENT_ADDED).
 */
@Injectable()
export class CommentsService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
  ) {
    this.idempotency = new Idempotency(db);
  }

  async list(auth: AuthContext, subject: CommentSubject) {
    await this.requireSubjectRead(auth, subject);
    const rows = await this.db.comment.findMany({
      where: subjectWhere(subject),
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: LIST_LIMIT,
      select: commentView,
    });
    return rows.reverse().map(toCommentView);
  }

  /** Once per Idempotency-Key: a resent comment (a lost answer, a double click) is the first one, not a copy. */
  add(auth: AuthContext, subject: CommentSubject, dto: AddCommentDto, key?: string) {
    const route = `POST /${subject.kind.toLowerCase()}s/${subject.id}/comments`;
    return this.idempotency.run({ auth, key, route, body: dto }, ({ id }) =>
      this.create(auth, subject, dto, id),
    );
  }

  private async create(auth: AuthContext, subject: CommentSubject, dto: AddCommentDto, commentId: string) {
    const facts = await this.requireSubjectRead(auth, subject);
    // A copy of the same keyed request that ran alongside already wrote it.
    const written = await this.db.comment.findUnique({ where: { id: commentId }, select: commentView });
    if (written) return toCommentView(written);
    const mentioned = await this.mentionedAgencies(facts, [
      ...mentionedCodes(dto.body),
      ...(dto.mentions ?? []),
    ]);
    const author = await this.db.user.findUniqueOrThrow({
      where: { id: auth.userId },
      select: { fullName: true, agency: { select: { name: true } } },
    });
    const now = new Date();
    const created = await this.db.$transaction(async (tx) => {
      const comment = await tx.comment.create({
        data: {
          id: commentId,
          ...subjectData(subject),
          authorUserId: auth.userId,
          authorAgencyId: auth.agencyId,
          body: dto.body,
          createdAt: now,
          mentions: { create: mentioned.map((a) => ({ agencyId: a.id })) },
        },
        select: { id: true },
      });
      const base = {
        projectId: facts.projectId,
        taskId: facts.taskId,
        actorUserId: auth.userId,
        actorAgencyId: auth.agencyId,
        occurredAt: now,
      };
      await audit(tx, {
        ...base,
        eventKey: `comment:${comment.id}`,
        action: 'COMMENT_ADDED',
        detail: {
          commentId: comment.id,
          subject: facts.kind,
          subjectId: facts.id,
          mentions: mentioned.map((a) => a.code),
        },
      });
      // One event per mentioned OPD: its own notification, naming it.
      for (const agency of mentioned) {
        await audit(tx, {
          ...base,
          eventKey: `comment:${comment.id}:mention:${agency.id}`,
          action: 'COMMENT_MENTIONED',
          detail: {
            commentId: comment.id,
            subject: facts.kind,
            subjectId: facts.id,
            subjectTitle: facts.title,
            authorName: author.fullName,
            authorAgencyName: author.agency.name,
            mentionedAgencyId: agency.id,
            mentionedAgencyName: agency.name,
            excerpt: excerpt(dto.body),
          },
        });
      }
      return tx.comment.findUniqueOrThrow({ where: { id: comment.id }, select: commentView });
    });
    return toCommentView(created);
  }

  /**
   * Read access to the subject, by the same AccessService method that guards reading it (404 unknown, 403 not
   * the caller's to see).
   */
  async requireSubjectRead(auth: AuthContext, subject: CommentSubject): Promise<SubjectFacts> {
    switch (subject.kind) {
      case 'TASK': {
        const { facts } = await this.access.requireTaskAs(auth, subject.id, { action: 'read' });
        const task = await this.db.task.findUniqueOrThrow({
          where: { id: subject.id },
          select: { title: true },
        });
        return { ...subject, title: task.title, projectId: facts.projectId, taskId: subject.id };
      }
      case 'PROJECT': {
        await this.access.requireProjectRead(auth, subject.id);
        const project = await this.db.jointProject.findUniqueOrThrow({
          where: { id: subject.id },
          select: { title: true },
        });
        return { ...subject, title: project.title, projectId: subject.id, taskId: null };
      }
      case 'INCIDENT': {
        const incident = await this.access.requireIncident(auth, subject.id, 'read');
        const { title } = await this.db.incident.findUniqueOrThrow({
          where: { id: subject.id },
          select: { title: true },
        });
        return { ...subject, title, projectId: incident.projectId, taskId: null };
      }
    }
  }

  /**
   * The OPDs named by code, each one able to read the subject (the check of a staff member of that OPD, or its
   * leadership, who read everything). An unknown code or an OPD that cannot see the subject is a 400 naming it.
   */
  private async mentionedAgencies(facts: SubjectFacts, codes: string[]) {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return [];
    const agencies = await this.db.agency.findMany({
      where: { code: { in: wanted }, active: true },
      select: { id: true, code: true, name: true },
      orderBy: { code: 'asc' },
    });
    const problems: string[] = [];
    const known = new Set(agencies.map((a) => a.code));
    for (const code of wanted) {
      if (!known.has(code)) problems.push(`mentions: @${code} is not an active OPD code`);
    }
    for (const agency of agencies) {
      if (!(await this.agencyReads(agency, facts))) {
        problems.push(
          `mentions: @${agency.code} cannot see this ${facts.kind.toLowerCase()}; mention only OPDs that take part in it`,
        );
      }
    }
    if (problems.length > 0) {
      throw new BadRequestException({ message: problems, error: 'Bad Request', statusCode: 400 });
    }
    return agencies;
  }

  /** Whether the people of an OPD read the subject: as one of its staff would, or as its leadership. */
  private async agencyReads(agency: { id: string; code: string }, facts: SubjectFacts): Promise<boolean> {
    const leadership = await this.db.user.count({
      where: { agencyId: agency.id, role: 'LEADERSHIP', active: true },
    });
    if (leadership > 0) return true;
    const staff: AuthContext = {
      userId: '00000000-0000-0000-0000-000000000000',
      agencyId: agency.id,
      agencyCode: agency.code,
      role: 'STAFF',
      username: `staff of ${agency.code}`,
    };
    try {
      await this.requireSubjectRead(staff, facts);
      return true;
    } catch (error) {
      if (error instanceof ForbiddenException || error instanceof NotFoundException) return false;
      throw error;
    }
  }
}

function subjectWhere(subject: CommentSubject): Prisma.CommentWhereInput {
  return subjectData(subject);
}

function subjectData(subject: CommentSubject): { taskId?: string; projectId?: string; incidentId?: string } {
  switch (subject.kind) {
    case 'TASK':
      return { taskId: subject.id };
    case 'PROJECT':
      return { projectId: subject.id };
    case 'INCIDENT':
      return { incidentId: subject.id };
  }
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1)}…`;
}

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  BadRequestException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { AppConfig } from '@gotong/config/config';
import { audit } from '@gotong/database/audit';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { worksForAgency } from '@gotong/domain/permissions';
import { ObjectNotFoundError, type ObjectStore } from '@gotong/storage/object-store';
import { AccessService } from '../common/access.service';
import type { AuthContext } from '../common/auth-context';
import { CommentsService, type CommentSubject } from '../comments/comments.service';
import { ALLOWED_TYPES, cleanFileName, judgeContent, megabytes, PHOTO_TYPES, sha256Hex } from './file-checks';
import { makeThumbnail } from './thumbnail';

export const OBJECT_STORE = Symbol('OBJECT_STORE');

/** A file as multer hands it over (memory storage). */
export interface UploadedAttachment {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const attachmentView = {
  id: true,
  fileName: true,
  mediaType: true,
  sizeBytes: true,
  sha256: true,
  thumbnailKey: true,
  createdAt: true,
  uploadedBy: { select: { id: true, fullName: true } },
} satisfies Prisma.AttachmentSelect;

type AttachmentRow = Prisma.AttachmentGetPayload<{ select: typeof attachmentView }>;

function toView({ thumbnailKey, ...row }: AttachmentRow) {
  return { ...row, hasThumbnail: thumbnailKey !== null };
}

/** Where an upload goes and what its audit event says. */
interface Owner {
  data: { contributionId: string } | { commentId: string };
  projectId: string;
  taskId: string | null;
  detail: Record<string, string | number>;
}

/** One stored file to send: its bytes, type, name and size. */
export interface AttachmentContent {
  stream: Readable;
  mediaType: string;
  fileName: string;
  sizeBytes: number | null;
}

/**
 * Attachments (photos, PDFs, spreadsheets, documents) on contributions — a task's or a sitrep's, once it is
 * submitted — and on comments. Reading one is checked exactly as reading what it belongs to: a contribution's
 * content (AccessService.requireTaskAs 'read-content', as GET /tasks/:id/contributions), a comment's object
 * (CommentsService.requireSubjectRead). The type is judged from the content (file-type), the size by multer and
 * again here; photos get an EXIF-free thumbnail. Bytes go to the object store first, then the row and its audit
 * event (ATTACHMENT_ADDED) in one transaction; if that fails the bytes are removed again.
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('AttachmentsService');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    private readonly access: AccessService,
    private readonly comments: CommentsService,
  ) {}

  /** Evidence for a submitted contribution: by the task's OPD (its staff or head, or who stands in for the head). */
  async addToContribution(
    auth: AuthContext,
    taskId: string,
    version: number,
    file: UploadedAttachment | undefined,
  ) {
    const { facts, actor } = await this.access.requireTaskAs(auth, taskId, { action: 'read-content' });
    if (!worksForAgency(actor, facts.agencyId)) {
      throw new ForbiddenException(
        "only the task's OPD (its staff and head) attaches files to its contributions",
      );
    }
    const contribution = await this.contribution(taskId, version);
    return this.save(auth, file, {
      data: { contributionId: contribution.id },
      projectId: facts.projectId,
      taskId,
      detail: { owner: 'CONTRIBUTION', contributionId: contribution.id, version },
    });
  }

  async listForContribution(auth: AuthContext, taskId: string, version: number) {
    await this.access.requireTaskAs(auth, taskId, { action: 'read-content' });
    const contribution = await this.contribution(taskId, version);
    const rows = await this.db.attachment.findMany({
      where: { contributionId: contribution.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      select: attachmentView,
    });
    return rows.map(toView);
  }

  /** A file on a comment: by its author only, who must still be able to read what the comment is on. */
  async addToComment(auth: AuthContext, commentId: string, file: UploadedAttachment | undefined) {
    const comment = await this.db.comment.findUnique({
      where: { id: commentId },
      select: { authorUserId: true, taskId: true, projectId: true, incidentId: true },
    });
    if (!comment) throw new NotFoundException(`comment ${commentId} not found`);
    const facts = await this.comments.requireSubjectRead(auth, subjectOf(comment));
    if (comment.authorUserId !== auth.userId) {
      throw new ForbiddenException("only the comment's author attaches files to it");
    }
    return this.save(auth, file, {
      data: { commentId },
      projectId: facts.projectId,
      taskId: facts.taskId,
      detail: { owner: 'COMMENT', commentId },
    });
  }

  async get(auth: AuthContext, attachmentId: string) {
    const row = await this.requireRead(auth, attachmentId);
    return toView(row);
  }

  /** The file itself, or its thumbnail (404 for a file that has none: not a photo). */
  async content(
    auth: AuthContext,
    attachmentId: string,
    which: 'original' | 'thumbnail',
  ): Promise<AttachmentContent> {
    const row = await this.requireRead(auth, attachmentId);
    const key = which === 'original' ? row.storageKey : row.thumbnailKey;
    if (!key)
      throw new NotFoundException(`attachment ${attachmentId} has no thumbnail (only photos have one)`);
    try {
      const stream = await this.store.get(key);
      return which === 'original'
        ? { stream, mediaType: row.mediaType, fileName: row.fileName, sizeBytes: row.sizeBytes }
        : { stream, mediaType: 'image/jpeg', fileName: thumbnailName(row.fileName), sizeBytes: null };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) {
        this.logger.error(
          `attachment ${attachmentId}: its ${which} (${key}) is missing from the object store`,
        );
        throw new NotFoundException(
          `the stored file of attachment ${attachmentId} is missing; tell the administrator`,
        );
      }
      throw error;
    }
  }

  /** Read access to an attachment: the same check as reading what it belongs to. */
  private async requireRead(auth: AuthContext, attachmentId: string) {
    const row = await this.db.attachment.findUnique({
      where: { id: attachmentId },
      select: {
        ...attachmentView,
        storageKey: true,
        contribution: { select: { taskId: true } },
        comment: { select: { taskId: true, projectId: true, incidentId: true } },
      },
    });
    if (!row) throw new NotFoundException(`attachment ${attachmentId} not found`);
    if (row.contribution) {
      await this.access.requireTaskAs(auth, row.contribution.taskId, { action: 'read-content' });
    } else if (row.comment) {
      await this.comments.requireSubjectRead(auth, subjectOf(row.comment));
    } else {
      throw new NotFoundException(`attachment ${attachmentId} not found`);
    }
    return row;
  }

  private async contribution(taskId: string, version: number) {
    const contribution = await this.db.contribution.findUnique({
      where: { taskId_version: { taskId, version } },
      select: { id: true },
    });
    if (!contribution) {
      throw new NotFoundException(`task ${taskId} has no submitted contribution version ${version}`);
    }
    return contribution;
  }

  private async save(auth: AuthContext, file: UploadedAttachment | undefined, owner: Owner) {
    if (!file) {
      throw new BadRequestException({
        message: ['file: send the file as the multipart/form-data field "file"'],
        error: 'Bad Request',
        statusCode: 400,
      });
    }
    const fileName = cleanFileName(file.originalname, 'lampiran');
    if (file.size === 0 || file.buffer.length === 0) {
      throw new BadRequestException({
        message: [`file: ${fileName} is empty`],
        error: 'Bad Request',
        statusCode: 400,
      });
    }
    const max = this.config.ATTACHMENT_MAX_BYTES;
    if (file.buffer.length > max) throw new PayloadTooLargeException(tooLargeMessage(max));
    const judged = await judgeContent(file.buffer, fileName, file.mimetype);
    if (!judged.ok) {
      throw new UnsupportedMediaTypeException(
        `file: ${fileName} is ${judged.found === 'unknown' ? 'of an unknown type' : judged.found}; ` +
          `allowed are ${Object.values(ALLOWED_TYPES).join(', ')} (judged by the content, not the name)`,
      );
    }
    const { mediaType } = judged;
    const thumbnail = PHOTO_TYPES.has(mediaType) ? await makeThumbnail(file.buffer) : null;
    if (PHOTO_TYPES.has(mediaType) && !thumbnail) {
      throw new BadRequestException({
        message: [`file: the photo ${fileName} cannot be read (damaged or incomplete)`],
        error: 'Bad Request',
        statusCode: 400,
      });
    }

    const id = randomUUID();
    const storageKey = `attachments/${id}`;
    const thumbnailKey = thumbnail ? `attachments/${id}.thumb.jpg` : null;
    const sha256 = sha256Hex(file.buffer);
    await this.store.put(storageKey, file.buffer, mediaType);
    try {
      if (thumbnail && thumbnailKey) await this.store.put(thumbnailKey, thumbnail, 'image/jpeg');
      const now = new Date();
      const row = await this.db.$transaction(async (tx) => {
        const created = await tx.attachment.create({
          data: {
            id,
            ...owner.data,
            fileName,
            mediaType,
            sizeBytes: file.buffer.length,
            sha256,
            storageKey,
            thumbnailKey,
            uploadedById: auth.userId,
            createdAt: now,
          },
          select: attachmentView,
        });
        await audit(tx, {
          eventKey: `attachment:${id}`,
          action: 'ATTACHMENT_ADDED',
          projectId: owner.projectId,
          taskId: owner.taskId,
          actorUserId: auth.userId,
          actorAgencyId: auth.agencyId,
          occurredAt: now,
          detail: {
            ...owner.detail,
            attachmentId: id,
            fileName,
            mediaType,
            sizeBytes: file.buffer.length,
            sha256,
          },
        });
        return created;
      });
      return toView(row);
    } catch (error) {
      await Promise.all(
        [storageKey, thumbnailKey].flatMap((key) =>
          key ? [this.store.delete(key).catch(() => undefined)] : [],
        ),
      );
      throw error;
    }
  }
}

export function tooLargeMessage(max: number): string {
  return `file: larger than the limit of ${megabytes(max)} per file; send a smaller file (a photo at a lower resolution, a PDF in parts)`;
}

function subjectOf(owner: {
  taskId: string | null;
  projectId: string | null;
  incidentId: string | null;
}): CommentSubject {
  if (owner.taskId) return { kind: 'TASK', id: owner.taskId };
  if (owner.projectId) return { kind: 'PROJECT', id: owner.projectId };
  if (owner.incidentId) return { kind: 'INCIDENT', id: owner.incidentId };
  throw new Error('a comment is about exactly one task, project or incident');
}

function thumbnailName(fileName: string): string {
  return `${fileName.replace(/\.[^.]*$/, '')}-thumbnail.jpg`;
}

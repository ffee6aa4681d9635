import { randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { AppConfig } from '@gotong/config/config';
import { audit } from '@gotong/database/audit';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { deadlineFor, type Sla, type WorkCalendar } from '@gotong/domain/calendar';
import {
  CITIZEN_CATEGORIES,
  citizenCategory,
  deskAgencyCode,
  handlingAgencyCode,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
} from '@gotong/domain/citizen/categories';
import {
  answerRefusal,
  filingProblems,
  judgeFirstResponse,
  HANDLING_ROLES,
  mayHandle,
  REJECTION_TEXT,
  triageRefusal,
  type RejectionReason,
  type ReportFacts,
  type ReportRefusal,
  type TriageInput,
} from '@gotong/domain/citizen/rules';
import { normalizeTrackingNumber, trackingNumberFrom } from '@gotong/domain/citizen/tracking-number';
import { plannedWorkProblems } from '@gotong/domain/input-rules';
import { readsRegencyWide } from '@gotong/domain/permissions';
import { DEFAULT_ESCALATION, type EscalationPolicy, type TemplateDefinition } from '@gotong/domain/template';
import type { ProjectInput } from '@gotong/contracts/project';
import { OPD_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import type { ObjectStore } from '@gotong/storage/object-store';
import type { citizenReportWorkflow } from '@gotong/workflows/citizen/citizen-report.workflow';
import {
  answerReportUpdate,
  citizenReportWorkflowId,
  triageReportUpdate,
  type CitizenReportInput,
} from '@gotong/workflows/citizen/messages';
import { judgeContent, megabytes } from '../attachments/file-checks';
import { actorOf, type AuthContext } from '../common/auth-context';
import { startOnce, TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { ProjectPlanner } from '../projects/project-planner';
import { ChallengeService } from './challenge.service';
import type { AnswerDto, FileReportDto, ListCitizenReportsQuery, TriageDto } from './citizen.dto';

export const CITIZEN_PHOTO_STORE = Symbol('CITIZEN_PHOTO_STORE');

/** A photo as multer hands it over (memory storage). */
export interface UploadedPhoto {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const badRequest = (messages: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message: messages });

function refusalError(refusal: ReportRefusal): Error {
  switch (refusal.kind) {
    case 'FORBIDDEN':
      return new ForbiddenException(refusal.message);
    case 'NOT_OPEN':
      return new ConflictException(refusal.message);
    case 'INVALID':
      return badRequest(refusal.message.split('; '));
  }
}

const reportView = {
  id: true,
  trackingNumber: true,
  workflowId: true,
  category: true,
  desaCode: true,
  description: true,
  reporterName: true,
  reporterContact: true,
  photoKey: true,
  photoMediaType: true,
  photoSizeBytes: true,
  status: true,
  handlingAgencyId: true,
  firstResponseDueAt: true,
  firstRespondedAt: true,
  rejectionReason: true,
  projectId: true,
  escalationLevel: true,
  closedAt: true,
  createdAt: true,
  desa: { select: { name: true, parent: { select: { code: true, name: true } } } },
  handlingAgency: { select: { code: true, name: true } },
  answers: {
    orderBy: { createdAt: 'asc' },
    select: { text: true, final: true, createdAt: true, agency: { select: { name: true } } },
  },
  project: {
    select: { id: true, title: true, status: true, tasks: { select: { status: true } } },
  },
} satisfies Prisma.CitizenReportSelect;

type ReportRow = Prisma.CitizenReportGetPayload<{ select: typeof reportView }>;

const categoryLabel = (code: string) => citizenCategory(code)?.label ?? { id: code, en: code };

/** What anyone may read by tracking number: no personal data, no internal notes, no names of staff. */
function publicView(row: ReportRow) {
  const done =
    row.project?.tasks.filter((t) => t.status === 'COMPLETED' || t.status === 'CLOSED').length ?? 0;
  return {
    trackingNumber: row.trackingNumber,
    category: row.category,
    categoryLabel: categoryLabel(row.category),
    desaCode: row.desaCode,
    desaName: row.desa.name,
    kecamatanName: row.desa.parent?.name ?? null,
    description: row.description,
    hasPhoto: row.photoKey !== null,
    status: row.status,
    receivedAt: row.createdAt.toISOString(),
    firstResponseDueAt: row.firstResponseDueAt.toISOString(),
    firstRespondedAt: row.firstRespondedAt?.toISOString() ?? null,
    handlingAgency: { code: row.handlingAgency.code, name: row.handlingAgency.name },
    answers: row.answers.map((a) => ({
      text: a.text,
      agencyName: a.agency.name,
      at: a.createdAt.toISOString(),
      final: a.final,
    })),
    rejection: row.rejectionReason
      ? {
          reason: row.rejectionReason as RejectionReason,
          text: REJECTION_TEXT[row.rejectionReason as RejectionReason] ?? '',
        }
      : null,
    project: row.project
      ? { status: row.project.status, tasksTotal: row.project.tasks.length, tasksDone: done }
      : null,
  };
}

export type PublicReport = ReturnType<typeof publicView>;

/**
 * Citizen reports (aduan warga): the public filing and tracking, and the desk's list, detail, triage and
 * answers. The rules are libs/domain/src/citizen (the same functions the workflow's validators run);
 * citizenReportWorkflow keeps the first-response clock and carries out triage and answers.
 *
 * Who sees what: anyone with the tracking number reads the public view; the handling OPD, the regency desk
 * (DISKOMINFO, responsibility pengaduan-masyarakat) and ADMIN read and act on a report, with the reporter's
 * personal data and the photo; LEADERSHIP reads every report without personal data; any other OPD: 403.
 */
@Injectable()
export class CitizenReportsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CITIZEN_PHOTO_STORE) private readonly store: ObjectStore,
    private readonly challenges: ChallengeService,
    private readonly planner: ProjectPlanner,
    private readonly workflows: WorkflowGateway,
  ) {}

  async categories() {
    const codes = CITIZEN_CATEGORIES.map((c) => handlingAgencyCode(c.code)!);
    const agencies = await this.db.agency.findMany({
      where: { code: { in: codes } },
      select: { code: true, name: true },
    });
    const names = new Map(agencies.map((a) => [a.code, a.name]));
    return CITIZEN_CATEGORIES.map((c) => {
      const code = handlingAgencyCode(c.code)!;
      return {
        code: c.code,
        label: c.label,
        agencyCode: code,
        agencyName: names.get(code) ?? code,
        suggestedTemplateCode: c.suggestedTemplate,
        firstResponseSla: c.firstResponseSla,
      };
    });
  }

  /** Every desa and kelurahan of the regency with its kecamatan, for the public form. */
  async areas() {
    const rows = await this.db.area.findMany({
      where: { level: { in: ['DESA', 'KELURAHAN'] } },
      select: { code: true, name: true, parent: { select: { code: true, name: true } } },
      orderBy: { code: 'asc' },
    });
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      kecamatanCode: r.parent?.code ?? null,
      kecamatanName: r.parent?.name ?? null,
    }));
  }

  challenge() {
    return this.challenges.issue();
  }

  private firstResponsePlan(sla: Sla, calendar: WorkCalendar) {
    const seconds = this.config.CITIZEN_FIRST_RESPONSE_TEST_SECONDS;
    if (seconds === undefined) return { sla, calendar, escalation: DEFAULT_ESCALATION };
    // Compressed time for tests: the SLA and every level's timeout in seconds, on a 24/7 calendar.
    const timeout: Sla = { amount: seconds, unit: 'seconds' };
    const escalation: EscalationPolicy = {
      levels: DEFAULT_ESCALATION.levels.map((l) => ({ level: l.level, timeout, repeats: 0 })),
    };
    return { sla: timeout, calendar: { ...calendar, mode: 'ALWAYS' as const }, escalation };
  }

  async file(dto: FileReportDto, photo: UploadedPhoto | undefined) {
    const problems = filingProblems(dto);
    if (problems.length > 0) throw badRequest(problems);
    const category = citizenCategory(dto.category);
    if (!category) throw badRequest([`category: one of ${CITIZEN_CATEGORIES.map((c) => c.code).join(', ')}`]);
    await this.challenges.check(dto.challengeToken, dto.challengeAnswer);
    const desa = await this.db.area.findUnique({ where: { code: dto.desaCode }, select: { level: true } });
    if (!desa || (desa.level !== 'DESA' && desa.level !== 'KELURAHAN')) {
      throw badRequest([`desaCode: ${dto.desaCode} is not a desa or kelurahan of Kabupaten Probolinggo`]);
    }
    let mediaType: string | null = null;
    if (photo) {
      if (photo.size > PHOTO_MAX_BYTES)
        throw new PayloadTooLargeException(`photo: larger than ${megabytes(PHOTO_MAX_BYTES)}`);
      const judged = await judgeContent(photo.buffer, photo.originalname, photo.mimetype);
      if (!judged.ok || !PHOTO_TYPES.includes(judged.mediaType)) {
        throw new UnsupportedMediaTypeException(
          `photo: the content is ${judged.ok ? judged.mediaType : judged.found}, not JPEG, PNG or WebP`,
        );
      }
      mediaType = judged.mediaType;
    }
    const [handling, desk] = await Promise.all([
      this.db.agency.findUniqueOrThrow({ where: { code: handlingAgencyCode(category.code)! } }),
      this.db.agency.findUniqueOrThrow({ where: { code: deskAgencyCode() } }),
    ]);
    const plan = this.firstResponsePlan(category.firstResponseSla, await this.planner.calendar('WORKING'));
    const now = new Date();
    const due = new Date(deadlineFor(now.getTime(), plan.sla, plan.calendar));
    const reportId = randomUUID();
    const photoKey = photo ? `citizen-reports/${reportId}/photo` : null;
    if (photo && photoKey) await this.store.put(photoKey, photo.buffer, mediaType!);
    let trackingNumber = '';
    for (let attempt = 0; ; attempt += 1) {
      trackingNumber = trackingNumberFrom(randomBytes(5));
      try {
        await this.db.citizenReport.create({
          data: {
            id: reportId,
            trackingNumber,
            workflowId: citizenReportWorkflowId(trackingNumber),
            category: category.code,
            desaCode: dto.desaCode,
            description: dto.description.trim(),
            reporterName: dto.reporterName ?? null,
            reporterContact: dto.reporterContact ?? null,
            photoKey,
            photoMediaType: mediaType,
            photoSizeBytes: photo?.size ?? null,
            handlingAgencyId: handling.id,
            firstResponseDueAt: due,
            createdAt: now,
          },
        });
        break;
      } catch (error) {
        // A tracking number already taken (1 in 2^40 per report): draw another.
        if (attempt < 3 && (error as { code?: string }).code === 'P2002') continue;
        if (photoKey) await this.store.delete(photoKey).catch(() => undefined);
        throw error;
      }
    }
    const input: CitizenReportInput = {
      reportId,
      trackingNumber,
      category: category.code,
      handlingAgencyId: handling.id,
      handlingAgencyCode: handling.code,
      deskAgencyId: desk.id,
      receivedAt: now.toISOString(),
      firstResponseDueAt: due.toISOString(),
      sla: plan.sla,
      calendar: plan.calendar,
      escalation: plan.escalation,
    };
    try {
      await startOnce<typeof citizenReportWorkflow>(this.temporal, 'citizenReportWorkflow', {
        workflowId: citizenReportWorkflowId(trackingNumber),
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: [{ key: OPD_ATTRIBUTE, value: handling.code }],
        memo: { title: `Aduan warga ${trackingNumber}`, category: category.code },
      });
    } catch (error) {
      // Nothing runs the report (Temporal down): no report is left behind that nobody would handle.
      await this.db.citizenReport.delete({ where: { id: reportId } }).catch(() => undefined);
      if (photoKey) await this.store.delete(photoKey).catch(() => undefined);
      throw error;
    }
    // Audited once it runs (the audit trail is append-only: it never names a report that was not filed).
    await this.db.$transaction((tx) =>
      audit(tx, {
        eventKey: `citizen-report:${reportId}:filed`,
        action: 'CITIZEN_REPORT_FILED',
        actorAgencyId: handling.id,
        detail: { trackingNumber, category: category.code, desaCode: dto.desaCode },
        occurredAt: now,
      }),
    );
    return { trackingNumber, status: 'RECEIVED' as const, firstResponseDueAt: due.toISOString() };
  }

  private async row(where: Prisma.CitizenReportWhereUniqueInput): Promise<ReportRow | null> {
    return this.db.citizenReport.findUnique({ where, select: reportView });
  }

  async track(typed: string): Promise<PublicReport> {
    const trackingNumber = normalizeTrackingNumber(typed);
    const row = trackingNumber ? await this.row({ trackingNumber }) : null;
    if (!row) throw new NotFoundException('no report with this tracking number');
    return publicView(row);
  }

  private async deskAgencyId(): Promise<string> {
    const desk = await this.db.agency.findUniqueOrThrow({
      where: { code: deskAgencyCode() },
      select: { id: true },
    });
    return desk.id;
  }

  private facts(row: ReportRow, deskAgencyId: string): ReportFacts {
    return {
      status: row.status,
      handlingAgencyCode: row.handlingAgency.code,
      handlingAgencyId: row.handlingAgencyId,
      deskAgencyId,
    };
  }

  /** A report the caller may read (handler, desk, ADMIN, LEADERSHIP): 404 unknown, 403 another OPD's. */
  private async readable(auth: AuthContext, id: string) {
    const [row, deskAgencyId] = await Promise.all([this.row({ id }), this.deskAgencyId()]);
    if (!row) throw new NotFoundException('no such citizen report');
    const handles = mayHandle(auth, { handlingAgencyId: row.handlingAgencyId, deskAgencyId });
    if (!handles && !readsRegencyWide(auth.role)) {
      throw new ForbiddenException('this report is handled by another OPD');
    }
    return { row, deskAgencyId, handles };
  }

  async list(auth: AuthContext, query: ListCitizenReportsQuery) {
    const deskAgencyId = await this.deskAgencyId();
    const handler = HANDLING_ROLES.has(auth.role);
    const everything = readsRegencyWide(auth.role) || (handler && auth.agencyId === deskAgencyId);
    // A role that handles nothing (a WALIDATA) lists nothing: the list shows what the caller may open.
    const where: Prisma.CitizenReportWhereInput = {
      ...(everything ? {} : { handlingAgencyId: handler ? auth.agencyId : { in: [] } }),
      ...(query.status ? { status: query.status } : {}),
      ...(query.category ? { category: query.category } : {}),
    };
    const [total, rows] = await Promise.all([
      this.db.citizenReport.count({ where }),
      this.db.citizenReport.findMany({
        where,
        orderBy: { createdAt: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
        select: {
          id: true,
          trackingNumber: true,
          category: true,
          desaCode: true,
          status: true,
          createdAt: true,
          firstResponseDueAt: true,
          firstRespondedAt: true,
          projectId: true,
          escalationLevel: true,
          desa: { select: { name: true } },
          handlingAgency: { select: { code: true, name: true } },
        },
      }),
    ]);
    const now = new Date();
    return {
      items: rows.map((r) => ({
        id: r.id,
        trackingNumber: r.trackingNumber,
        category: r.category,
        desaCode: r.desaCode,
        desaName: r.desa.name,
        status: r.status,
        handlingAgency: r.handlingAgency,
        receivedAt: r.createdAt.toISOString(),
        firstResponseDueAt: r.firstResponseDueAt.toISOString(),
        firstRespondedAt: r.firstRespondedAt?.toISOString() ?? null,
        overdue: judgeFirstResponse(r, now) === 'OPEN_OVERDUE',
        escalationLevel: r.escalationLevel,
        projectId: r.projectId,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
      nextPage: query.page * query.pageSize < total ? query.page + 1 : null,
    };
  }

  async get(auth: AuthContext, id: string) {
    const { row, handles } = await this.readable(auth, id);
    return this.detail(row, handles);
  }

  /** The desk's view: personal data, photo facts and internal notes only when `handles`. */
  private async detail(row: ReportRow, handles: boolean) {
    const id = row.id;
    const notes = handles
      ? await this.db.citizenReportNote.findMany({
          where: { reportId: id },
          orderBy: { createdAt: 'asc' },
          select: {
            action: true,
            text: true,
            createdAt: true,
            agency: { select: { code: true, name: true } },
            byUser: { select: { fullName: true } },
          },
        })
      : [];
    return {
      id: row.id,
      workflowId: row.workflowId,
      ...publicView(row),
      escalationLevel: row.escalationLevel,
      projectId: row.projectId,
      projectTitle: row.project?.title ?? null,
      piiVisible: handles,
      reporter: handles ? { name: row.reporterName, contact: row.reporterContact } : null,
      photo:
        handles && row.photoKey ? { mediaType: row.photoMediaType!, sizeBytes: row.photoSizeBytes! } : null,
      mayAct: handles,
      internalNotes: notes.map((n) => ({
        action: n.action,
        text: n.text,
        agency: n.agency,
        by: n.byUser.fullName,
        at: n.createdAt.toISOString(),
      })),
    };
  }

  async photo(
    auth: AuthContext,
    id: string,
  ): Promise<{ stream: Readable; mediaType: string; sizeBytes: number }> {
    const { row, handles } = await this.readable(auth, id);
    if (!handles) throw new ForbiddenException('only those handling the report see its photo');
    if (!row.photoKey) throw new NotFoundException('this report has no photo');
    return {
      stream: await this.store.get(row.photoKey),
      mediaType: row.photoMediaType!,
      sizeBytes: row.photoSizeBytes!,
    };
  }

  async triage(auth: AuthContext, id: string, dto: TriageDto) {
    const { row, deskAgencyId } = await this.readable(auth, id);
    const typed = triageInputOf(dto);
    const actor = actorOf(auth);
    const refusal = triageRefusal(actor, this.facts(row, deskAgencyId), typed);
    if (refusal) throw refusalError(refusal);
    const input = typed as TriageInput;
    let forwardTo: { agencyId: string; agencyCode: string } | undefined;
    let project: ProjectInput | undefined;
    if (input.action === 'forward') {
      const target = await this.db.agency.findUnique({ where: { code: input.agencyCode } });
      if (!target || !target.active) throw badRequest([`agencyCode: no active OPD ${input.agencyCode}`]);
      forwardTo = { agencyId: target.id, agencyCode: target.code };
    }
    if (input.action === 'project') project = await this.plannedProject(auth, row, input);
    await this.workflows.update(row.workflowId, triageReportUpdate, { actor, input, forwardTo, project });
    // After a forward the caller's OPD may no longer handle it: the answer is then without personal data.
    const after = (await this.row({ id }))!;
    return this.detail(after, mayHandle(auth, { handlingAgencyId: after.handlingAgencyId, deskAgencyId }));
  }

  /** The joint project a triage starts: the template's steps with the report's place and number filled in. */
  private async plannedProject(
    auth: AuthContext,
    row: ReportRow,
    input: Extract<TriageInput, { action: 'project' }>,
  ): Promise<ProjectInput> {
    const template = await this.db.template.findFirst({
      where: { code: input.templateCode },
      orderBy: { version: 'desc' },
    });
    if (!template) throw badRequest([`templateCode: no template ${input.templateCode}`]);
    const def = template.definition as unknown as TemplateDefinition;
    const declared = new Set(def.parameters.map((p) => p.key));
    const fromReport: Record<string, string> = {
      kecamatan: row.desa.parent?.code ?? '',
      desa: row.desaCode,
      nomorAduan: row.trackingNumber,
      lokasi: `Desa ${row.desa.name}`,
    };
    const parameters: Record<string, string> = {};
    for (const [key, value] of Object.entries(fromReport))
      if (declared.has(key) && value) parameters[key] = value;
    for (const [key, value] of Object.entries(input.parameters)) parameters[key] = String(value).trim();
    const steps = await this.planner.fromTemplate(def, parameters);
    const projectId = randomUUID();
    const project: ProjectInput = {
      projectId,
      title: input.title.trim(),
      description: `Tindak lanjut aduan warga ${row.trackingNumber}: ${row.description.slice(0, 500)}`,
      lead: actorOf(auth),
      templateId: template.id,
      parameters,
      steps,
      calendar: await this.planner.calendar(template.category === 'EMERGENCY' ? 'ALWAYS' : 'WORKING'),
    };
    const problems = plannedWorkProblems(project);
    if (problems.length > 0) throw badRequest(problems);
    return project;
  }

  async answer(auth: AuthContext, id: string, dto: AnswerDto) {
    const { row, deskAgencyId } = await this.readable(auth, id);
    const actor = actorOf(auth);
    const body = { text: dto.text.trim(), final: dto.final ?? false };
    const refusal = answerRefusal(actor, this.facts(row, deskAgencyId), body);
    if (refusal) throw refusalError(refusal);
    await this.workflows.update(row.workflowId, answerReportUpdate, { actor, ...body });
    const view = await this.get(auth, id);
    const last = view.answers[view.answers.length - 1]!;
    return last;
  }
}

/** The triage body as the domain's TriageInput (only the fields its action uses). */
function triageInputOf(dto: TriageDto): unknown {
  switch (dto.action) {
    case 'answer':
      return { action: 'answer', text: dto.text?.trim() };
    case 'project':
      return {
        action: 'project',
        templateCode: dto.templateCode,
        title: dto.title,
        parameters: dto.parameters ?? {},
        ...(dto.text?.trim() ? { text: dto.text.trim() } : {}),
      };
    case 'forward':
      return { action: 'forward', agencyCode: dto.agencyCode, note: dto.note?.trim() };
    case 'reject':
      return { action: 'reject', reason: dto.reason, note: dto.note?.trim() };
  }
}

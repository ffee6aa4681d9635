import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { AppConfig } from '@gotong/config/config';
import { APP_CONFIG, DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { writePolicyFirstRows } from '@gotong/activities/policy.activities';
import { validateSla } from '@gotong/domain/calendar';
import { readsRegencyWide } from '@gotong/domain/permissions';
import {
  DEFAULT_PARAF_SLA,
  DEFAULT_SIGN_OFF_SLA,
  draftProblems,
  draftsForAgency,
  legalSectionCode,
  policyActionRefusal,
  policyDraftWorkflowId,
  policyKeyOf,
  reviewersOf,
  signOffNoteProblem,
  signOffOfficeFor,
  type PolicyAction,
  type PolicyRefusal,
  type PolicyStatus,
} from '@gotong/domain/policy';
import type { Actor } from '@gotong/domain/roles';
import { DEFAULT_ESCALATION } from '@gotong/domain/template';
import { OPD_ATTRIBUTE, PROJECT_ATTRIBUTE } from '@gotong/contracts/search-attributes';
import type { policyDraftWorkflow } from '@gotong/workflows/policy/policy.workflow';
import {
  signOffUpdate,
  uploadVersionUpdate,
  withdrawPolicyUpdate,
  type PolicyDraftInput,
} from '@gotong/workflows/policy/messages';
import { AccessService } from '../common/access.service';
import { actorOf, type AuthContext } from '../common/auth-context';
import { derivedId, Idempotency, type Attempt } from '../common/idempotency';
import type { Page } from '../common/pagination';
import { startOnce, TEMPORAL_CLIENT } from '../infra/temporal';
import { WorkflowGateway } from '../infra/workflow-gateway';
import { ProjectPlanner } from '../projects/project-planner';
import type {
  CreatePolicyDraftDto,
  ListPolicyDraftsQuery,
  SignOffPolicyDto,
  UploadPolicyVersionDto,
  WithdrawPolicyDto,
} from './policy.dto';

const bad = (...message: string[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message });
const toHttp = (refusal: PolicyRefusal) =>
  refusal.kind === 'forbidden'
    ? new ForbiddenException(refusal.message)
    : new ConflictException(refusal.message);

const agency = { select: { id: true, code: true, name: true } } as const;
const user = { select: { id: true, fullName: true, position: true } } as const;

const summary = {
  id: true,
  key: true,
  kind: true,
  title: true,
  status: true,
  currentVersion: true,
  projectId: true,
  createdAt: true,
  signedAt: true,
  draftingAgency: agency,
} satisfies Prisma.PolicyDraftSelect;

/** One line of a draft's timeline, oldest first. */
export interface PolicyTimelineEntry {
  at: string;
  kind:
    | 'CREATED'
    | 'VERSION_UPLOADED'
    | 'INITIALLED'
    | 'REVIEW_RETURNED'
    | 'SIGNED_OFF'
    | 'SIGN_OFF_RETURNED'
    | 'SIGN_OFF_REMINDER'
    | 'SIGN_OFF_ESCALATED'
    | 'WITHDRAWN';
  version: number | null;
  agency: { id: string; code: string; name: string } | null;
  user: { id: string; fullName: string; position: string | null } | null;
  office: 'SEKDA' | 'BUPATI' | null;
  note: string | null;
}

/**
 * Joint policy drafting (libs/domain/src/policy, workflows/policy): a lead or the Kepala OPD of the drafting
 * OPD starts a draft and uploads its versions; each version goes to every reviewer OPD's inbox as an agency
 * task (paraf koordinasi); the Sekda and the Bupati sign. The drafting OPD, the reviewer OPDs and the
 * regency-wide readers (leadership, admin) read a draft; others get 403.
 */
@Injectable()
export class PolicyService {
  private readonly idempotency: Idempotency;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly planner: ProjectPlanner,
    private readonly workflows: WorkflowGateway,
    private readonly access: AccessService,
  ) {
    this.idempotency = new Idempotency(db, temporal);
  }

  async create(auth: AuthContext, dto: CreatePolicyDraftDto, key?: string) {
    if (!draftsForAgency(auth))
      throw new ForbiddenException('only a lead or the Kepala OPD starts a policy draft for its OPD');
    return this.idempotency.run(
      { auth, key, route: 'POST /policy-drafts', body: dto },
      ({ id }) => this.createAs(auth, dto, id),
      { keyFromBody: true },
    );
  }

  private async createAs(auth: AuthContext, dto: CreatePolicyDraftDto, draftId: string) {
    const problems = draftProblems({
      kind: dto.kind,
      title: dto.title,
      description: dto.description,
      reviewerCodes: dto.reviewers,
      draftingCode: auth.agencyCode,
    });
    const slaProblems = [
      ['reviewWithin', dto.reviewWithin],
      ['signOffWithin', dto.signOffWithin],
    ].flatMap(([field, sla]) => {
      const problem = sla === undefined ? null : validateSla(sla);
      return problem ? [`${field as string}: ${problem}`] : [];
    });
    if (problems.length + slaProblems.length > 0) throw bad(...problems, ...slaProblems);
    const codes = reviewersOf(dto.reviewers);
    const found = await this.planner.agenciesByCode(codes).catch((error: unknown) => {
      if (error instanceof BadRequestException) {
        const body = error.getResponse() as { message?: string[] };
        throw bad(...(body.message ?? ['unknown OPD']).map((m) => `reviewers: ${m}`));
      }
      throw error;
    });
    const keyOf = policyKeyOf(draftId);
    const input: PolicyDraftInput = {
      draftId,
      projectId: derivedId(draftId, 'policy-project'),
      key: keyOf,
      kind: dto.kind,
      title: dto.title,
      description: dto.description ?? null,
      drafting: { agencyId: auth.agencyId, agencyCode: auth.agencyCode },
      createdBy: actorOf(auth),
      reviewers: codes.map((code) => ({ agencyId: found.get(code)!.id, agencyCode: code })),
      calendar: await this.planner.calendar('WORKING'),
      parafSla: dto.reviewWithin ?? DEFAULT_PARAF_SLA,
      escalation: DEFAULT_ESCALATION,
      signOffSla: dto.signOffWithin ?? DEFAULT_SIGN_OFF_SLA,
    };
    const workflowId = policyDraftWorkflowId(dto.kind, keyOf);
    await startOnce<typeof policyDraftWorkflow>(this.temporal, 'policyDraftWorkflow', {
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: OPD_ATTRIBUTE, value: auth.agencyCode },
        { key: PROJECT_ATTRIBUTE, value: input.projectId },
      ],
      memo: { title: input.title, kind: input.kind },
    });
    await this.db.$transaction((tx) => writePolicyFirstRows(tx, { ...input, workflowId }, new Date()));
    return {
      id: draftId,
      key: keyOf,
      workflowId,
      projectId: input.projectId,
      status: 'DRAFTING' as PolicyStatus,
      reviewers: codes,
    };
  }

  /** The drafts the caller may read: its OPD's, those its OPD reviews, every draft for regency-wide readers. */
  private visible(auth: AuthContext): Prisma.PolicyDraftWhereInput {
    return readsRegencyWide(auth.role)
      ? {}
      : {
          OR: [{ draftingAgencyId: auth.agencyId }, { reviewers: { some: { agencyId: auth.agencyId } } }],
        };
  }

  async list(
    auth: AuthContext,
    query: ListPolicyDraftsQuery,
  ): Promise<Page<Prisma.PolicyDraftGetPayload<{ select: typeof summary }>>> {
    const where: Prisma.PolicyDraftWhereInput = {
      ...this.visible(auth),
      ...(query.status ? { status: query.status } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.policyDraft.findMany({
        where,
        select: summary,
        orderBy: { createdAt: 'desc' },
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.policyDraft.count({ where }),
    ]);
    return { items, page: query.page, pageSize: query.pageSize, total };
  }

  /** 404 for an unknown draft, 403 for a caller whose OPD neither drafts nor reviews it. */
  private async requireRead(auth: AuthContext, draftId: string) {
    const draft = await this.db.policyDraft.findUnique({
      where: { id: draftId },
      select: {
        id: true,
        status: true,
        kind: true,
        workflowId: true,
        projectId: true,
        draftingAgencyId: true,
        reviewers: { select: { agencyId: true } },
      },
    });
    if (!draft) throw new NotFoundException(`policy draft ${draftId} not found`);
    const reads =
      readsRegencyWide(auth.role) ||
      draft.draftingAgencyId === auth.agencyId ||
      draft.reviewers.some((r) => r.agencyId === auth.agencyId);
    if (!reads) throw new ForbiddenException('your OPD neither drafts nor reviews this policy');
    return draft;
  }

  /** The caller, or a post it stands in for (Plt./Plh.), allowed the action; else the caller's refusal. */
  private async actorFor(
    auth: AuthContext,
    facts: { status: PolicyStatus; draftingAgencyId: string },
    action: PolicyAction,
  ): Promise<Actor> {
    const actors = await this.access.actorsOf(auth);
    const allowed = actors.find((a) => policyActionRefusal(facts, a, action) === null);
    if (allowed) return allowed;
    const refusals = actors.map((a) => policyActionRefusal(facts, a, action)!);
    // A refusal of state (conflict) by someone who holds the right post says more than "not your post".
    throw toHttp(refusals.find((r) => r.kind === 'conflict') ?? refusals[0]!);
  }

  async read(auth: AuthContext, draftId: string) {
    await this.requireRead(auth, draftId);
    const draft = await this.db.policyDraft.findUniqueOrThrow({
      where: { id: draftId },
      select: {
        ...summary,
        description: true,
        workflowId: true,
        createdBy: user,
        reviewers: { select: { agency: agency }, orderBy: { agency: { code: 'asc' } } },
        versions: {
          orderBy: { number: 'asc' },
          select: {
            number: true,
            note: true,
            uploadedAt: true,
            uploadedBy: user,
            attachment: { select: { id: true, fileName: true, mediaType: true, sizeBytes: true } },
          },
        },
        parafs: {
          orderBy: [{ version: 'asc' }, { startedAt: 'asc' }],
          select: {
            taskId: true,
            version: true,
            decision: true,
            comment: true,
            decidedAt: true,
            closedAt: true,
            agency: agency,
            byUser: user,
          },
        },
        signOffs: {
          orderBy: { at: 'asc' },
          select: {
            version: true,
            office: true,
            decision: true,
            note: true,
            at: true,
            actingTitle: true,
            byUser: user,
          },
        },
      },
    });
    const facts = { status: draft.status, draftingAgencyId: draft.draftingAgency.id };
    const actors = await this.access.actorsOf(auth);
    const may = (action: PolicyAction) => actors.some((a) => policyActionRefusal(facts, a, action) === null);
    return {
      ...draft,
      awaiting: signOffOfficeFor(draft.status),
      legalSection: legalSectionCode(),
      permissions: {
        uploadVersion: may('upload-version'),
        signOff: may('sign'),
        withdraw: may('withdraw'),
      },
    };
  }

  /** Who did what to which version, oldest first: created, versions, each paraf or return, sign-offs. */
  async timeline(auth: AuthContext, draftId: string): Promise<{ entries: PolicyTimelineEntry[] }> {
    const { projectId } = await this.requireRead(auth, draftId);
    const events = await this.db.auditEvent.findMany({
      where: { projectId, action: { startsWith: 'POLICY_' } },
      orderBy: [{ occurredAt: 'asc' }, { position: 'asc' }],
      select: {
        action: true,
        occurredAt: true,
        detail: true,
        actorUser: user,
        actorAgency: agency,
      },
    });
    const kinds: Record<string, PolicyTimelineEntry['kind']> = {
      POLICY_DRAFT_CREATED: 'CREATED',
      POLICY_VERSION_UPLOADED: 'VERSION_UPLOADED',
      POLICY_INITIALLED: 'INITIALLED',
      POLICY_REVIEW_RETURNED: 'REVIEW_RETURNED',
      POLICY_SIGNED_OFF: 'SIGNED_OFF',
      POLICY_SIGN_OFF_RETURNED: 'SIGN_OFF_RETURNED',
      POLICY_SIGN_OFF_REMINDER: 'SIGN_OFF_REMINDER',
      POLICY_SIGN_OFF_ESCALATED: 'SIGN_OFF_ESCALATED',
    };
    const entries = events.flatMap((e): PolicyTimelineEntry[] => {
      const detail = (e.detail ?? {}) as Record<string, unknown>;
      let kind = kinds[e.action];
      if (!kind && e.action === 'POLICY_STATUS_CHANGED' && detail['status'] === 'WITHDRAWN')
        kind = 'WITHDRAWN';
      if (!kind) return [];
      const office = detail['office'];
      const note = detail['comment'] ?? detail['note'];
      return [
        {
          at: e.occurredAt.toISOString(),
          kind,
          version: typeof detail['version'] === 'number' ? detail['version'] : null,
          agency: e.actorAgency,
          user: e.actorUser,
          office: office === 'SEKDA' || office === 'BUPATI' ? office : null,
          note: typeof note === 'string' ? note : null,
        },
      ];
    });
    return { entries };
  }

  private sendUpdate<Ret, Arg>(
    attempt: Attempt,
    workflowId: string,
    update: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
  ): Promise<Ret> {
    return this.idempotency.update(attempt, workflowId, (updateId) =>
      this.workflows.update(workflowId, update, arg, { updateId }),
    );
  }

  async uploadVersion(auth: AuthContext, draftId: string, dto: UploadPolicyVersionDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /policy-drafts/${draftId}/versions`, body: dto },
      async (attempt) => {
        const draft = await this.requireRead(auth, draftId);
        const actor = await this.actorFor(auth, draft, 'upload-version');
        const attachment = await this.db.attachment.findUnique({
          where: { id: dto.attachmentId },
          select: {
            comment: { select: { projectId: true, authorAgencyId: true } },
            policyVersions: { select: { number: true } },
          },
        });
        if (
          !attachment?.comment ||
          attachment.comment.projectId !== draft.projectId ||
          attachment.comment.authorAgencyId !== draft.draftingAgencyId
        )
          throw bad(
            "attachmentId: not a file the drafting OPD attached to a comment on this draft's project",
          );
        if (attachment.policyVersions.length > 0)
          throw bad(`attachmentId: already the document of version ${attachment.policyVersions[0]!.number}`);
        return this.sendUpdate(attempt, draft.workflowId, uploadVersionUpdate, {
          actor,
          versionId: derivedId(attempt.id, 'policy-version'),
          attachmentId: dto.attachmentId,
          note: dto.note || null,
        });
      },
    );
  }

  async signOff(auth: AuthContext, draftId: string, dto: SignOffPolicyDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /policy-drafts/${draftId}/sign-off`, body: dto },
      async (attempt) => {
        const draft = await this.requireRead(auth, draftId);
        const actor = await this.actorFor(auth, draft, dto.decision === 'SIGNED' ? 'sign' : 'return');
        const problem = signOffNoteProblem(dto.decision, dto.note);
        if (problem) throw bad(problem);
        return this.sendUpdate(attempt, draft.workflowId, signOffUpdate, {
          actor,
          signOffId: derivedId(attempt.id, 'policy-sign-off'),
          decision: dto.decision,
          note: dto.note || null,
        });
      },
    );
  }

  async withdraw(auth: AuthContext, draftId: string, dto: WithdrawPolicyDto, key?: string) {
    return this.idempotency.run(
      { auth, key, route: `POST /policy-drafts/${draftId}/withdraw`, body: dto },
      async (attempt) => {
        const draft = await this.requireRead(auth, draftId);
        const actor = await this.actorFor(auth, draft, 'withdraw');
        return this.sendUpdate(attempt, draft.workflowId, withdrawPolicyUpdate, {
          actor,
          reason: dto.reason,
        });
      },
    );
  }
}

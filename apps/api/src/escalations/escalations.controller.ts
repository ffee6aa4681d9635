import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DATABASE } from '@gotong/database/database.module';
import type { Prisma } from '@gotong/database/generated/prisma/client';
import type { Database } from '@gotong/database/prisma';
import { answersEscalation, mayRole, readsRegencyWide } from '@gotong/domain/permissions';
import { ESCALATION_LEVELS } from '@gotong/domain/roles';
import { answerEscalationUpdate, extendDeadlineUpdate } from '@gotong/workflows/task/messages';
import { AccessService } from '../common/access.service';
import { Auth, type AuthContext } from '../common/auth-context';
import { SlaDto } from '../common/sla.dto';
import { WorkflowGateway } from '../infra/workflow-gateway';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class BoardQuery {
  @ApiPropertyOptional({
    enum: ['OPEN', 'ANSWERED', 'SUPERSEDED', 'RESOLVED'],
    description: 'Default: OPEN and ANSWERED',
  })
  @IsOptional()
  @IsIn(['OPEN', 'ANSWERED', 'SUPERSEDED', 'RESOLVED'])
  status?: 'OPEN' | 'ANSWERED' | 'SUPERSEDED' | 'RESOLVED';

  @ApiPropertyOptional({ minimum: 1, maximum: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3)
  level?: number;
}

export class AnswerDto {
  @ApiProperty({ example: 'Segera kirim data 5 desa yang belum masuk paling lambat Jumat.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  instruction!: string;
}

export class ExtendDto {
  @ApiProperty({ type: SlaDto, example: { amount: 2, unit: 'workingDays' } })
  @ValidateNested()
  @Type(() => SlaDto)
  extension!: SlaDto;

  @ApiProperty({ example: 'Data posyandu baru lengkap minggu depan' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;
}

@Injectable()
export class EscalationsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly access: AccessService,
    private readonly workflows: WorkflowGateway,
  ) {}

  /**
   * Open escalations by level and age. Leadership sees all; a Kepala OPD its own OPD; a lead its projects; a
   * Plt./Plh. also those of the post they stand in for.
   */
  async board(auth: AuthContext, query: BoardQuery) {
    const actors = (await this.access.actorsOf(auth)).filter((a) => mayRole(a.role, 'escalation.board'));
    if (actors.length === 0) this.access.requireRole(auth, 'escalation.board');
    const scopes = actors.map((actor): Prisma.EscalationWhereInput =>
      actor.role === 'LEAD'
        ? { project: { OR: [{ leadUserId: actor.userId }, { leadAgencyId: actor.agencyId }] } }
        : readsRegencyWide(actor.role)
          ? {}
          : { agencyId: actor.agencyId },
    );
    const scope: Prisma.EscalationWhereInput = scopes.length === 1 ? scopes[0]! : { OR: scopes };
    const rows = await this.db.escalation.findMany({
      where: {
        ...scope,
        status: query.status ?? { in: ['OPEN', 'ANSWERED'] },
        ...(query.level ? { level: query.level } : {}),
      },
      orderBy: [{ level: 'desc' }, { openedAt: 'asc' }],
      select: {
        id: true,
        level: true,
        status: true,
        repeats: true,
        openedAt: true,
        instruction: true,
        answeredAt: true,
        answeredBy: { select: { fullName: true } },
        agencyId: true,
        agency: { select: { code: true, name: true } },
        task: { select: { id: true, title: true, status: true, dueAt: true, reassignmentCount: true } },
        project: { select: { id: true, title: true, leadUserId: true, leadAgencyId: true } },
      },
    });
    const now = Date.now();
    const items = rows.map(({ agencyId, project: { leadUserId, leadAgencyId, ...project }, ...r }) => ({
      ...r,
      project,
      levelTitle: ESCALATION_LEVELS.find((l) => l.level === r.level)?.title ?? null,
      ageMinutes: Math.floor((now - r.openedAt.getTime()) / 60_000),
      // Whether the caller (or a post they stand in for) answers it: separation of duties, permissions.ts.
      mayAnswer: actors.some((actor) =>
        answersEscalation(actor, {
          level: r.level,
          agencyId,
          lead: { userId: leadUserId, agencyId: leadAgencyId },
        }),
      ),
    }));
    const byLevel = Object.fromEntries(
      ESCALATION_LEVELS.map((l) => [l.level, items.filter((i) => i.level === l.level).length]),
    );
    return { byLevel, items };
  }

  /** The task of an escalation that is still the task's current one; a superseded or resolved one is closed (409). */
  private async openEscalation(escalationId: string): Promise<{ taskId: string; workflowId: string }> {
    const escalation = await this.db.escalation.findUnique({
      where: { id: escalationId },
      select: { taskId: true, status: true, task: { select: { workflowId: true } } },
    });
    if (!escalation) throw new NotFoundException(`escalation ${escalationId} not found`);
    if (escalation.status !== 'OPEN' && escalation.status !== 'ANSWERED') {
      throw new ConflictException(
        `this escalation is ${escalation.status.toLowerCase()}; answer the task's current one`,
      );
    }
    // The task's workflow id as stored on its row (readable since patch 'readable-task-ids').
    return { taskId: escalation.taskId, workflowId: escalation.task.workflowId };
  }

  async answer(auth: AuthContext, escalationId: string, dto: AnswerDto) {
    const { taskId, workflowId } = await this.openEscalation(escalationId);
    // A Plt./Plh. answers with the post's powers (the actor carries `acting`, and the timeline says so).
    const { actor } = await this.access.requireTaskAs(auth, taskId, { action: 'answer-escalation' });
    return this.workflows.update(workflowId, answerEscalationUpdate, {
      actor,
      escalationId,
      instruction: dto.instruction,
    });
  }

  async extend(auth: AuthContext, escalationId: string, dto: ExtendDto) {
    const { taskId, workflowId } = await this.openEscalation(escalationId);
    const { actor } = await this.access.requireTaskAs(auth, taskId, { action: 'extend-deadline' });
    return this.workflows.update(workflowId, extendDeadlineUpdate, {
      actor,
      escalationId,
      extension: { amount: dto.extension.amount, unit: dto.extension.unit },
      reason: dto.reason,
    });
  }
}

@ApiTags('escalations')
@ApiBearerAuth()
@Controller('escalations')
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Get()
  @ApiOkResponse({ description: 'The escalation board: open escalations by level and age' })
  @ApiForbiddenResponse()
  @ApiOperation({ summary: 'The escalation board' })
  board(@Auth() auth: AuthContext, @Query() query: BoardQuery) {
    return this.escalations.board(auth, query);
  }

  @Post(':id/answer')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The instruction goes into the project timeline' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({
    description:
      "Never the task's own OPD (separation of duties). Level 1: the project's lead OPD (its LEAD or Kepala) or " +
      'leadership; level 2: the Sekda (or their Plt./Plh.), Bupati or Wakil Bupati; level 3: Bupati or Wakil Bupati',
  })
  @ApiConflictResponse({ description: 'The task is no longer escalated or is finished' })
  @ApiOperation({ summary: 'Answer an escalation with an instruction' })
  answer(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: AnswerDto) {
    return this.escalations.answer(auth, id, body);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new deadline, once per task, with the reason in the timeline' })
  @ApiNotFoundResponse()
  @ApiForbiddenResponse({ description: 'The same people as answer the escalation' })
  @ApiBadRequestResponse({ description: "No reason, or longer than the step's original SLA" })
  @ApiConflictResponse({ description: 'Already extended once, or not escalated' })
  @ApiOperation({ summary: "Extend an escalated task's deadline" })
  extend(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ExtendDto) {
    return this.escalations.extend(auth, id, body);
  }
}
